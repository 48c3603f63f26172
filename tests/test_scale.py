"""Pages that stay small at any size: a generated community of a few hundred practices, built with the real MkDocs.

No page over its budget; every practice one click from its domain's page and at most three from the home page;
a practice page's navigation lists its own domain's practices only, and not more of them however big the domain;
every page reachable. The same community is built once without ``navigation.prune`` (the theme then renders the
whole navigation into every page) and once with it and ``navigation.sections``, which open other parts.
"""

from __future__ import annotations

import importlib.util
import re
from collections import deque
from pathlib import Path

import pytest

from cop_site.pages import PAGE_BUDGET
from cop_site.pages.nav import NAV_PRACTICES
from site_helpers import REPO_ROOT, Built, build_site, page_url, resolve

SITE_URL = "https://example.org/scale/"
PRACTICES, MEMBERS, DOMAINS, COMMITS = 240, 130, 3, 700
"""80 practices a domain, so a practice page's navigation shows only part of its domain (NAV_PRACTICES)."""


def _make_corpus():
    """benchmarks/make_corpus.py, the generator the benchmarks use."""
    spec = importlib.util.spec_from_file_location("make_corpus", REPO_ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_generated(root: Path, features: list[str]) -> Built:
    corpus = _make_corpus()
    corpus.make_corpus(root, PRACTICES, MEMBERS, DOMAINS)
    corpus.make_history(root, COMMITS)
    (root / "mkdocs.yml").write_text(
        f"site_name: Scale\nsite_url: {SITE_URL}\ndocs_dir: content\ntheme:\n  name: material\n"
        f"  features: [{', '.join(features)}]\nplugins: [search, cop-site]\n", encoding="utf-8")
    built = build_site(root / "mkdocs.yml", strict=False)
    assert built.error is None, built.error
    return built


@pytest.fixture(scope="module")
def unpruned(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_generated(tmp_path_factory.mktemp("scale") / "repo", ["navigation.indexes", "content.tooltips"])


@pytest.fixture(scope="module")
def pruned(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_generated(tmp_path_factory.mktemp("scale-pruned") / "repo",
                           ["navigation.prune", "navigation.sections", "navigation.indexes"])


def pages(built: Built) -> dict[str, Path]:
    """Every page of the site by its URL relative to the root."""
    return {page_url(built.site, f): f for f in built.html_files()}


_HREF = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"")


def links_from(built: Built, url: str, html: str | None = None) -> set[str]:
    """The pages of the site that the page at ``url`` links to (no fragments, no files that are not pages), from
    the whole page or from ``html``, a piece of it. Material and Markdown quote every href with double quotes, so
    a pattern finds them as a parser would, in a fraction of the time over a thousand pages."""
    found = set()
    for ref in _HREF.findall(built.html(url) if html is None else html):
        target = resolve(built.site, SITE_URL, url, ref.replace("&amp;", "&"))
        if target is not None and target[0].suffix == ".html" and target[0].is_file():
            found.add(page_url(built.site, target[0]))
    return found


def clicks_from_home(built: Built) -> dict[str, int]:
    """Every page a reader reaches from the home page by following links, with the fewest clicks it takes."""
    depth = {"": 0}
    queue = deque([""])
    while queue:
        url = queue.popleft()
        for target in links_from(built, url):
            if target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    return depth


def practice_urls(built: Built) -> list[str]:
    return sorted(u for u in pages(built) if re.fullmatch(r"practices/domain-\d+/practice-\d+/", u))


def primary_nav(built: Built, url: str) -> str:
    """The HTML of the page's primary navigation (Material's sidebar; the drawer on a phone)."""
    html = built.html(url)
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start:html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


@pytest.mark.parametrize("which", ["unpruned", "pruned"])
def test_no_page_is_over_its_budget(which: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    sizes = {url: f.stat().st_size for url, f in pages(built).items()}
    assert len(sizes) > PRACTICES + MEMBERS
    over = {url: size for url, size in sizes.items() if size > PAGE_BUDGET}
    assert over == {}, f"pages over {PAGE_BUDGET:,} bytes: {over}"
    # Lists too long for one page were split, and each part was kept to the budget as well.
    for split in ("people/page/2/", "practices/page/2/", r"changes/\d{4}-\d{2}/page/2/"):
        assert any(re.fullmatch(split, url) for url in sizes), f"no page {split}: its list fits on one page here"


@pytest.mark.parametrize("which", ["unpruned", "pruned"])
def test_every_practice_is_one_click_from_its_domain_and_three_from_home(which: str,
                                                                         request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    practices = practice_urls(built)
    assert len(practices) == PRACTICES
    for domain in {u.split("/")[1] for u in practices}:
        url = f"domains/{domain}/"
        article = built.html(url)
        article = article[article.index("<article"):article.index("</article>")]
        on_page = {u for u in links_from(built, url, article) if u.startswith(f"practices/{domain}/")}
        assert on_page == {u for u in practices if u.startswith(f"practices/{domain}/")}, domain
    depth = clicks_from_home(built)
    far = {u: depth.get(u) for u in practices if depth.get(u, 99) > 3}
    assert far == {}, f"practices more than three clicks from the home page: {dict(list(far.items())[:5])}"
    unreached = sorted(set(pages(built)) - set(depth) - {"404.html"})
    assert unreached == [], f"pages no link leads to: {unreached[:10]}"


@pytest.mark.parametrize("which", ["unpruned", "pruned"])
def test_a_practice_page_nav_lists_only_practices_of_its_own_domain(which: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    counts = []
    for url in practice_urls(built):
        domain = url.split("/")[1]
        in_nav = {u for u in links_from(built, url, primary_nav(built, url))
                  if re.fullmatch(r"practices/[^/]+/[^/]+/", u)}
        assert url in in_nav, f"{url} is not in its own navigation"
        assert {u.split("/")[1] for u in in_nav} == {domain}, f"{url} lists other domains' practices"
        counts.append(len(in_nav))
    # 80 practices a domain: each page shows the same number of them, not the whole domain.
    assert set(counts) == {NAV_PRACTICES}
