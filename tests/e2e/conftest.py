"""Browser fixtures: the example site built once with --strict, served on 127.0.0.1, read in Debian's Chromium.

The site is this repository's own community, built from its working tree and its real git history by each engine
(the plugin's MkDocs or ProperDocs, and Zensical when it is installed: every test runs once on each), and served
under the path of its ``site_url`` (``/practice-of-practice/``), as it would be deployed. Chromium is driven by
Playwright for Python and never downloaded: without ``/usr/bin/chromium`` or the ``playwright`` package these tests
skip and say how to enable them. To look at the same site by hand:
``NO_MKDOCS_2_WARNING=1 mkdocs build --strict -d /tmp/site/practice-of-practice && python -m http.server -d /tmp/site``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from e2e_helpers import (AXE_JS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, REPO_ROOT, SCREENSHOTS, SITE_PATH, Reader,
                         missing_requirements)
from site_helpers import ENGINE

ENGINES = [ENGINE, pytest.param("zensical", marks=pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None, reason="Zensical is not installed: pip install -e '.[zensical]'"))]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext


@pytest.fixture(scope="session", autouse=True)
def _needs_a_browser() -> None:
    """Skip, saying how to enable them, on a machine without Chromium or Playwright."""
    reason = missing_requirements()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def axe_installed() -> None:
    """Tests that run axe-core skip, saying how to install it, where tests/e2e/node_modules lacks it."""
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed at {AXE_JS}; install it with: npm ci --prefix tests/e2e")


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine that built the site under test: every browser test runs on the plugin's build (MkDocs or
    ProperDocs) and on Zensical's (``cop-site build --engine zensical``: export, build, finish) when installed."""
    return request.param


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """The example community, built once with ``cop-site build --engine ENGINE --strict`` from the repository and
    its git history."""
    site = tmp_path_factory.mktemp(f"e2e-{engine}") / "site"
    command = [sys.executable, "-m", "cop_site.cli", "build", "--engine", engine, "--strict", "-d", str(site),
               str(REPO_ROOT)]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        pytest.fail(f"the example site does not build with --strict (exit {done.returncode}); reproduce with "
                    f"`NO_MKDOCS_2_WARNING=1 cop-site build --engine {engine} --strict -d /tmp/site`:\n"
                    f"{done.stdout}\n{done.stderr}", pytrace=False)
    return site


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serve the built site under SITE_PATH only; any other path is a 404, as on the real host."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SITE_PATH):
            return str(Path(self.directory) / ".not-under-the-site-path")
        return super().translate_path("/" + path[len(SITE_PATH):])

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's parameter name
        """Quiet: a failed request is reported by the browser tab that made it."""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection (it moved on to the next page) is not an error; anything else is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """``http://127.0.0.1:<free port>/practice-of-practice/``: the built site, served from a thread."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name="e2e-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with no network of its own (no updates, no sync, no background requests)."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)  # a busy two-core CI machine can take seconds to render a page

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_reader(browser: Browser, base_url: str, engine: str) -> Iterator[Callable[..., Reader]]:
    """``open_reader(viewport=PHONE, color_scheme="dark", ...)``: a fresh tab in a fresh browser profile."""
    contexts: list[BrowserContext] = []

    def open_(viewport: dict[str, int] = DESKTOP, **options: Any) -> Reader:
        context = browser.new_context(viewport=viewport, locale="en-GB", **options)  # type: ignore[arg-type]
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Reader(context, base_url, SCREENSHOTS if engine == ENGINE else SCREENSHOTS / engine)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def reader(open_reader: Callable[..., Reader]) -> Reader:
    """A desktop-sized tab on the site, in the light colour scheme."""
    return open_reader()
