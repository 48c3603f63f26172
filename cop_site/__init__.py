"""cop-site: publish a Community of Practice repository as a searchable MkDocs site."""

from __future__ import annotations

DISTRIBUTION = "cop-site"
"""The name the package is installed under (pyproject.toml's `name`)."""


def __getattr__(name: str) -> str:
    # The version has one source, pyproject.toml, and is read from the installed package's metadata. Lazily:
    # importlib.metadata takes 30 ms to import, and the finishing worker imports this package without needing it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:  # a source tree on sys.path that was never installed
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
