"""`axilla serve` on a port it cannot listen on: one line naming the address and the fix,
exit 1, and no "calculator on http://..." line announcing a server that never started."""
from __future__ import annotations

import socket

import pytest

from axilla.cli import main


@pytest.fixture
def busy_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def _serve(port, capsys, tmp_path):
    with pytest.raises(SystemExit) as info:
        main(["serve", "--bundle", str(tmp_path / "bundle"), "--port", str(port),
              "--workdir", str(tmp_path / "work")])
    return info.value.code, capsys.readouterr()


def test_a_port_in_use_is_refused_before_the_announcement(busy_port, capsys, tmp_path):
    code, said = _serve(busy_port, capsys, tmp_path)
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{busy_port}" in said.err and "--port" in said.err
    assert "calculator on" not in said.out


def test_a_port_above_65535_is_refused(capsys, tmp_path):
    code, said = _serve(99999, capsys, tmp_path)
    assert code == 1
    assert "127.0.0.1:99999" in said.err and "1 to 65535" in said.err
    assert "calculator on" not in said.out and "Traceback" not in said.err
