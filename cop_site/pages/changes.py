"""What changed: the latest changes (/changes/), every month on a page of its own (/changes/<yyyy-mm>/, in parts
of ``CHANGES_PER_PAGE`` when a month holds more), and the Atom feed of recently changed practices (/feed.xml)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Iterator, NamedTuple

from ..history import Author, Change
from ..model import Practice
from .base import Page, Site, domain_uri, member_uri, practice_uri, split_list

CHANGES_PER_PAGE = 200
"""Changes on one page of a month; a busier month continues at /changes/<yyyy-mm>/page/2/."""


class Entry(NamedTuple):
    """One change to a page's source, as the changes pages list it."""

    title: str
    change: Change
    uri: str
    kind: str


def change_entries(site: Site) -> list[Entry]:
    """Every change to a practice, profile or domain, newest first."""
    c = site.community
    by_source: dict[str, tuple[str, str, str]] = {}
    for practice in c.practices.values():
        by_source[practice.source] = (practice.title, practice_uri(practice), "practice")
    for member in c.members.values():
        by_source[member.source] = (member.name, member_uri(member.id), "profile")
    for domain in c.domains.values():
        if domain.positions:
            by_source[domain.source] = (domain.title, domain_uri(domain.id), "domain")
    return [Entry(*by_source[path][:1], change, *by_source[path][1:])
            for path, change in site.history.changes() if path in by_source]


def by_week(entries: list[Entry]) -> list[tuple[date, list[Entry]]]:
    """Entries grouped by week (its Monday), newest first; each group keeps the entries' order."""
    weeks: dict[date, list[Entry]] = {}
    for entry in entries:
        day = entry.change.date.date()
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(entry)
    return sorted(weeks.items(), reverse=True)


def by_month(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """('2026-05', entries) for every month with changes, newest first."""
    months: dict[str, list[Entry]] = {}
    for entry in entries:
        months.setdefault(entry.change.date.strftime("%Y-%m"), []).append(entry)
    return sorted(months.items(), reverse=True)


def month_uri(month: str) -> str:
    return f"changes/{month}/index.md"


def feed_entries(site: Site, limit: int = 50) -> list[tuple[Practice, datetime, datetime, Author]]:
    """(practice, created, updated, last author) of the most recently changed practices."""
    out = []
    for practice in site.community.practices.values():
        file_history = site.history.get(practice.source)
        if file_history is not None and file_history.changes:
            out.append((practice, file_history.created, file_history.updated, file_history.changes[0].author))
    return sorted(out, key=lambda e: (e[2], e[0].key), reverse=True)[:limit]


def pages(site: Site) -> Iterator[Page]:
    """The latest changes with the archive of months, each month, and the feed."""
    entries = change_entries(site)
    months = by_month(entries)
    yield Page("changes/index.md", site.render(
        "changes.md.j2", "changes/index.md", weeks=by_week(entries[:site.options.changes_limit]),
        months=[(month, len(found), month_uri(month)) for month, found in months], more=len(entries)),
        title="Changes")
    for month, found in months:
        for part in split_list(month_uri(month), found, CHANGES_PER_PAGE):
            yield Page(part.uri, site.render("changes-month.md.j2", part.uri, month=month, part=part,
                                             weeks=by_week(list(part.items))),
                       title=f"Changes in {month}" + (f", page {part.number}" if part.number > 1 else ""))
    feed = feed_entries(site)
    updated = feed[0][2] if feed else datetime.combine(site.today, datetime.min.time(), tzinfo=timezone.utc)
    yield Page("feed.xml", site.render_xml("feed.xml.j2", "feed.xml", entries=feed, updated=updated))
