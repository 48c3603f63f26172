"""Text that needs escaping reaches readers as written: escaped once, never shown as an entity.

A site whose titles, names and bios hold ', &, < and " is built with the real MkDocs and Material; every page's
text and attributes, and the search index, are read as a browser would read them.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cop_site.markup import inline_markdown
from site_helpers import MINI, Built, build_mini

TITLE = "Hoadley's <b>rules</b> & \"quotes\""
"""A practice title with every character that HTML escapes."""
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")

FILES = {
    **MINI,
    "mkdocs.yml": MINI["mkdocs.yml"].replace("content.action.edit]", "content.action.edit, navigation.footer]"),
    "content/about.md": "---\ntitle: O'Brien & <Co> say \"hi\"\n---\n\nAbout us.\n",
    "members/bo-chen.yml": MINI["members/bo-chen.yml"].replace(
        "name: Bo Chen", "name: Bo \"Bob\" O'Chen & <Co>").replace(
        "role: Librarian", "role: Librarian\nbio: \"Writes &lt;img&gt; tags as text, `<b>` and `{x}` as code, "
                           "and R&D notes\""),
    "practices/facilitation/hoadley.md": f"---\ntitle: {json.dumps(TITLE)}\nsummary: It's a <i>summary</i> & \"quoted\".\n"
                                         "stewards: [ada-okafor]\nrelated: [lean-coffee]\n---\n\n"
                                         "Write &lt;img&gt; to show a tag; lt and amp are words here.\n",
    "practices/facilitation/glossary.yml": MINI["practices/facilitation/glossary.yml"]
    + "- term: lt\n  definition: Less than, written `<`.\n- term: amp\n  definition: An amplifier & more.\n",
}


class _Reader(HTMLParser):
    """What a browser shows of a page: its text and the attributes assistive technology reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shown: list[str] = []
        self.labels: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "title" and value:  # Material's tooltips (content.tooltips) show a title as HTML
                self.shown.append(html.unescape(value))
            elif name in ("aria-label", "alt", "placeholder") and value:
                self.shown.append(value)
                if name == "aria-label":
                    self.labels.append(value)

    def handle_data(self, data: str) -> None:
        self.shown.append(data)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_mini(tmp_path_factory.mktemp("titles"), FILES, strict=False)


def read(built: Built, path: Path) -> _Reader:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def test_no_page_shows_an_entity_as_text(built: Built) -> None:
    shown = {}
    for path in built.html_files():
        found = [text for text in read(built, path).shown if ENTITY.search(text)]
        if found:
            shown[path.relative_to(built.site).as_posix()] = found[:3]
    assert shown == {}


def test_the_footer_labels_read_the_titles_as_written(built: Built) -> None:
    labels = {label for path in built.html_files() for label in read(built, path).labels}
    assert {f"Next: {TITLE}", f"Previous: {TITLE}"} & labels, sorted(l for l in labels if "Hoadley" in l)
    assert not [label for label in labels if ENTITY.search(label)]


def test_search_index_titles_are_escaped_once_as_material_escapes_headings(built: Built) -> None:
    entries = built.search_index()
    shown = [(e["location"], html.unescape(e["title"])) for e in entries]  # Material shows titles as HTML
    assert [s for s in shown if ENTITY.search(s[1])] == []
    # Quotes as they are, as in the titles Material reads from headings: "Hoadley's" finds them all.
    assert [e["title"] for e in entries if re.search(r"&(?:#x27|#39|#34|quot);", e["title"])] == []
    assert {title for location, title in shown if location.startswith("practices/facilitation/hoadley/")} == {TITLE}
    assert [e["title"] for e in entries if e["location"] == "about/"] == ["O'Brien &amp; &lt;Co&gt; say \"hi\""]


def test_a_bio_shows_entities_as_characters_and_code_as_written(built: Built) -> None:
    text = built.article("people/bo-chen/").text()
    assert "Writes <img> tags as text, <b> and {x} as code, and R&D notes" in text
    codes = [node.text() for node in built.article("people/bo-chen/").find_all("code")]
    assert ["<b>", "{x}"] == [c for c in codes if c in ("<b>", "{x}")]


def test_terms_are_linked_as_words_never_inside_an_entity(built: Built) -> None:
    article = built.article("practices/facilitation/hoadley/")
    assert "Write <img> to show a tag; lt and amp are words here." in article.text()
    linked = [a.text() for a in article.find_all("a", cls="cop-term")]
    assert linked == ["lt", "amp"]


@pytest.mark.parametrize("text, markdown", [
    ("a &lt;b&gt; c", "a &lt;b&gt; c"),
    ("`<b>` <i>", "<code>&#60;b&#62;</code> &lt;i>"),
    ("``a ` b`` and `open", "<code>a &#96; b</code> and `open"),
    ("\\`not code` {#id}", "\\`not code` &#123;#id&#125;"),
    ("- a list?", "&#45; a list?"),
])
def test_inline_markdown_keeps_entities_and_makes_code_spans_elements(text: str, markdown: str) -> None:
    assert str(inline_markdown(text)) == markdown


def test_only_titles_get_their_quotes_back_in_the_search_index() -> None:
    from cop_site.titles import search_titles_once

    index = json.dumps({"config": {"fields": {"title": {"boost": 1000}}}, "docs": [
        {"location": "a/", "title": 'O&#x27;Brien says &quot;hi&quot; \\" &amp;', "text": "&quot;as written&quot;"},
        {"location": "b/", "title": "Plain", "text": "It&#x27;s text"},
        {"location": "c/", "title": "&#39;quoted&#34;", "text": ""}]}, separators=(",", ":"))
    docs = json.loads(search_titles_once(index))["docs"]
    assert [(d["title"], d["text"]) for d in docs] == [
        ('O\'Brien says "hi" \\" &amp;', "&quot;as written&quot;"), ("Plain", "It&#x27;s text"), ("'quoted\"", "")]
    assert search_titles_once(index.replace("&#x27;", "").replace("&quot;", "").replace("&#39;", "")
                              .replace("&#34;", "")) is None
