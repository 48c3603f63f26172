"""Search: each built page marked for Pagefind, then one Pagefind index of the whole site, on any engine's output.

Material's own search (lunr) sends every reader the whole index before the first result: 2.6 MB compressed at
4,000 practices. Pagefind (https://pagefind.app) splits its index into chunks a browser fetches by the words it
looks up, so a first search costs about the same at any size (170 KB on the example, 229 KB at 4,000 practices,
most of it Pagefind's own code: benchmarks/README.md). It indexes built HTML, so the same index comes
from MkDocs, ProperDocs and Zensical: the plugin calls ``mark_page`` on each page it writes and ``index_site``
once the site is written; ``cop-site finish`` does both on a site another engine built from the export.

What the marks say (``Marks``, from ``pages.search.search_marks``):

- **What is searched**: each page's article (``data-pagefind-body``), without the theme's header, navigation and
  footer, permalink signs or avatars' initials.
- **Who comes first**: a person's "Ask me about" topics weigh by their declared level and by evidence in the
  repository (experts before practitioners before learners, evidenced first within a level), and are the
  ``topics`` of the result, so the header can answer "People who know X" above the results. (Not Pagefind filters:
  its filter files differ from one run to the next, and a site must build byte for byte the same.) Glossary entries weigh as
  much as page titles. Overview pages, which repeat every name and topic, weigh little but their headings.
- **What each result is**: ``kind`` (person, practice, term, domain, overview, page), a person's ``level``,
  ``topics`` and whether they have ``evidenced`` expertise, and a glossary page's ``entries`` (each term and alias
  with its anchor): the header puts the people whose topic the query is first, in that order, then the entry of
  that name.

Contributors cannot set any of this: the sanitizer removes ``data-pagefind-*`` from what they write, and the marks
are added after it, from the model, on pages the model says are people's, glossaries and overviews.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SEARCH_DIR = "pagefind"
"""Where the index is published in the site (``pagefind/pagefind.js`` and its chunks)."""

SEARCH_ENGINES = ("pagefind", "theme")
"""The ``search`` setting: cop-site's people-first header search on Pagefind, or the theme's own search."""
THEME_SEARCH_PLUGINS = ("search", "material/search")
"""The theme's search plugin, under its names in mkdocs.yml: Material and Zensical show a search box in the header
only when it is listed, so without it there is no box to search from, and no index is written."""


def wants_index(setting: str, plugins: object) -> bool:
    """Whether to mark pages and write the Pagefind index: ``search: pagefind`` and the theme's search plugin listed
    in ``plugins`` (mkdocs.yml's list or mapping, or MkDocs' loaded plugins)."""
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins] if isinstance(plugins, list) else plugins
    return setting == "pagefind" and any(name in names for name in THEME_SEARCH_PLUGINS)  # type: ignore[operator]

EXCLUDED = (".headerlink", ".cop-avatar", ".cop-breadcrumb")
"""What is never indexed inside an article: permalink signs (¶), avatars' initials, breadcrumbs."""

LEVEL_WEIGHTS = {"expert": 10.0, "practitioner": 9.0, "learning": 8.0, "": 8.0}
"""Weight of a person's "Ask me about" topics by their highest declared level (Pagefind: text 1, h1 7, up to 10)."""
EVIDENCE_WEIGHT = 0.5
"""Added for a person with evidence in the repository, so they come before others of the same level."""
LEARNING_WEIGHT = 3.0
"""Weight of what a person is learning: they come after those who know it."""
TERM_WEIGHT = 10.0
"""A glossary entry's heading: above a page's title (7), so a term's entry comes before the pages using it."""
OVERVIEW_WEIGHT = 0.2
"""The text of overview pages (lists of everyone and everything); their headings keep their weight."""


@dataclass(frozen=True)
class Marks:
    """What search should know of one page."""

    kind: str = "page"
    """person, practice, term (a glossary page), domain, overview or page (hand-written)."""
    level: str = ""
    """A person's highest declared level (expert, practitioner, learning), or ''."""
    topics: float = 0.0
    """Weight of a person's "Ask me about" list (0: not a person)."""
    evidenced: bool = False
    """A person with evidence of expertise in the repository (``expertise.Evidence``)."""
    names: tuple[str, ...] = ()
    """A person's topics, as they wrote them."""
    entries: tuple[tuple[str, str], ...] = ()
    """A glossary page's entries: (a term or one of its aliases, the entry's anchor)."""

    def to_list(self) -> list:
        return [self.kind, self.level, self.topics, self.evidenced, list(self.names), [list(e) for e in self.entries]]

    @classmethod
    def from_list(cls, data: list) -> "Marks":
        kind, level, topics, evidenced, names, entries = data
        return cls(str(kind), str(level), float(topics), bool(evidenced), tuple(str(name) for name in names),
                   tuple((str(name), str(anchor)) for name, anchor in entries))


