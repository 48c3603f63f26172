"""Search marks and the Pagefind index: what each page tells search, that contributors cannot set it, and that the
index is built from the finished site, the same on every build."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cop_site.sanitize import sanitize_html
from cop_site.search import LEVEL_WEIGHTS, OVERVIEW_WEIGHT, TERM_WEIGHT, Marks, index_site, mark_page
from site_helpers import MINI, build_mini

ARTICLE = '<html><body><header>Site</header><article class="md-content__inner md-typeset">{}</article></body></html>'
PROFILE = ARTICLE.format('<h1 id="ada">Ada</h1><p>Bio.</p><h2 id="ask-me-about">Ask me about</h2>'
                         '<ul>\n<li>chat platforms</li>\n<li>search, and more</li>\n</ul>'
                         '<h2 id="learning">Learning</h2><ul><li>facilitation</li></ul>')


def test_a_person_is_marked_with_kind_level_topics_and_weighted_lists() -> None:
    page = mark_page(PROFILE, Marks("person", "expert", LEVEL_WEIGHTS["expert"], True, ("chat platforms", 'a "b", c')))
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in page
    assert '<span hidden data-pagefind-meta="kind:person"></span>' in page
    assert '<span hidden data-pagefind-meta="level:expert"></span>' in page
    assert '<span hidden data-pagefind-meta="evidenced:yes"></span>' in page
    # the topics as JSON after the first colon, escaped as an attribute value
    assert 'data-pagefind-meta="topics:[&quot;chat platforms&quot;, &quot;a \\&quot;b\\&quot;, c&quot;]"' in page
    assert '<h2 id="ask-me-about">Ask me about</h2><ul data-pagefind-weight="10.0">\n<li>chat platforms' in page
    assert '<h2 id="learning">Learning</h2><ul data-pagefind-weight="3.0"><li>facilitation' in page
    assert page.count("data-pagefind-body") == 1 and "<header>Site</header>" in page


def test_a_list_is_weighted_only_right_after_its_heading() -> None:
    page = ARTICLE.format('<h2 id="ask-me-about">Ask me about</h2><p>Nothing yet.</p><h2 id="x">X</h2><ul><li>y</li></ul>')
    assert "data-pagefind-weight" not in mark_page(page, Marks("person", "", LEVEL_WEIGHTS[""]))


def test_glossary_entries_and_their_aliases_weigh_more_and_overviews_less() -> None:
    glossary = mark_page(ARTICLE.format('<h1 id="g">Glossary</h1><h2 id="a-b">B</h2>\n<p>Also: bee, B.</p><p>x</p>'
                                        '<h2 id="a-c">C</h2><p>Also: see</p>'),
                         Marks("term", entries=(("B", "a-b"), ("bee", "a-b"), ("C", "a-c"))))
    assert glossary.count(f'<h2 data-pagefind-weight="{TERM_WEIGHT}" id=') == 2
    assert f'</h2>\n<p data-pagefind-weight="{TERM_WEIGHT}">Also: bee, B.</p><p>x</p>' in glossary
    assert glossary.count(f'<p data-pagefind-weight="{TERM_WEIGHT}">Also: ') == 2
    assert ('data-pagefind-meta="entries:[[&quot;B&quot;, &quot;a-b&quot;], [&quot;bee&quot;, &quot;a-b&quot;], '
            '[&quot;C&quot;, &quot;a-c&quot;]]"') in glossary
    overview = mark_page(ARTICLE.format("<h1>People</h1>"), Marks("overview"))
    assert f'data-pagefind-body data-pagefind-weight="{OVERVIEW_WEIGHT}">' in overview


def test_a_page_without_the_themes_article_is_left_out_of_search() -> None:
    page = "<html><body><main>Not found</main></body></html>"
    assert mark_page(page, Marks("page")) == page


def test_contributors_cannot_set_what_search_reads() -> None:
    written = ('<p data-pagefind-weight="10" data-pagefind-meta="kind:person" data-pagefind-body '
               'data-pagefind-ignore data-cop-x="1">Me first</p>')
    assert sanitize_html(written) == '<p data-cop-x="1">Me first</p>'


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_built_site_has_a_pagefind_index_of_its_articles_the_same_every_time(tmp_path: Path) -> None:
    built = build_mini(tmp_path / "repo")
    site = built.site
    assert (site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language["page_count"] for language in entry["languages"].values())
    articles = [p for p in site.rglob("index.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert pages == len(articles) > 5  # every page with an article, and nothing else (not 404.html)
    assert "data-pagefind-body" not in (site / "404.html").read_text(encoding="utf-8")
    assert any("search: " in line and "pages indexed by Pagefind" in line for line in built.logs(0))
    profile = (site / "people" / "bo-chen" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-meta="kind:person"' in profile
    # the header's search is cop-site's, and the theme's own search box is not on the page
    assert 'data-cop-search="../../pagefind/pagefind.js"' in profile and 'class="md-search"' not in profile
    before = _fingerprint(site / "pagefind")
    again = index_site(site)
    assert again.error == "" and again.pages == pages
    assert _fingerprint(site / "pagefind") == before, "Pagefind wrote a different index from the same site"


def test_search_theme_keeps_the_themes_own_search(tmp_path: Path) -> None:
    files = {**MINI, "mkdocs.yml": MINI["mkdocs.yml"].replace("  - cop-site\n", "  - cop-site:\n      search: theme\n")}
    assert files["mkdocs.yml"] != MINI["mkdocs.yml"]
    site = build_mini(tmp_path / "repo", files).site
    assert not (site / "pagefind").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-search"' in home and "data-cop-search" not in home and "data-pagefind" not in home


def test_without_the_themes_search_plugin_there_is_no_box_and_no_index(tmp_path: Path) -> None:
    files = {**MINI, "mkdocs.yml": MINI["mkdocs.yml"].replace("  - search\n", "")}
    assert files["mkdocs.yml"] != MINI["mkdocs.yml"]
    built = build_mini(tmp_path / "repo", files)
    assert not (built.site / "pagefind").exists()
    assert "data-cop-search" not in (built.site / "index.html").read_text(encoding="utf-8")
    assert any("no search index, since mkdocs.yml's plugins do not list the theme's `search`" in line
               for line in built.logs(0))
