"""`cop-site finish SITE`: finish a site that an engine built from `cop-site export` (terms, sanitizing, titles).

The plugin finishes each page in its hooks while MkDocs or ProperDocs builds it. An engine that runs no plugin
(Zensical) builds the export instead, and this finishes its output afterwards, with the same ``Finisher``. Two
things make that safe and exact:

- **Marked regions.** The export's theme override wraps each page's body (``partials/content.html``) and each
  table-of-contents entry (``partials/toc-item.html``: Zensical copies a heading's HTML there) in comments that
  carry a nonce made for that export: ``<!--cop-site:content:NONCE-->...<!--/cop-site:content:NONCE-->``. Only
  what is inside is finished; the theme's own markup (its scripts, forms, ``data-md-*`` hooks) stays as the engine
  wrote it. Content cannot end a region early or open one: it never sees the nonce.
- **A plan.** The export writes ``cop-site-finish.json`` into docs_dir, which every engine copies into the site:
  the nonce, the glossary, the practice pages and their domains (where terms are linked), and the pages whose
  ``<title>`` the engine prints from the page's heading, decoding its entities (``striptags``).

A site is finished once: the theme's search index first, then every page, then the Pagefind index of the finished
pages (``search.py``), and the plan is removed last. A page is finished in one write and loses its markers, so a
run that stops half way can be run again; a finished site has no plan, and ``finish`` refuses it.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import posixpath
import re
import secrets
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..finishing import Finisher
from ..model import Problem, Term
from ..pages.changes import link_feeds
from ..sanitize import sanitize_html
from ..search import Marks, index_site, mark_page

PLAN = "cop-site-finish.json"
"""The plan's file name, in docs_dir and then at the root of the built site."""
_VERSION = 3
SEARCH_INDEXES = {"search/search_index.json": "docs", "search.json": "items"}
"""Search index files (Material's, Zensical's) -> the key of their list of entries."""
_CHUNK = 64
"""Pages a worker process finishes per task: enough to make a task's round trip cheap, few enough to share out."""


class FinishError(Exception):
    """The site cannot be finished (no plan, or a plan this version does not read); the message says why."""


@dataclass(frozen=True)
class PagePlan:
    """What finishing does to one built page."""

    url: str
    """The page's URL relative to the site root: ``people/ada/``, or ``people/ada.html`` without directory URLs."""
    domains: tuple[str, ...] | None = None
    """A practice's domains (their terms win where a word is a term in several): terms are linked on practice
    pages only. None: not a practice."""
    raw_title: bool = False
    """The engine printed the ``<title>`` from the page's heading through ``striptags``, which decodes entities;
    its text is escaped again. False when front matter gave the title (escaped by the export)."""
    feeds: tuple[tuple[str, str], ...] = ()
    """(title, site path) of the feeds the page names in its head (``pages.feeds_for``)."""
    search: Marks | None = None
    """What the search index should know of the page (``search.mark_page``); None: the site has no Pagefind search."""


