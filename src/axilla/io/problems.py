"""A list of everything wrong with the inputs, so a user fixes them all in one pass."""
from __future__ import annotations

from dataclasses import dataclass

from axilla.errors import InputError


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where (patient, file or key), what, and the fix."""

    where: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}; {self.fix}"


def raise_if_any(problems: list[Problem], what: str) -> None:
    """Raise one InputError that lists every problem."""
    if problems:
        lines = "\n  - ".join(str(p) for p in problems)
        raise InputError(f"{len(problems)} problem(s) in {what}:\n  - {lines}")
