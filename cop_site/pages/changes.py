"""What changed lately (/changes/) and its Atom feed (/feed.xml), from the history pass."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Iterator

from ..history import Author
from ..model import Practice
from .base import Page, Site, domain_uri, member_uri, practice_uri


def recent_changes(site: Site) -> list[tuple[date, list[tuple[str, object, str, str]]]]:
    """Recent changes grouped by week (the Monday): (title, change, page uri, kind) newest first."""
    c = site.community
    by_source: dict[str, tuple[str, str, str]] = {}
    for practice in c.practices.values():
        by_source[practice.source] = (practice.title, practice_uri(practice), "practice")
    for member in c.members.values():
        by_source[member.source] = (member.name, member_uri(member.id), "profile")
    for domain in c.domains.values():
        if domain.positions:
            by_source[domain.source] = (domain.title, domain_uri(domain.id), "domain")
    weeks: dict[date, list] = {}
    for path, change in site.history.changes()[: site.options.changes_limit]:
        if path in by_source:
            title, uri, kind = by_source[path]
            day = change.date.date()
            weeks.setdefault(day - timedelta(days=day.weekday()), []).append((title, change, uri, kind))
    return sorted(weeks.items(), reverse=True)


def feed_entries(site: Site, limit: int = 50) -> list[tuple[Practice, datetime, datetime, Author]]:
    """(practice, created, updated, last author) of the most recently changed practices."""
    out = []
    for practice in site.community.practices.values():
        file_history = site.history.get(practice.source)
        if file_history is not None and file_history.changes:
            out.append((practice, file_history.created, file_history.updated, file_history.changes[0].author))
    return sorted(out, key=lambda e: (e[2], e[0].key), reverse=True)[:limit]


def pages(site: Site) -> Iterator[Page]:
    yield Page("changes/index.md", site.render("changes.md.j2", "changes/index.md", weeks=recent_changes(site)),
               title="Changes")
    entries = feed_entries(site)
    updated = entries[0][2] if entries else datetime.combine(site.today, datetime.min.time(), tzinfo=timezone.utc)
    yield Page("feed.xml", site.render_xml("feed.xml.j2", "feed.xml", entries=entries, updated=updated))
