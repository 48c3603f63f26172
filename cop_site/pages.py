"""Community -> pages: every generated page as Markdown, rendered from packaged, autoescaped templates."""

from __future__ import annotations

import html
import json
import posixpath
import zlib
from dataclasses import dataclass, field
from typing import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from .expertise import Expertise
from .glossary import TermMatcher, prose
from .markup import escape_inline, plain_text
from .model import LEVELS, PRACTICE_LEVELS, Community, Member, Practice, Term
from .schemas import NAMES, schema_text
from .validation import check_url

PAGE_KINDS = ("people", "expertise", "domains", "glossary", "start-here", "practices")


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


def member_uri(member_id: str) -> str:
    return f"people/{member_id}.md"


def practice_uri(practice: Practice) -> str:
    return f"practices/{practice.domain}/{practice.id}.md"


def domain_uri(domain_id: str) -> str:
    return f"domains/{domain_id}.md"


GLOSSARY_URI = "glossary/index.md"


def term_uri(term: Term) -> str:
    return f"{GLOSSARY_URI}#{term.anchor}"


def _finalize(value: object) -> object:
    """Every value printed by a template is text, escaped for HTML and for Markdown, unless marked safe."""
    if isinstance(value, Markup):
        return value
    return escape_inline(value)


@pass_context
def _link(context, target: str) -> Markup:
    """A relative link from the page being rendered to another page of the site."""
    here = posixpath.dirname(context["here"])
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, here or ".")
    return Markup(rel + (f"#{anchor}" if anchor else ""))


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalnum()]
    letters = (parts[0][:1] + (parts[-1][:1] if len(parts) > 1 else "")) if parts else "?"
    return letters.upper()


def _avatar(member: Member, size: str = "") -> Markup:
    """An initials avatar drawn in CSS: no picture, no network fetch."""
    hue = zlib.crc32(member.id.encode()) % 8
    return Markup('<span class="cop-avatar cop-avatar--{}{}" aria-hidden="true">{}</span>').format(
        hue, f" cop-avatar--{size}" if size else "", escape_inline(_initials(member.name)))


def _badge(level: str) -> Markup:
    """A level badge: its text says the level, the colour only repeats it."""
    label = {"learning": "Learning", "practitioner": "Practitioner", "expert": "Expert",
             "newcomer": "Newcomer"}.get(level, level)
    return Markup('<span class="cop-badge cop-badge--{}">{}</span>').format(escape_inline(level), escape_inline(label))


def _inline_md(text: str) -> Markup:
    """Contributor Markdown kept as Markdown on one line; raw HTML is shown as text (the page is sanitized too)."""
    return Markup(" ".join(text.replace("&", "&amp;").replace("<", "&lt;").split()))


def _env() -> Environment:
    env = Environment(loader=PackageLoader("cop_site", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_finalize)
    env.filters.update(link=_link, avatar=_avatar, badge=_badge, inline_md=_inline_md, plain=plain_text)
    env.globals.update(member_uri=member_uri, practice_uri=practice_uri, domain_uri=domain_uri, term_uri=term_uri,
                       GLOSSARY_URI=GLOSSARY_URI, LEVELS=LEVELS, PRACTICE_LEVELS=PRACTICE_LEVELS,
                       initials=_initials)
    return env


_ENV = _env()


@dataclass
class Site:
    """The community and the views of it that several pages share, computed once."""

    community: Community
    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        c = self.community
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
        self.mentees: dict[str, list[Member]] = {}
        for member in sorted(c.members.values(), key=lambda m: m.name.casefold()):
            if member.active:
                for mentor in self.expertise.mentors_for(member):
                    self.mentees.setdefault(mentor.id, []).append(member)

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

    def stewarded_domains(self, member_id: str) -> list:
        return [d for d in self.community.domains.values() if member_id in d.stewards]

    def learners_for(self, mentor: Member) -> list[Member]:
        """Active members learning something this mentor can help with."""
        return self.mentees.get(mentor.id, [])

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

    def glossary_groups(self) -> list[tuple[str, list[Term]]]:
        """Terms A-Z, grouped by first letter; terms not starting with a letter go under '#'."""
        groups: dict[str, list[Term]] = {}
        for term in sorted(self.community.terms, key=lambda t: (t.term.casefold(), t.domain)):
            first = term.term[:1].upper()
            groups.setdefault(first if first.isascii() and first.isalpha() else "#", []).append(term)
        return sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))

    def front_matter(self, practice: Practice) -> Markup:
        """Front matter the site engine reads (hide, search), as YAML built from validated values."""
        return Markup(json.dumps(dict(practice.meta), sort_keys=True))

    def contributing_link(self, here: str) -> Markup:
        target = self.options.contributing or "index.md"
        return Markup(posixpath.relpath(target, posixpath.dirname(here) or "."))

    def practice_at(self, uri: str) -> Practice | None:
        """The practice whose page is at ``uri``, if any."""
        return self._practice_uris.get(uri)

    def assets(self, practices_root) -> list[tuple[object, str]]:
        """(file, site path under practices/) of each non-Markdown file in a domain folder: images, PDFs."""
        out = []
        for domain in self.community.domains:
            folder = practices_root / domain
            for path in sorted(folder.iterdir()) if folder.is_dir() else []:
                if path.is_file() and not path.name.startswith(".") and path.suffix not in (".md", ".yml", ".yaml"):
                    out.append((path, f"{domain}/{path.name}"))
        return out

    def summary(self) -> str:
        """One line: what was published."""
        c = self.community
        return (f"{len(c.members)} members, {len(c.practices)} practices, {len(c.domains)} domains, "
                f"{len(c.terms)} terms published")

    def render(self, template: str, here: str, **context) -> str:
        return _ENV.get_template(template).render(site=self, c=self.community, here=here, **context)

    def pages(self) -> list[Page]:
        """Every generated page the options ask for."""
        kinds = set(self.options.pages)
        c = self.community
        out: list[Page] = []
        if "people" in kinds:
            out.append(Page("people/index.md", self.render("people.md.j2", "people/index.md"), title="People"))
            for member in sorted(c.members.values(), key=lambda m: m.id):
                uri = member_uri(member.id)
                out.append(Page(uri, self.render("profile.md.j2", uri, member=member), member.source, member.name))
        if "expertise" in kinds:
            out.append(Page("expertise/index.md", self.render("expertise.md.j2", "expertise/index.md"),
                            title="Who knows what"))
        if "domains" in kinds:
            out.append(Page("domains/index.md", self.render("domains.md.j2", "domains/index.md"), title="Domains"))
            for domain in c.domains.values():
                uri = domain_uri(domain.id)
                out.append(Page(uri, self.render("domain.md.j2", uri, domain=domain),
                                domain.source if domain.positions else None, domain.title))
        if "glossary" in kinds:
            out.append(Page(GLOSSARY_URI, self.render("glossary.md.j2", GLOSSARY_URI), title="Glossary"))
        if "start-here" in kinds:
            out.append(Page("start-here/index.md", self.render("start-here.md.j2", "start-here/index.md"),
                            title="Start here"))
        if "practices" in kinds:
            out.append(Page("practices/index.md", self.render("practices.md.j2", "practices/index.md"),
                            title="All practices"))
        for practice in sorted(c.practices.values(), key=lambda p: p.key):
            uri = practice_uri(practice)
            out.append(Page(uri, self.render("practice.md.j2", uri, practice=practice), practice.source,
                            practice.title))
        out.append(Page("cop.json", json.dumps(community_graph(self), indent=1, sort_keys=True) + "\n"))
        for name in NAMES:
            out.append(Page(f"schemas/{name}.schema.json", schema_text(name)))
        return out


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