_ARTICLE = re.compile(r'<article\b[^>]*\bclass="[^"]*\bmd-content__inner\b[^"]*"[^>]*>')
_TERM_HEADING = re.compile(r"<h2 id=")
_ALIASES = re.compile(r"(</h2>\s*)<p>Also: ")
"""An entry's other names (``glossary-domain.md.j2``), right under its heading: they weigh as much as it does."""


def mark_page(page: str, marks: Marks) -> str:
    """A built page with its article marked for the index (see the module's docstring); a page with no article
    (Material's and Zensical's article is ``.md-content__inner``) is left out of search and returned as it is."""
    article = _ARTICLE.search(page)
    if article is None:
        return page
    attributes = " data-pagefind-body"
    if marks.kind == "overview":
        attributes += f' data-pagefind-weight="{OVERVIEW_WEIGHT}"'
    meta = f'<span hidden data-pagefind-meta="kind:{html.escape(marks.kind)}"></span>'
    if marks.level:
        meta += f'<span hidden data-pagefind-meta="level:{html.escape(marks.level)}"></span>'
    if marks.evidenced:
        meta += '<span hidden data-pagefind-meta="evidenced:yes"></span>'
    if marks.names:  # Pagefind takes what follows the first colon as the value, commas and all
        meta += f'<span hidden data-pagefind-meta="{html.escape("topics:" + json.dumps(list(marks.names)))}"></span>'
    if marks.entries:
        entries = json.dumps([list(entry) for entry in marks.entries])
        meta += f'<span hidden data-pagefind-meta="{html.escape("entries:" + entries)}"></span>'
    head, body = page[: article.end() - 1] + attributes + ">" + meta, page[article.end():]
    if marks.topics:
        body = _weigh_list(body, "ask-me-about", marks.topics)
        body = _weigh_list(body, "learning", LEARNING_WEIGHT)
    elif marks.kind == "term":
        body = _TERM_HEADING.sub(f'<h2 data-pagefind-weight="{TERM_WEIGHT}" id=', body)
        body = _ALIASES.sub(rf'\1<p data-pagefind-weight="{TERM_WEIGHT}">Also: ', body)
    return head + body


def _weigh_list(body: str, heading: str, weight: float) -> str:
    """The first list after ``<h2 id="HEADING">`` (before the next heading), weighted."""
    start = body.find(f'<h2 id="{heading}"')
    if start < 0:
        return body
    opening = body.find("<ul>", start)
    closing = body.find("</ul>", opening)
    if opening < 0 or closing < 0 or body.find("<h2", start + 1, opening) >= 0:
        return body
    return f'{body[:opening]}<ul data-pagefind-weight="{weight}">{body[opening + 4:]}'


@dataclass
class Indexed:
    """What ``index_site`` did."""

    pages: int = 0
    seconds: float = 0.0
    error: str = ""
    """Why there is no index ('' when there is one)."""


def index_site(site: Path) -> Indexed:
    """Index the built site at ``site`` with Pagefind into ``site/pagefind/`` (replacing an older index)."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", SEARCH_DIR]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    try:
        run = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as error:  # pragma: no cover - no Python to run
        return Indexed(error=str(error))
    done = Indexed(seconds=time.perf_counter() - started)
    found = re.search(r"Indexed (\d+) pages?", run.stdout)
    done.pages = int(found.group(1)) if found else 0
    if run.returncode != 0 or not (site / SEARCH_DIR / "pagefind.js").is_file():
        why = (run.stderr.strip() or run.stdout.strip()).splitlines()[-3:]
        done.error = f"Pagefind could not index the site (exit {run.returncode}): {' '.join(why) or 'no output'}; " \
                     "is it installed? pip install 'pagefind[bin]'"
    return done


__all__ = ["EXCLUDED", "SEARCH_DIR", "SEARCH_ENGINES", "Indexed", "Marks", "index_site", "mark_page", "wants_index"]
