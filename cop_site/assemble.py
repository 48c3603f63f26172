"""From a repository to its pages: load, check, read history, generate. The one path the plugin and export share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .history import DEFAULT_BOTS, History, start_history
from .loading import Layout
from .model import Problem
from .pages import Options, Page, Site, build_pages
from .settings import Settings
from .validation import load_and_check


@dataclass
class Assembled:
    """A repository made ready to publish."""

    site: Site
    pages: list[Page]
    problems: list[Problem] = field(default_factory=list)
    history: History = field(default_factory=History)


def assemble(root: Path, layout: Layout, options: Options, *, history: bool = True,
             bots: Iterable[str] = DEFAULT_BOTS, settings: Settings | None = None) -> Assembled:
    """Load and check the community, read its history (one git process), and generate every page.

    Args:
        root: the repository's root (where mkdocs.yml is).
        layout: where members and practices live.
        options: what to build; ``options.docs_dir`` is read for history too.
        history: read git history for dates, contributors, evidence, health and changes.
        bots: git authors whose commits count for neither dates nor credit.
        settings: the options the checks read (maintainers, site files); default: read from mkdocs.yml.
    """
    log = start_history(root, dict.fromkeys((layout.members_dir, layout.practices_dir, options.docs_dir))) \
        if history else None  # git runs while the community is loaded and checked
    community, problems = load_and_check(root, layout, settings=settings)
    found = log.read(community.members, bots) if log is not None else History()
    site, pages = build_pages(community, options, found)
    pages, clashes = _one_page_per_uri(pages)
    return Assembled(site, pages, problems + clashes, found)


def _one_page_per_uri(pages: list[Page]) -> tuple[list[Page], list[Problem]]:
    """The first page generated for each uri (overview pages come first), and a problem for each one that lost.

    Loading already refuses the ids known to collide (``loading.RESERVED_IDS``); this keeps any other collision
    from silently replacing a page."""
    taken: dict[str, Page] = {}
    problems: list[Problem] = []
    for page in pages:
        first = taken.setdefault(page.uri, page)
        if first is not page and page.source:
            problems.append(Problem(page.source, 1, 1, "reserved-id",
                                    f"not published: its page would be {page.uri}, which is already the page of "
                                    f"{first.source or first.title or 'the site'}; rename the file"))
    return list(taken.values()), problems
