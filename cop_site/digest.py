"""What happened in a period, for the places people already read: a chat post, a Discussion, an e-mail.

``gather_digest`` turns the community and its history into plain data for one period; ``render_digest`` writes it
as Markdown, HTML or JSON. The same sources and period give the same bytes: nothing here reads the clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .expertise import Expertise
from .history import Author, History
from .markup import escape_inline
from .model import Community
from .pages.base import domain_uri, member_uri, page_url, practice_uri
from .signals import Settings, domain_activity, help_reasons, joined_on, review_state

FORMATS = ("markdown", "html", "json")


@dataclass(frozen=True)
class Period:
    """The days after ``since`` up to and including ``until``."""

    since: date
    until: date

    def __contains__(self, day: date) -> bool:
        return self.since < day <= self.until

    @classmethod
    def last(cls, days: int, until: date) -> Period:
        return cls(until - timedelta(days=days), until)


@dataclass(frozen=True)
class Item:
    """One line of a digest: what, where to read it, and the detail after it."""

    title: str
    url: str
    detail: str = ""


@dataclass
class Digest:
    """A period's news, section by section; each section a list of items, empty when nothing happened."""

    site_name: str
    period: Period
    new_practices: list[Item] = field(default_factory=list)
    updated_practices: list[Item] = field(default_factory=list)
    reviews_done: list[Item] = field(default_factory=list)
    reviews_due: list[Item] = field(default_factory=list)
    new_members: list[Item] = field(default_factory=list)
    alumni: list[Item] = field(default_factory=list)
    first_contributions: list[Item] = field(default_factory=list)
    need_help: list[Item] = field(default_factory=list)

    SECTIONS = (("new_practices", "New practices"), ("updated_practices", "Updated practices"),
                ("reviews_done", "Reviews done"), ("reviews_due", "Reviews due"), ("new_members", "New members"),
                ("alumni", "Members who left"), ("first_contributions", "First contributions"),
                ("need_help", "Domains that need help"))

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name, _title in self.SECTIONS)

    def sections(self) -> list[tuple[str, str, list[Item]]]:
        """(key, heading, items) of each section, in order."""
        return [(name, title, getattr(self, name)) for name, title in self.SECTIONS]


def gather_digest(community: Community, history: History, period: Period, *, site_url: str = "",
                  site_name: str = "", practices_dir: str = "practices", review_every: int = 180,
                  settings: Settings = Settings()) -> Digest:
    """The news of ``period``: practices added, changed and reviewed, reviews due, members who joined or left,
    first contributions, and domains that need help (gone quiet, no active expert, no active steward)."""
    base = site_url.rstrip("/") + "/" if site_url.startswith(("https://", "http://")) else ""

    def url(uri: str) -> str:
        """The page's address: absolute under site_url, else relative to the site's root."""
        return base + page_url(uri)

    def who(author: Author) -> str:
        member = community.members.get(author.member or "")
        return member.name if member else author.name

    history = history.as_of(period.until)  # a past period's digest does not know what came after it
    digest = Digest(site_name, period)
    for practice in sorted(community.practices.values(), key=lambda p: p.title.casefold()):
        file_history = history.get(practice.source)
        changes = [c for c in file_history.changes if c.date.date() in period] if file_history else []
        link = url(practice_uri(practice))
        domain = community.domains[practice.domain].title if practice.domain in community.domains else practice.domain
        if changes and file_history.created.date() in period:
            digest.new_practices.append(Item(practice.title, link, f"{domain}, by {who(file_history.creator)}"))
        elif changes:
            people = ", ".join(dict.fromkeys(who(c.author) for c in reversed(changes)))
            digest.updated_practices.append(Item(practice.title, link, f"{domain}, by {people}"))
        reviewed = _day(practice.reviewed)
        if reviewed and reviewed in period:
            digest.reviews_done.append(Item(practice.title, link, f"reviewed on {reviewed.isoformat()}"))
        last, period_days, stale = review_state(practice, history, period.until, review_every)
        if stale and practice.status != "deprecated":
            stewards = _names(community, practice.stewards)
            digest.reviews_due.append(Item(practice.title, link, f"last changed or reviewed {last.isoformat()}"
                                           + (f"; stewards: {stewards}" if stewards else "")))
    for member in sorted(community.members.values(), key=lambda m: m.name.casefold()):
        joined = joined_on(member, history)
        profile = history.get(member.source)
        link = url(member_uri(member.id))
        if member.active and joined and joined in period:
            digest.new_members.append(Item(member.name, link, member.role))
        if not member.active and profile and any(c.date.date() in period for c in profile.changes):
            lone = [p.title for p in community.practices.values()
                    if member.id in p.stewards and not any(
                        s in community.members and community.members[s].active for s in p.stewards)]
            digest.alumni.append(Item(member.name, link, ("now without an active steward: " + ", ".join(sorted(lone)))
                                      if lone else ""))
    first: dict[str, tuple[date, Author, list[str]]] = {}
    for commit in reversed(history.commits):  # oldest first
        first.setdefault(commit.author.key, (commit.date.date(), commit.author, list(commit.paths)))
    for key, (day, author, paths) in sorted(first.items(), key=lambda kv: (kv[1][0], kv[0])):
        if day in period:
            member = community.members.get(author.member or "")
            digest.first_contributions.append(Item(who(author), url(member_uri(member.id)) if member else "",
                                                   f"{day.isoformat()}: {', '.join(sorted(paths)[:3])}"))
    expertise = Expertise(community)
    activity = domain_activity(community, history, expertise, period.until, practices_dir, review_every, settings)
    for domain_id, reasons in help_reasons(community, expertise, activity).items():
        domain = community.domains[domain_id]
        digest.need_help.append(Item(domain.title, url(domain_uri(domain.id)), "; ".join(reasons)))
    return digest


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _names(community: Community, ids) -> str:
    return ", ".join(community.members[i].name for i in ids if i in community.members and community.members[i].active)


def _markdown_value(value: object) -> object:
    """Text becomes inline Markdown that shows as written; dates and numbers, which cannot be markup, stay as
    they are so that the raw text of a chat post stays readable."""
    if isinstance(value, (Markup, date, int)):
        return value
    return escape_inline(value)


def _env(markdown: bool) -> Environment:
    return Environment(loader=PackageLoader("cop_site", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       finalize=_markdown_value if markdown else None)


_MARKDOWN, _HTML = _env(True), _env(False)


def render_digest(digest: Digest, style: Literal["markdown", "html", "json"] = "markdown") -> str:
    """The digest as Markdown (contributor text cannot become Markdown or HTML), HTML (autoescaped), or JSON."""
    if style == "json":
        data = {"site_name": digest.site_name, "since": digest.period.since.isoformat(),
                "until": digest.period.until.isoformat(),
                **{name: [item.__dict__ for item in items] for name, _title, items in digest.sections()}}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    env = _MARKDOWN if style == "markdown" else _HTML
    return env.get_template(f"digest.{'md' if style == 'markdown' else 'html'}.j2").render(d=digest)
