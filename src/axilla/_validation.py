"""Unknown-key checks with a "did you mean" suggestion, shared by every settings schema."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from axilla.errors import SettingsError


def check_known_keys(given: Iterable[str], known: Iterable[str], where: str) -> None:
    """Raise one SettingsError listing every key of ``given`` not in ``known``."""
    known = list(known)
    problems = []
    for key in given:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(f"unknown key '{key}' in {where}{hint}")
    if problems:
        raise SettingsError("; ".join(problems),
                            fix=f"valid keys are: {', '.join(sorted(known))}")
