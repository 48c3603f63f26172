"""What every page kind shares: the page record, options, URLs, the template environment and the Site's views."""

from __future__ import annotations

import os
import posixpath
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Iterable, Mapping
from urllib.parse import urljoin

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from ..expertise import Evidence, Expertise, gather_evidence
from ..history import Author, History
from ..glossary import TermMatcher, prose
from ..markup import clean_text, escape_inline, inline_markdown, plain_text
from ..signals import Settings
from ..model import LEVELS, PRACTICE_LEVELS, Community, Member, Practice, Term, count_line
from ..urls import (GLOSSARY_URI, PAGE_KINDS, asset_uri, badge_uri, domain_feed_uri, domain_uri, glossary_uri, member_uri,
                    practice_uri)
from ..validation import check_url

if TYPE_CHECKING:
    from .awareness import Awareness

PAGE_BUDGET = 250_000
"""Bytes of HTML a generated page may take, whatever the size of the community: every list that grows with it is
split into pages (by domain, by month, or in numbered parts) or shortened to its first entries with a link to the
rest. The tests build a generated community and hold every page to it; benchmarks/ measures it at 4,000 practices."""

PREVIEW = 8
"""Entries of a list shown where the list is not the page's subject (people who know a domain, practices that use
a term, ...), before "and N more" and a link to the page that has them all."""


@dataclass(frozen=True)
class Page:
    """A generated file: where it goes in the site, its content, and the source a reader would edit."""

    uri: str
    content: str
    source: str | None = None
    title: str = ""
    """Plain text; escape it wherever it is printed."""


@dataclass(frozen=True)
class Options:
    """What the site builder is asked to make."""

    pages: tuple[str, ...] = PAGE_KINDS
    review_every: int = 180
    contributing: str = ""
    """The hand-written page that explains how to contribute, if the site has one."""
    today: date | None = None
    """The day staleness is measured against (SOURCE_DATE_EPOCH's, for reproducible builds); None: today."""
    edit_base: str = ""
    """The URL that edits files of docs_dir (repo_url + edit_uri), so pages can link to any source file."""
    docs_dir: str = "docs"
    """docs_dir relative to the repository root."""
    practices_dir: str = "practices"
    """The practices' folder relative to the repository root, as git history names their files."""
    site_url: str = ""
    site_name: str = "Community of Practice"
    changes_limit: int = 100
    """The latest changes shown on /changes/ itself; every change is on its month's page."""
    participation: Settings = field(default_factory=Settings)
    """Thresholds of the participation, newcomer and stagnation signals (the plugin's ``participation``)."""


def term_uri(term: Term) -> str:
    return f"{glossary_uri(term.domain)}#{term.anchor}"


def health_uri(domain_id: str) -> str:
    """The page listing what needs care in one domain."""
    return f"health/{domain_id}/index.md"


@dataclass(frozen=True)
class Part:
    """One page of a list split into pages: its entries, its number (from 1) and where every page of the list is."""

    uri: str
    items: Sequence
    number: int
    uris: tuple[str, ...]
    first: int = 0
    """The position of ``items[0]`` in the whole list."""


