"""One torch thread while these tests run: on a shared 2-core machine torch's thread pool
spins against other processes and a 2 s fine-tuning takes a minute."""
from __future__ import annotations

import importlib.util

import pytest


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread():
    if importlib.util.find_spec("torch") is None:
        yield
        return
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