@dataclass(frozen=True)
class Plan:
    """What ``cop-site export`` tells ``cop-site finish``."""

    nonce: str
    sanitize: bool = True
    site_name: str = ""
    glossary: str | None = None
    """The glossary page's URL relative to the site root, or None when terms are not linked."""
    terms: tuple[Term, ...] = ()
    pages: dict[str, PagePlan] = field(default_factory=dict)
    """Every page the export wrote or copied, by the path of its HTML file in the site."""
    search: bool = False
    """Index the finished site with Pagefind (the ``search: pagefind`` setting)."""

    def to_json(self) -> str:
        return json.dumps({
            "version": _VERSION, "nonce": self.nonce, "sanitize": self.sanitize, "site_name": self.site_name,
            "glossary": self.glossary, "search": self.search,
            "terms": [[t.term, t.domain, t.definition, list(t.aliases)] for t in self.terms],
            "pages": {path: [page.url, list(page.domains) if page.domains is not None else None, page.raw_title,
                             [list(feed) for feed in page.feeds], page.search.to_list() if page.search else None]
                      for path, page in sorted(self.pages.items())},
        }, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Plan":
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            raise ValueError(f"version {data.get('version') if isinstance(data, dict) else '?'}, not {_VERSION}")
        return cls(nonce=str(data["nonce"]), sanitize=bool(data["sanitize"]), site_name=str(data["site_name"]),
                   glossary=data["glossary"], search=bool(data["search"]),
                   terms=tuple(Term(source="", term=t, domain=d, definition=definition, aliases=tuple(aliases))
                               for t, d, definition, aliases in data["terms"]),
                   pages={path: PagePlan(url, tuple(domains) if domains is not None else None, bool(raw),
                                         tuple((str(title), str(target)) for title, target in feeds),
                                         Marks.from_list(search) if search else None)
                          for path, (url, domains, raw, feeds, search) in data["pages"].items()})


def new_nonce() -> str:
    """A nonce for one export's markers: 128 random bits, as hex (never in any source, so never forged)."""
    return secrets.token_hex(16)


def html_path(uri: str, directory_urls: bool = True) -> tuple[str, str]:
    """(the HTML file, the URL) an engine makes of the Markdown page ``uri``, as MkDocs does.

    ``people/ada.md`` -> ``people/ada/index.html``, ``people/ada/`` (``people/ada.html`` twice without directory
    URLs); ``index.md`` and ``README.md`` are their folder's index.
    """
    folder, _, name = uri.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    prefix = f"{folder}/" if folder else ""
    if stem.lower() in ("index", "readme"):
        return f"{prefix}index.html", prefix if directory_urls else f"{prefix}index.html"
    if directory_urls:
        return f"{prefix}{stem}/index.html", f"{prefix}{stem}/"
    return f"{prefix}{stem}.html", f"{prefix}{stem}.html"


def relative_url(target: str, here: str) -> str:
    """The URL of ``target`` (relative to the site root) from the page at ``here``, as MkDocs writes links."""
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    path = posixpath.relpath(target.rstrip("/") or ".", base.rstrip("/") or ".")
    return path + "/" if target.endswith("/") and path != "." else ("./" if path == "." else path)


@dataclass
class Finished:
    """What ``finish_site`` did."""

    pages: int = 0
    """Pages that had marked regions, now finished."""
    linked: int = 0
    """Practice pages with at least one glossary link."""
    indexes: list[str] = field(default_factory=list)
    searched: int = 0
    """Pages in the Pagefind index written after finishing (0: none written)."""
    problems: list[Problem] = field(default_factory=list)
    parallel: bool = False
    seconds: float = 0.0


def finish_site(site: Path, *, parallel: bool = False) -> Finished:
    """Finish a built export in place: search index, then pages, then remove the plan.

    Args:
        site: the folder the engine built.
        parallel: finish pages in a pool of processes, one a core. Off by default: measured on a 2-core machine,
            finishing 2,549 pages (198 MB of HTML) takes 5-8 CPU seconds and is bound by writing the files
            (10-24 s wall), and the pool made it slower in every run (12-33 s); see benchmarks/README.md.

    Raises:
        FinishError: the site has no readable plan (not built from an export, or finished already).
    """
    started = time.perf_counter()
    site = Path(site)
    plan = read_plan(site)
    finished = Finished()
    finished.indexes = [name for name in SEARCH_INDEXES if (site / name).is_file() and plan.sanitize]
    work = [(path.relative_to(site).as_posix(), str(path)) for path in sorted(site.rglob("*.html"))]
    finished.parallel = parallel and len(work) > 1
    if finished.parallel:
        chunks = [work[i:i + _CHUNK] for i in range(0, len(work), _CHUNK)]
        # spawn, not fork: the caller may have threads (a fork would copy their locks), and it is the same on
        # every platform; each worker builds its Finisher once, from the plan. The search index (a second of
        # work at 2,000 practices) is one more task among the pages'.
        with ProcessPoolExecutor(min(os.cpu_count() or 1, len(chunks) + 1),
                                 mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_start_worker, initargs=(plan,)) as pool:
            indexes = [pool.submit(finish_search_index, site / name, SEARCH_INDEXES[name]) for name in finished.indexes]
            results = list(pool.map(_finish_files, chunks))
            for index in indexes:
                index.result()
    else:
        for name in finished.indexes:
            finish_search_index(site / name, SEARCH_INDEXES[name])
        _start_worker(plan)
        results = [_finish_files(work)]
    marked: set[str] = set()
    for done, linked, problems in results:
        marked.update(done)
        finished.linked += linked
        finished.problems += problems
    finished.pages = len(marked)
    for path in sorted(set(plan.pages) - marked):
        if (site / path).is_file():
            finished.problems.append(Problem(path, 1, 1, "unmarked-page",
                                             "the page has no marked content, so it was not sanitized: the theme did "
                                             "not print page.content through the export's partials/content.html"))
        else:
            finished.problems.append(Problem(path, 1, 1, "missing-page", "the export wrote this page, but the "
                                             "engine did not build it"))
    if plan.search:
        indexed = index_site(site)
        finished.searched = indexed.pages
        if indexed.error:
            finished.problems.append(Problem(PLAN, 1, 1, "no-search-index", indexed.error))
    (site / PLAN).unlink()
    finished.seconds = time.perf_counter() - started
    return finished


def read_plan(site: Path) -> Plan:
    """The plan the export left in ``site``; FinishError saying why when there is none."""
    path = Path(site) / PLAN
    if not path.is_file():
        raise FinishError(f"{path} does not exist: this site is finished already, or was not built from "
                          "`cop-site export` (a site built with the cop-site plugin is finished as it is built)")
    try:
        return Plan.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as error:
        raise FinishError(f"{path} cannot be read ({error}); export and finish with the same cop-site") from None


def finish_search_index(path: Path, key: str) -> None:
    """Sanitize the titles and texts of a search index: search results show them as HTML."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    for entry in data.get(key) or ():
        for name in ("title", "text"):
            if isinstance(entry.get(name), str):
                entry[name] = sanitize_html(entry[name])
        for name in ("path", "tags"):  # Zensical's breadcrumb of navigation titles, and tags
            if isinstance(entry.get(name), list):
                entry[name] = [sanitize_html(item) if isinstance(item, str) else item for item in entry[name]]
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")  # as Material writes it


# --- Pages: in this process, or in each worker of a pool --------------------------------------------------------

_worker: tuple[Plan, Finisher, re.Pattern] | None = None


def _start_worker(plan: Plan) -> None:
    global _worker
    nonce = re.escape(plan.nonce)
    regions = re.compile(rf"<!--cop-site:(content|toc):{nonce}-->(.*?)<!--/cop-site:\1:{nonce}-->", re.S)
    _worker = (plan, Finisher(plan.terms if plan.glossary else (), sanitize=plan.sanitize), regions)


def _finish_files(work: list[tuple[str, str]]) -> tuple[list[str], int, list[Problem]]:
    """Finish the pages ``(site path, file)`` that have marked regions: (those whose body was marked and is
    finished, how many got glossary links, problems)."""
    assert _worker is not None
    plan, finisher, regions = _worker
    done, linked, problems = [], 0, []
    for path, file in work:
        text = Path(file).read_text(encoding="utf-8")
        if plan.nonce not in text:
            continue
        page = plan.pages.get(path) or PagePlan(path)
        new, problem = finish_page(text, page, plan, finisher, regions)
        if problem:
            problems.append(Problem(path, 1, 1, "unclosed-region", problem))
            continue
        linked += 'class="cop-term"' in new and page.domains is not None
        temporary = Path(file + ".cop-site-tmp")
        temporary.write_text(new, encoding="utf-8")
        os.replace(temporary, file)
        if f"<!--cop-site:content:{plan.nonce}-->" in text:
            done.append(path)
    return done, linked, problems


def finish_page(text: str, page: PagePlan, plan: Plan, finisher: Finisher, regions: re.Pattern) -> tuple[str, str]:
    """One built page, finished: (its HTML, '') or (the page as it was, why it cannot be finished)."""
    glossary = relative_url(plan.glossary, page.url) if plan.glossary and page.domains is not None else None

    def finish_region(match: re.Match) -> str:
        if match.group(1) == "toc":  # a heading's HTML, copied into the table of contents
            return finisher.finish(match.group(2))
        return finisher.finish(match.group(2), glossary, page.domains or ())

    new, count = regions.subn(finish_region, text)
    if f"cop-site:content:{plan.nonce}" in new or f"cop-site:toc:{plan.nonce}" in new:
        return text, "a marked region has no end: the theme cut a page's body or a heading short, so the page " \
                     "was left unfinished (do not publish it)"
    if page.raw_title:
        new = _escape_title(new, plan.site_name)
    if page.search is not None:
        new = mark_page(new, page.search)
    return link_feeds(new, list(page.feeds), page.url), ""


_TITLE_LINE = re.compile(r"^([ \t]*<title>)(.*)(</title>[ \t]*)$", re.M)


def _escape_title(page: str, site_name: str) -> str:
    """Escape the page's part of the ``<title>`` line the theme printed (``TITLE - SITE``): ``striptags`` decoded
    its entities, so ``&lt;/title&gt;`` would end the element there. Material and Zensical print it on one line
    (``striptags`` joins lines) before anything of the page's body, so the first such line is the theme's."""
    found = _TITLE_LINE.search(page)
    if found is None:
        return page
    text = found.group(2)
    if text == site_name:  # the home page's title: the site's name, from mkdocs.yml, as its author wrote it
        return page
    suffix = f" - {site_name}" if site_name and text.endswith(f" - {site_name}") else ""
    escaped = html.escape(text[: len(text) - len(suffix)], quote=False) + suffix
    return page[: found.start(2)] + escaped + page[found.end(2):]
