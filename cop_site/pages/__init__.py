"""Community -> pages: every generated page as Markdown (or data), one module per page kind over ``base``.

A new page kind is one module here with a ``pages(site)`` generator and one template in ``templates/``.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..history import History
from ..model import Community
from . import changes, data, domains, glossary, health, people, practices, start_here, who_knows
from .base import (GLOSSARY_URI, PAGE_BUDGET, PAGE_KINDS, Options, Page, Site, build_day, domain_uri, edit_base,
                   glossary_uri, member_uri, page_url, practice_uri, relative_path, safe_url, term_uri)
from .changes import feeds_for, link_feeds
from .nav import build_nav, nav_uris, practice_nav

KINDS: dict[str, Callable[[Site], Iterable[Page]]] = {
    "people": people.pages, "expertise": who_knows.pages, "domains": domains.pages, "glossary": glossary.pages,
    "start-here": start_here.pages, "practices": practices.index_pages, "health": health.pages,
    "changes": changes.pages,
}
"""Each optional page kind (``Options.pages``, the plugin's ``pages:``) and what makes its pages."""
assert tuple(KINDS) == PAGE_KINDS


def build_pages(community: Community, options: Options = Options(), history: History | None = None
                ) -> tuple[Site, list[Page]]:
    """The site's shared views and every generated page: the kinds asked for, every practice, the data files."""
    site = Site(community, options, history or History())
    out: list[Page] = []
    for kind, make in KINDS.items():
        if kind in options.pages:
            out += make(site)
    out += practices.pages(site)
    out += data.pages(site)
    return site, out


__all__ = ["GLOSSARY_URI", "KINDS", "PAGE_BUDGET", "PAGE_KINDS", "Options", "Page", "Site", "build_day", "build_nav",
           "build_pages", "domain_uri", "edit_base", "feeds_for", "glossary_uri", "link_feeds", "member_uri", "nav_uris", "page_url",
           "practice_nav", "practice_uri", "relative_path", "safe_url", "term_uri"]
