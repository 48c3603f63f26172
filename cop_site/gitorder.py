"""Which of several files git saw first: to tell the copy a change added from the one that was there before."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Iterable


def first_added(root: Path, paths: Iterable[str]) -> dict[str, int]:
    """Each of ``paths`` (relative to ``root``) that a commit added -> the Unix time of the first such commit.

    One ``git log`` for all of them, run only when a caller has a tie to break (two files defining one member).
    A path that no commit added (new in the work tree) is left out; so is everything outside a git repository or
    without git.
    """
    paths = list(paths)
    if not paths:
        return {}
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", "--format=%x1e%ct", "--name-only", "--relative",
             "--diff-filter=A", "--no-renames", "--", *paths],
            cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    added: dict[str, int] = {}
    for record in result.stdout.split("\x1e")[1:]:  # newest first: the last time a path is seen is its first add
        lines = record.strip("\n").split("\n")
        if not lines[0].isdigit():
            continue
        for name in lines[1:]:
            if name:
                added[name] = int(lines[0])
    return added
