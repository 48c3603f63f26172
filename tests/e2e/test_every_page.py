"""Every page of the built site, opened in the browser: no script error, no failed request, images with alt text.

The pages are the sitemap's, checked against a walk of the built folder so that none is missed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

from e2e_helpers import SITE_PATH, Reader, missing_requirements, site_pages

pytest.importorskip("playwright.sync_api", reason=missing_requirements())


def test_every_page_loads_without_script_errors_or_failed_requests(reader: Reader, site_dir: Path) -> None:
    pages = site_pages(site_dir)
    assert len(pages) > 40, pages
    missing_alt: list[str] = []
    links: set[str] = set()
    for path in pages:
        reader.goto(path)
        missing_alt += [f"{path}: {img}" for img in reader.page.evaluate(
            "() => [...document.querySelectorAll('img:not([alt]), [role=img]:not([aria-label]):not([aria-labelledby])"
            ":not([title])')].map(e => e.outerHTML.slice(0, 120))")]
        links.update(reader.page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)"))
    reader.page.wait_for_load_state("networkidle")  # the last page's search index and worker too
    reader.assert_clean()
    assert missing_alt == [], "images without alt text:\n" + "\n".join(missing_alt)

    # Every same-site link a reader can follow leads to a file of the site (the server is a plain file server).
    broken = []
    for url in sorted({urldefrag(link).url for link in links if reader.same_site(link)}):
        path = urlsplit(url).path
        target = site_dir / unquote(path.removeprefix(SITE_PATH))
        if not path.startswith(SITE_PATH) or not (target / "index.html" if path.endswith("/") else target).is_file():
            broken.append(url)
    assert broken == [], "links to missing pages:\n" + "\n".join(broken)
