"""Shared test helpers: write mini CoP repositories into a temporary folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Callable, Iterator, Mapping

import pytest

# The site engine the tests build with: MkDocs, or ProperDocs (its continuation) when MkDocs is not installed or
# COP_SITE_ENGINE=properdocs. ProperDocs' alias makes every later ``import mkdocs.*`` (the tests', the plugin's,
# Material's) load ``properdocs.*``; it must come before any of them, so it is here, in the first module pytest
# imports. (``python -m pytest -p properdocs.replacement`` does the same from the command line.)
ENGINE = os.environ.get("COP_SITE_ENGINE") or ("mkdocs" if importlib.util.find_spec("mkdocs") else "properdocs")
if ENGINE == "properdocs":
    import properdocs.replacement  # noqa: F401


@pytest.fixture(scope="session", autouse=True)
def _no_mkdocs_2_banner() -> Iterator[None]:
    """Material prints an eight-line notice (its end of life, Zensical) whenever it loads; no build in the run does."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        yield


def write_repo(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root``, creating folders; return ``root``.

    Text is written as UTF-8 with the newlines given (no translation), bytes as they are.
    """
    root = Path(root)
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture
def make_repo() -> Callable[[Path, Mapping[str, str | bytes]], Path]:
    """``make_repo(tmp_path, {"members/ada-okafor.yml": "name: Ada\\n", ...})`` writes a mini repository."""
    return write_repo
