"""Page titles escaped exactly once wherever the theme prints them: the footer's labels and the search index.

A page title reaches the theme as HTML: MkDocs escapes the text of a page's first heading (``'`` becomes
``&#x27;``), and ``sanitize.escape_meta`` a front matter title. Material for MkDocs prints it as HTML almost
everywhere, but escapes it once more in two places, where readers then meet the entity as text:

- the footer's links to the previous and next page, ``aria-label="Next: {{ page.next_page.title | e }}"``
  (material/templates/partials/footer.html): a screen reader says "Hoadley ampersand hash x 27 s";
- the search index, whose entries without a heading of their own take ``page.meta.get("title", page.title)`` as
  it is (material/plugins/search/plugin.py, SearchIndex.create_entry_for_section), while the titles it reads
  from headings are escaped its own way (``&``, ``<``, ``>`` only): ``Hoadley&#x27;s`` is neither found by
  "Hoadley's" nor shown as it.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from markupsafe import Markup, escape


def _text(title: str) -> str:
    """The plain text a title in HTML stands for."""
    return Markup(title).striptags()


def label_titles_once(output: str, titles: Iterable[str | None]) -> str:
    """``output`` with each of ``titles`` (the previous and next page's) escaped once in the ``aria-label`` it sits
    at the end of, instead of twice."""
    for title in titles:
        if not title:
            continue
        twice = str(escape(title))
        if twice == title:  # nothing to escape: printed as it is
            continue
        once = html.escape(_text(title), quote=True)
        output = re.sub(rf'(aria-label="[^"<>]*: ){re.escape(twice)}"', lambda m: f'{m.group(1)}{once}"', output)
    return output


_ESCAPED_QUOTE = re.compile(r"&(?:#x27|#39|#34|quot);")
_QUOTES = {"&#x27;": "'", "&#39;": "'", "&#34;": '\\"', "&quot;": '\\"'}  # as written inside a JSON string
_TITLE_KEY = '"title":"'
"""How an entry's title starts in the index as Material writes it (json.dumps: a quote inside a string is always
escaped, so no text can hold this)."""
_STRING_BODY = re.compile(r'(?:[^"\\]|\\.)*')


def search_titles_once(index_json: str) -> str | None:
    """Material's search index with its titles' quotes written as Material writes a heading's (as they are), or
    None when no title has one escaped (then the index is left as it was written).

    Linear in the index: only the few escaped quotes are visited (Material's own text never holds one: it escapes
    ``&`` itself, so a page showing ``&quot;`` is indexed as ``&amp;quot;``), each checked against the title
    that starts just before it.
    """
    pieces: list[str] = []
    done = title_end = 0
    for found in _ESCAPED_QUOTE.finditer(index_json):
        if found.start() >= title_end:  # not in the title seen last: find the one that starts before it
            key = index_json.rfind(_TITLE_KEY, done, found.start())
            if key < 0:
                continue
            title_end = _STRING_BODY.match(index_json, key + len(_TITLE_KEY)).end()
        if found.end() > title_end:  # past the title: in another field
            continue
        pieces += [index_json[done:found.start()], _QUOTES[found.group()]]
        done = found.end()
    if not pieces:
        return None
    return "".join(pieces) + index_json[done:]