def split_list(first_uri: str, items: Sequence, per_page: int) -> list[Part]:
    """``items`` in pages of ``per_page``: the first at ``first_uri`` (``<folder>/index.md``), the next ones at
    ``<folder>/page/<n>/index.md``. An empty list is one empty page, so the list's page always exists."""
    folder = posixpath.dirname(first_uri)
    count = max(1, -(-len(items) // per_page))
    uris = (first_uri, *(f"{folder}/page/{n}/index.md" for n in range(2, count + 1)))
    return [Part(uri, items[(n - 1) * per_page: n * per_page], n, uris, (n - 1) * per_page)
            for n, uri in enumerate(uris, start=1)]


def _finalize(value: object) -> object:
    """Every value printed by a template is text, escaped for HTML and for Markdown, unless marked safe."""
    if isinstance(value, Markup):
        return value
    return escape_inline(value)


@pass_context
def _link(context, target: str) -> Markup:
    """A relative link from the page being rendered to another page of the site."""
    path, _, anchor = target.partition("#")
    return Markup(_link_from(context, path) + (f"#{anchor}" if anchor else ""))


@lru_cache(maxsize=65536)
def relative_path(from_dir: str, target: str) -> str:
    """``target`` relative to the folder ``from_dir``; both are clean site paths. posixpath.relpath, faster."""
    here = from_dir.split("/") if from_dir else []
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def _link_from(context, target: str) -> str:
    return relative_path(context["here_dir"], target)


@pass_context
def _people(context, members: list[Member], limit: int = 0, more: str = "") -> Markup:
    """'[Ada](../people/ada.md), [Bo](...) and 3 more': links to members, at most ``limit`` of them; "3 more"
    links to ``more`` (a page, with an optional #anchor) when given."""
    shown = members[:limit] if limit else members
    text = ", ".join(f"[{escape_inline(m.name)}]({_link_from(context, member_uri(m.id))})" for m in shown)
    if limit and len(members) > limit:
        text += " and " + _more(context, len(members) - limit, more)
    return Markup(text)


def _more(context, count: int, more: str) -> str:
    if not more:
        return f"{count} more"
    path, _, anchor = more.partition("#")
    return f"[{count} more]({_link_from(context, path)}{'#' + anchor if anchor else ''})"


@pass_context
def _authors(context, authors: list[Author]) -> Markup:
    """Contributors from git: members linked to their profiles, anyone else by name."""
    members = context["c"].members
    return Markup(", ".join(
        f"[{escape_inline(members[a.member].name)}]({_link_from(context, member_uri(a.member))})"
        if a.member in members else escape_inline(a.name) for a in authors))


@pass_context
def _practice_links(context, practices: list[Practice], limit: int = 0, more: str = "") -> Markup:
    """'[Lean coffee](...), [Retrospective](...)', at most ``limit`` of them, then "and N more" (linked to ``more``)."""
    shown = practices[:limit] if limit else practices
    text = ", ".join(f"[{escape_inline(p.title)}]({_link_from(context, practice_uri(p))})" for p in shown)
    if limit and len(practices) > limit:
        text += " and " + _more(context, len(practices) - limit, more)
    return Markup(text)


@pass_context
def _practice_list(context, practices: list[Practice]) -> Markup:
    """A Markdown list of practices with their summaries."""
    return Markup("".join(f"- [{escape_inline(p.title)}]({_link_from(context, practice_uri(p))})"
                          + (f": {escape_inline(p.summary)}" if p.summary else "") + "\n" for p in practices))


@pass_context
def _breadcrumb(context, trail: Sequence[tuple[str, str]]) -> Markup:
    """Where the page sits, as (title, page) from the top: a numbered list in a navigation landmark."""
    items = "".join(f"{n}. [{escape_inline(title)}]({_link_from(context, uri)})\n"
                    for n, (title, uri) in enumerate(trail, start=1))
    return Markup(f'<nav class="cop-breadcrumb" aria-label="Breadcrumb" markdown>\n\n{items}\n</nav>')


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalnum()]
    letters = (parts[0][:1] + (parts[-1][:1] if len(parts) > 1 else "")) if parts else "?"
    return letters.upper()


def _avatar(member: Member, size: str = "") -> Markup:
    """An initials avatar drawn in CSS: no picture, no network fetch."""
    hue = zlib.crc32(member.id.encode()) % 8
    return Markup('<span class="cop-avatar cop-avatar--{}{}" aria-hidden="true">{}</span>').format(
        hue, f" cop-avatar--{size}" if size else "", escape_inline(_initials(member.name)))


@lru_cache(maxsize=64)
def _badge(level: str) -> Markup:
    """A level badge: its text says the level, the colour only repeats it."""
    label = {"learning": "Learning", "practitioner": "Practitioner", "expert": "Expert",
             "newcomer": "Newcomer"}.get(level, level)
    return Markup('<span class="cop-badge cop-badge--{}">{}</span>').format(escape_inline(level), escape_inline(label))


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between builds: Jinja's own cache, in a folder of the temp directory that only this
    user can write, keyed on each template's source, so an edited template is compiled again. Compiling them all
    takes a sixth of a second per build. None where no such folder can be made."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def _env() -> Environment:
    env = Environment(loader=PackageLoader("cop_site", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_finalize,
                      bytecode_cache=_bytecode_cache())
    env.filters.update(link=_link, avatar=_avatar, badge=_badge, inline_md=inline_markdown, plain=plain_text)
    env.globals.update(people=_people, authors=_authors, practice_links=_practice_links, practice_list=_practice_list,
                       breadcrumb=_breadcrumb,
                       member_uri=member_uri, practice_uri=practice_uri, domain_uri=domain_uri, term_uri=term_uri,
                       glossary_uri=glossary_uri, health_uri=health_uri, badge_uri=badge_uri,
                       domain_feed_uri=domain_feed_uri, GLOSSARY_URI=GLOSSARY_URI, LEVELS=LEVELS,
                       PRACTICE_LEVELS=PRACTICE_LEVELS, PREVIEW=PREVIEW, initials=_initials)
    return env


_ENV = _env()
_XML_ENV = Environment(loader=PackageLoader("cop_site", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       finalize=lambda value: type(value)(clean_text(value)) if isinstance(value, str) else value)
_XML_ENV.globals.update(practice_uri=practice_uri)
"""For XML (feeds): autoescaped for XML, without the Markdown escaping of ``_ENV``; no character XML forbids."""


def edit_base(repo_url: str | None, edit_uri: str | None) -> str:
    """The URL that edits docs_dir's files, as MkDocs builds it for 'Edit this page'."""
    if not repo_url or not edit_uri:
        return ""
    return urljoin(repo_url.rstrip("/") + "/", edit_uri)


def build_day() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH when it is set, so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).date()
    return datetime.now(timezone.utc).date()


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class Site:
    """The community and the views of it that several pages share, computed once."""

    community: Community
    options: Options = field(default_factory=Options)
    history: History = field(default_factory=History)

    def __post_init__(self) -> None:
        c = self.community
        self.today = self.options.today or build_day()
        self.evidence: Evidence = gather_evidence(c, self.history)
        self.expertise = Expertise(c)
        self.matcher = TermMatcher(list(c.terms))
        self.terms_by_domain: dict[str, list[Term]] = {d: [] for d in c.domains}
        for term in c.terms:
            self.terms_by_domain.setdefault(term.domain, []).append(term)
        self.backlinks: dict[str, list[Practice]] = {}
        self.explained_by: dict[Term, list[Practice]] = {}
        self.used_by: dict[Term, list[Practice]] = {}
        practices = sorted(c.practices.values(), key=lambda p: p.title.casefold())
        for practice in practices:
            for ref in practice.related:
                for target in c.resolve_practice(ref, practice.domain)[:1]:
                    if target.key != practice.key:
                        self.backlinks.setdefault(target.key, []).append(practice)
            for term in self.matcher.used_in(prose(practice.body)):
                self.used_by.setdefault(term, []).append(practice)
        for term in c.terms:
            found = [p for ref in term.see for p in c.resolve_practice(ref, term.domain)[:1]]
            self.explained_by[term] = found
        self.similar = self.expertise.similar()
        self._practice_uris = {practice_uri(p): p for p in c.practices.values()}
        self._by_domain: dict[str, list[Practice]] = {}
        self._filed: dict[str, list[Practice]] = {}
        for practice in practices:
            self._filed.setdefault(practice.domain, []).append(practice)
        self._place = {p.key: i for filed in self._filed.values() for i, p in enumerate(filed)}

    @cached_property
    def awareness(self) -> Awareness:
        """Participation, newcomer and stagnation signals, and their pictures; computed when a page first asks."""
        from .awareness import Awareness  # it draws on the views above

        return Awareness(self)

    def practices_in(self, domain_id: str) -> list[Practice]:
        """Practices of a domain (its folder's and those that name it), by title; computed once per domain."""
        if domain_id not in self._by_domain:
            self._by_domain[domain_id] = self.community.practices_in(domain_id)
        return self._by_domain[domain_id]

    def filed_in(self, domain_id: str) -> list[Practice]:
        """Practices whose folder is the domain's (not those that only name it), by title."""
        return self._filed.get(domain_id, [])

    def place_in_domain(self, practice: Practice) -> int:
        """Where ``practice`` is in ``filed_in(practice.domain)``."""
        return self._place[practice.key]

    def related(self, practice: Practice) -> list[Practice]:
        found = [t for ref in practice.related for t in self.community.resolve_practice(ref, practice.domain)[:1]]
        return [p for p in found if p.key != practice.key]

    def members(self, ids: Iterable[str]) -> list[Member]:
        """The known members among ``ids``, in order."""
        return [self.community.members[i] for i in ids if i in self.community.members]

    def domain_title(self, domain_id: str) -> str:
        domain = self.community.domains.get(domain_id)
        return domain.title if domain else domain_id

    def people_for_domain(self, domain_id: str) -> dict[str, list[Member]]:
        return self.expertise.by_domain.get(domain_id, {})

    def status_badges(self, member: Member) -> Markup:
        """Mentor and alumni badges, each with a leading space."""
        if not member.active:
            return Markup(' <span class="cop-badge cop-badge--alumni">Alumni</span>')
        return Markup(' <span class="cop-badge cop-badge--mentor">Mentor</span>') if member.mentor else Markup()

    def levels_line(self, member: Member) -> Markup:
        """A member's levels by domain: 'Expert Facilitation · Learning Platforms'."""
        return Markup(" · ").join(_badge(level) + " " + escape_inline(self.domain_title(domain))
                                  for domain, level in member.expertise.items())

    def contact(self, member: Member) -> list[tuple[str, str, str | None]]:
        """(label, text, URL or None) for each way to reach a member; unsafe URLs become plain text."""
        contact = member.contact
        out: list[tuple[str, str, str | None]] = []
        if contact.get("email"):
            out.append(("Email", contact["email"], "mailto:" + contact["email"]))
        if contact.get("chat"):
            out.append(("Chat", contact["chat"], None))
        if contact.get("github"):
            out.append(("GitHub", contact["github"], "https://github.com/" + contact["github"]))
        for key, label in (("gitlab", "GitLab"), ("mastodon", "Mastodon")):
            if contact.get(key):
                out.append((label, contact[key], None))
        if contact.get("website"):
            out.append(("Website", contact["website"], safe_url(contact["website"])))
        out += [(link.label, link.url, safe_url(link.url)) for link in member.links]
        return out

    def contributing_link(self, here: str) -> Markup:
        return Markup(relative_path(posixpath.dirname(here), self.options.contributing or "index.md"))

    # --- history and health -------------------------------------------------------------------------

    def dates(self, source: str) -> tuple[date | None, date | None]:
        """(created, updated) of a source file, from git."""
        file_history = self.history.get(source)
        if file_history is None or not file_history.changes:
            return None, None
        return file_history.created.date(), file_history.updated.date()

    def contributors(self, practice: Practice) -> list:
        return self.evidence.contributors.get(practice.key, [])

    def review_state(self, practice: Practice) -> tuple[date | None, int, bool]:
        """(last changed or reviewed, review period in days, stale?)."""
        period = practice.review_every or self.options.review_every
        _created, updated = self.dates(practice.source)
        reviewed = _parse_date(practice.reviewed)
        last = max((d for d in (updated, reviewed) if d), default=None)
        return last, period, bool(last and (self.today - last).days > period)

    def source_link(self, path: str) -> str:
        """Where a reader edits a source file: the repository's edit URL, or the path itself."""
        if not self.options.edit_base:
            return ""
        return urljoin(self.options.edit_base, posixpath.relpath(path, self.options.docs_dir))

    def member_name(self, member_id: str) -> str:
        member = self.community.members.get(member_id)
        return member.name if member else member_id

    def practice_at(self, uri: str) -> Practice | None:
        """The practice whose page is at ``uri``, if any."""
        return self._practice_uris.get(uri)

    def assets(self, root) -> list[tuple[object, str]]:
        """(file, site path) of each file next to a practice that loading found fit to publish
        (``Community.assets``: allowlisted types, no links)."""
        return [(root / source, asset_uri(source)) for source in self.community.assets]

    def summary(self, published: Mapping[str, str | None]) -> str:
        """One line: what got a page of its own, counted as `cop-site check` counts what it read.

        Args:
            published: the generated pages the site engine took, uri -> source (a hand-written page may replace one).
        """
        c = self.community
        return count_line(sum(published.get(member_uri(m.id), "") == m.source for m in c.members.values()),
                          sum(published.get(practice_uri(p), "") == p.source for p in c.practices.values()),
                          sum(domain_uri(d) in published for d in c.domains),
                          len(c.terms) if GLOSSARY_URI in published else 0) + " published"

    def render(self, template: str, here: str, **context) -> str:
        """A Markdown page from ``template``, with links made relative to the page at ``here``."""
        return _ENV.get_template(template).render(site=self, c=self.community, here=here,
                                                  here_dir=posixpath.dirname(here), **context)

    def render_xml(self, template: str, here: str, **context) -> str:
        """An XML file (a feed) from ``template``."""
        return _XML_ENV.get_template(template).render(site=self, here=here, **context)

    def absolute(self, uri: str) -> str:
        """The absolute URL of a generated file (site_url, or the site root)."""
        return urljoin(self.options.site_url or "/", page_url(uri))


def safe_url(url: str) -> str | None:
    """The URL if it may be published as a link (https:, mailto:, http:), else None."""
    verdict = check_url(url)
    return url.strip() if verdict is None or verdict[0] == "warning" else None


def page_url(uri: str) -> str:
    """The site URL of a generated file, relative to the site root: 'people/ada.md' -> 'people/ada/'."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