def community_graph(site: Site) -> dict:
    """The whole community as data: members, domains, practices, terms and the links between them."""
    c = site.community
    return {
        "members": [{"id": m.id, "name": m.name, "role": m.role, "status": m.status, "mentor": m.mentor,
                     "expertise": dict(m.expertise), "topics": list(m.topics), "learning": list(m.learning),
                     "url": page_url(member_uri(m.id))} for m in c.members.values()],
        "domains": [{"id": d.id, "title": d.title, "summary": d.summary, "stewards": list(d.stewards),
                     "url": page_url(domain_uri(d.id))} for d in c.domains.values()],
        "practices": [{"id": p.key, "title": p.title, "summary": p.summary, "domains": list(p.all_domains),
                       "stewards": list(p.stewards), "status": p.status, "level": p.level, "tags": list(p.tags),
                       "related": [r.key for r in site.related(p)], "url": page_url(practice_uri(p))}
                      for p in c.practices.values()],
        "terms": [{"term": t.term, "domain": t.domain, "definition": t.definition, "aliases": list(t.aliases),
                   "see": [p.key for p in site.explained_by.get(t, [])],
                   "used_in": [p.key for p in site.used_by.get(t, [])], "url": page_url(GLOSSARY_URI) + "#" + t.anchor} for t in c.terms],
    }


def build_pages(community: Community, options: Options = Options()) -> tuple[Site, list[Page]]:
    """The site's shared views and every generated page."""
    site = Site(community, options)
    return site, site.pages()


def build_nav(site: Site, hand_written: list[str]) -> list:
    """A small navigation: the overview pages and one section per domain; profiles are reached from People.

    Titles are HTML-escaped here because themes print nav titles as they are.
    """
    c = site.community
    kinds = set(site.options.pages)
    esc = html.escape
    nav: list = []
    if "index.md" in hand_written:
        nav.append({"Home": "index.md"})
    if "start-here" in kinds:
        nav.append({"Start here": "start-here/index.md"})
    sections: list = ["domains/index.md"] if "domains" in kinds else []
    for domain in sorted(c.domains.values(), key=lambda d: d.title.casefold()):
        children: list = [{"Overview": domain_uri(domain.id)}] if "domains" in kinds else []
        children += [{esc(p.title): practice_uri(p)} for p in sorted(
            (p for p in c.practices.values() if p.domain == domain.id), key=lambda p: p.title.casefold())]
        if children:
            sections.append({esc(domain.title): children})
    if "practices" in kinds:
        sections.append({"All practices": "practices/index.md"})
    nav.append({"Domains": sections})
    for kind, title, uri in (("people", "People", "people/index.md"), ("expertise", "Who knows what", "expertise/index.md"),
                             ("glossary", "Glossary", GLOSSARY_URI)):
        if kind in kinds:
            nav.append({title: uri})
    nav += [uri for uri in sorted(hand_written) if uri != "index.md"]
    return nav
