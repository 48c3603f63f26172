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
_TITLE_FIELD = re.compile(r'"title":"((?:[^"\\]|\\.)*)"')
"""An entry's title in the index as Material writes it (json.dumps; a quote inside a string is always escaped, so
no text can hold this)."""


def search_titles_once(index_json: str) -> str | None:
    """Material's search index with its titles' quotes written as Material writes a heading's (as they are), or
    None when no title has one escaped (then the index is left as it was written)."""
    if not _ESCAPED_QUOTE.search(index_json):
        return None
    fixed = _TITLE_FIELD.sub(lambda m: '"title":"' + _ESCAPED_QUOTE.sub(lambda q: _QUOTES[q.group()], m.group(1)) + '"',
                             index_json)
    return fixed if fixed != index_json else None
