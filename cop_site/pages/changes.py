"""What changed: the latest changes (/changes/), every month on a page of its own (/changes/<yyyy-mm>/, in parts
of ``CHANGES_PER_PAGE`` when a month holds more), and the Atom feeds of recently changed practices: the site's
(/feed.xml) and each domain's (/domains/<id>/feed.xml), which every page names in its ``<head>`` (``feeds_for``)."""

from __future__ import annotations

import html
import posixpath
import re
from datetime import date, datetime, timedelta, timezone
from typing import Iterator, NamedTuple

from markupsafe import Markup

from ..history import Author, Change
from ..markup import escape_inline
from ..model import Practice
from ..urls import domain_feed_uri, domain_sitemap_uri
from .base import Page, Site, domain_uri, member_uri, practice_uri, relative_path, split_list

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


def weeks_markdown(site: Site, weeks: list[tuple[date, list[Entry]]], here: str) -> Markup:
    """The changes of each week (``by_week``'s list) as Markdown for the page at ``here``: a heading per week and a
    line per change. Python, not a template: at 2,000 practices the changes pages have 12,000 lines."""
    here_dir = posixpath.dirname(here)
    out = []
    for monday, entries in weeks:
        out.append(f"## Week of {monday}\n")
        for entry in entries:
            change, author = entry.change, entry.change.author
            what = "added" if change.status == "A" else "renamed" if change.status == "R" else "updated"
            who = (f"[{escape_inline(site.member_name(author.member))}]"
                   f"({relative_path(here_dir, member_uri(author.member))})" if author.member
                   else escape_inline(author.name))
            out.append(f"- {change.date.date()}: [{escape_inline(entry.title)}]({relative_path(here_dir, entry.uri)})"
                       f" ({entry.kind}) {what} by {who}: {escape_inline(change.subject)}")
        out.append("")
    return Markup("\n".join(out))


def by_month(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """('2026-05', entries) for every month with changes, newest first."""
    months: dict[str, list[Entry]] = {}
    for entry in entries:
        months.setdefault(entry.change.date.strftime("%Y-%m"), []).append(entry)
    return sorted(months.items(), reverse=True)


def month_uri(month: str) -> str:
    return f"changes/{month}/index.md"


FEED_URI = "feed.xml"


def feeds_for(site: Site, uri: str) -> list[tuple[str, str]]:
    """(title, uri) of the feeds a generated or hand-written page at ``uri`` names for feed readers: the site's, and
    on a domain's page or one of its practices, the domain's first. Empty when the site has no changes pages."""
    if "changes" not in site.options.pages:
        return []
    feeds = [(f"{site.options.site_name}: new and updated practices", FEED_URI)]
    practice = site.practice_at(uri)
    domain = practice.domain if practice is not None else next(
        (d for d in site.community.domains if uri == domain_uri(d)), None)
    if domain is not None and domain in site.community.domains:
        feeds.insert(0, (f"{site.domain_title(domain)}: new and updated practices", domain_feed_uri(domain)))
    return feeds


_HEAD_END = re.compile(r"</head\s*>", re.I)


def link_feeds(page: str, feeds: list[tuple[str, str]], url: str) -> str:
    """A built page with a ``<link rel="alternate">`` for each of ``feeds`` ((title, site path), as ``feeds_for``
    gives them) before its ``</head>``, so browsers and feed readers find them; ``url`` is the page's URL relative
    to the site root (``domains/x/`` or ``domains/x.html``). A page without a head is left as it is."""
    end = _HEAD_END.search(page) if feeds else None
    if end is None:
        return page
    here = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
    links = "".join(f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" '
                    f'href="{html.escape(relative_path(here, target))}">\n' for title, target in feeds)
    return page[:end.start()] + links + page[end.start():]


def feed_entries(site: Site, limit: int = 50, domain: str | None = None
                 ) -> list[tuple[Practice, datetime, datetime, Author]]:
    """(practice, created, updated, last author) of the most recently changed practices (of ``domain``, if given:
    those filed there and those that name it)."""
    out = []
    for practice in site.community.practices.values() if domain is None else site.practices_in(domain):
        file_history = site.history.get(practice.source)
        if file_history is not None and file_history.changes:
            out.append((practice, file_history.created, file_history.updated, file_history.changes[0].author))
    return sorted(out, key=lambda e: (e[2], e[0].key), reverse=True)[:limit]


def pages(site: Site) -> Iterator[Page]:
    """The latest changes with the archive of months, each month, and the feed."""
    entries = change_entries(site)
    months = by_month(entries)
    latest = by_week(entries[:site.options.changes_limit])
    yield Page("changes/index.md", site.render(
        "changes.md.j2", "changes/index.md", weeks=latest,
        weeks_markdown=weeks_markdown(site, latest, "changes/index.md"),
        months=[(month, len(found), month_uri(month)) for month, found in months], more=len(entries)),
        title="Changes")
    for month, found in months:
        for part in split_list(month_uri(month), found, CHANGES_PER_PAGE):
            yield Page(part.uri, site.render("changes-month.md.j2", part.uri, month=month, part=part,
                                             weeks_markdown=weeks_markdown(site, by_week(list(part.items)), part.uri)),
                       title=f"Changes in {month}" + (f", page {part.number}" if part.number > 1 else ""))
    yield _feed(site, FEED_URI, f"{site.options.site_name}: new and updated practices", "changes/index.md",
                feed_entries(site))
    for domain in site.community.domains:
        yield _feed(site, domain_feed_uri(domain), f"{site.options.site_name}, {site.domain_title(domain)}: new and "
                    "updated practices", domain_uri(domain) if "domains" in site.options.pages else "changes/index.md",
                    feed_entries(site, domain=domain))
        yield Page(domain_sitemap_uri(domain), site.render_xml(
            "domain-sitemap.xml.j2", domain_sitemap_uri(domain),
            pages=[domain_uri(domain)] if "domains" in site.options.pages and site.options.site_url else []))


def _feed(site: Site, uri: str, title: str, alternate: str, entries: list) -> Page:
    """An Atom feed of ``entries``; a feed with none is updated as of the build's day."""
    updated = entries[0][2] if entries else datetime.combine(site.today, datetime.min.time(), tzinfo=timezone.utc)
    return Page(uri, site.render_xml("feed.xml.j2", uri, entries=entries, updated=updated, title=title,
                                     alternate=alternate))
