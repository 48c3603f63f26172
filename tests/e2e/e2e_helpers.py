"""What the browser tests share: where things are, whether they can run here, a recording tab, and axe-core.

Nothing here imports Playwright at import time, so a machine without it can still collect (and skip) these tests.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Request, Response

REPO_ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed from tests/e2e/package-lock.json by ``npm ci --prefix tests/e2e`` (.ci/run does it)."""
SCREENSHOTS = REPO_ROOT / "tests" / "screenshots"
SITE_PATH = "/practice-of-practice/"
"""The path of mkdocs.yml's site_url: the site is served there, so a link that escapes it fails a test."""
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def site_pages(site: Path) -> list[str]:
    """The site paths (``""``, ``people/``, ...) of every page: the sitemap's, which must be every index.html."""
    locs = [loc.text or "" for loc in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    root = min(locs, key=len)  # the home page is the site_url itself
    from_sitemap = {loc.removeprefix(root) for loc in locs}
    walked = {f.parent.relative_to(site).as_posix() + "/" for f in site.rglob("index.html")}
    walked = {"" if p == "./" else p for p in walked}
    assert from_sitemap == walked, (f"in the sitemap only: {sorted(from_sitemap - walked)}; "
                                    f"built but not in the sitemap: {sorted(walked - from_sitemap)}")
    return sorted(from_sitemap) + ["404.html"]


def missing_requirements() -> str | None:
    """Why the browser tests cannot run on this machine, with the commands that fix it; None when they can."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM}")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package")
    if not missing:
        return None
    return ("end-to-end browser tests need " + " and ".join(missing) +
            '; enable them with: apt-get install chromium && pip install -e ".[test]"')


class Reader:
    """One browser tab on the served site that records what went wrong: script errors and failed same-site requests.

    Requests that leave the site (Material asks the GitHub API for the repository's stars) are aborted, so the tests
    never touch the network; the browser's own "Failed to load resource" line for such a request is not counted.
    """

    def __init__(self, context: BrowserContext, base_url: str, screenshots: Path = SCREENSHOTS) -> None:
        self.context = context
        self.base_url = base_url
        self.screenshots = screenshots
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.problems: list[str] = []
        context.route(lambda url: not self.same_site(url), lambda route: route.abort())
        self.page = context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: script error: {error}"))
        self.page.on("console", self._on_console)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)

    def same_site(self, url: str) -> bool:
        # The browser asks the server's root for /favicon.ico when it shows a document that names no icon (the Atom
        # feed, in older Chromium builds under Playwright 1.40); that is not a file of the site, which lives below.
        return url.startswith(self.origin + "/") and url != self.origin + "/favicon.ico"

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and where and not self.same_site(where):
            return  # a request to another site, aborted on purpose (see the class docstring)
        self.problems.append(f"{self.page.url}: console error: {message.text} ({where})")

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED":
            # Cancelled, not failed: a navigation (typed or clicked) stops the page's late requests, such as the
            # favicon. A missing file still answers 404, which _on_response reports.
            return
        if self.same_site(request.url):
            self.problems.append(f"{self.page.url}: request failed: {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if self.same_site(response.url) and response.status >= 400:
            self.problems.append(f"{self.page.url}: HTTP {response.status} for {response.url}")

    def url(self, path: str = "") -> str:
        """The absolute URL of a site path such as ``people/`` or ``feed.xml``."""
        return self.base_url + path.lstrip("/")

    def goto(self, path: str = "", *, wait_until: str = "load") -> None:
        """Open a site path as if typed into the address bar; it must answer 200."""
        response = self.page.goto(self.url(path), wait_until=wait_until)  # type: ignore[arg-type]
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '(none)'}"

    def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        """Save ``tests/screenshots/[ENGINE/]<name>.png`` (git-ignored) for a person to look at."""
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        return path

    def tab_to(self, selector: str, *, presses: int = 80) -> None:
        """Press Tab, as a keyboard user does, until the focused element matches the CSS ``selector``."""
        for _ in range(presses):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("selector => document.activeElement.matches(selector)", selector):
                return
        raise AssertionError(f"{presses} presses of Tab never reached {selector}")

    def assert_clean(self) -> None:
        """No script error and no failed same-site request since the tab opened."""
        assert self.problems == [], "\n".join(self.problems)

    def axe(self, ignore: Sequence[tuple[str, str, str]] = ()) -> list[dict[str, Any]]:
        """axe-core's WCAG 2 A/AA violations on the open page, each ``{id, impact, help, nodes: [{target, ...}]}``.

        ``ignore`` lists ``(rule, CSS selector, why)``: a node inside an element matching the selector is dropped
        from that rule's violations only; every other rule still checks it.
        """
        self.page.add_script_tag(path=str(AXE_JS))
        options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
        ignored = [[rule, selector] for rule, selector, _why in ignore]
        return self.page.evaluate("""async ([options, ignored]) => {
            const result = await axe.run(document, options);
            const kept = (rule, node) => {
                const element = document.querySelector(node.target[0]);
                return !ignored.some(([id, selector]) => id === rule && element && element.closest(selector));
            };
            return result.violations
                .map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                            nodes: v.nodes.filter(n => kept(v.id, n))
                                          .map(n => ({target: n.target, html: n.html, impact: n.impact,
                                                      summary: n.failureSummary}))}))
                .filter(v => v.nodes.length > 0);
        }""", [options, ignored])
