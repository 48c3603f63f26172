"""The community as plain data: members, domains, practices and glossary terms. No I/O here."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Mapping

LEVELS = ("learning", "practitioner", "expert")
PRACTICE_LEVELS = ("newcomer", "practitioner", "expert")
PRACTICE_STATUSES = ("draft", "active", "deprecated")
MEMBER_STATUSES = ("active", "alumni")

Path = tuple[str | int, ...]
"""A path to a value inside a YAML document, such as ``("stewards", 0)``."""

_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """``text`` with control characters and line separators written as escapes (a newline as ``\\n``).

    Every message that quotes what a contributor wrote goes through this, so it stays one line wherever it is
    printed: a YAML value holding ``\\n::error::`` cannot start a line of a CI log, where GitHub Actions would run it
    as a workflow command, and terminal escapes cannot restyle the log. Escaping twice changes nothing.
    """
    if not _LINE_BREAKING.search(text):
        return text
    return _LINE_BREAKING.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                                     else f"\\u{ord(m.group()):04x}"), text)


@dataclass(frozen=True)
class Problem:
    """One finding about the content; the caller decides how loud it is."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __post_init__(self) -> None:
        # Paths and messages quote contributor text (file names, YAML keys and values): one line each, always.
        object.__setattr__(self, "path", one_line(self.path))
        object.__setattr__(self, "message", one_line(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]"

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """By place, then code and message, so that problems on one line come in the same order in every run."""
        return (self.path, self.line, self.column, self.code, self.message)


@dataclass(frozen=True, eq=False)
class Located:
    """Something read from a file: knows its source path and where each of its values stands."""

    source: str
    """The file, relative to the repository root, with forward slashes."""
    positions: Mapping[Path, tuple[int, int]] = field(default_factory=dict, repr=False)
    """(line, column) of each value, by its path in the document; () is the document itself."""

    def where(self, *path: str | int) -> tuple[str, int, int]:
        """The (file, line, column) of the value at ``path``, or of its nearest enclosing value."""
        while path not in self.positions and path:
            path = path[:-1]
        line, column = self.positions.get(path, (1, 1))
        return self.source, line, column


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, eq=False)
class Member(Located):
    """A person, from ``members/<id>.yml``."""

    id: str = ""
    name: str = ""
    role: str = ""
    pronouns: str = ""
    organization: str = ""
    location: str = ""
    timezone: str = ""
    joined: str = ""
    status: str = "active"
    bio: str = ""
    expertise: Mapping[str, str] = field(default_factory=dict)
    """Domain id -> one of LEVELS."""
    topics: tuple[str, ...] = ()
    learning: tuple[str, ...] = ()
    mentor: bool = False
    contact: Mapping[str, str] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True, eq=False)
class Domain(Located):
    """A field of practice, from ``practices/<id>/domain.yml``."""

    id: str = ""
    title: str = ""
    summary: str = ""
    stewards: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Practice(Located):
    """A practice, from ``practices/<domain>/<id>.md``: front matter and a Markdown body."""

    id: str = ""
    domain: str = ""
    title: str = ""
    summary: str = ""
    stewards: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    """Extra domains; the folder's domain is ``domain``."""
    status: str = "active"
    level: str = ""
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    review_every: int | None = None
    reviewed: str = ""
    body: str = ""
    body_line: int = 1
    """The line of the source file on which ``body`` starts."""
    meta: Mapping[str, object] = field(default_factory=dict)
    """Front matter meant for the site engine (``hide``, ``search``, ...), passed through as is."""

    @cached_property
    def key(self) -> str:
        """The practice's unique name: ``<domain>/<id>``."""
        return f"{self.domain}/{self.id}"

    @cached_property
    def all_domains(self) -> tuple[str, ...]:
        return (self.domain, *(d for d in self.domains if d != self.domain))


@dataclass(frozen=True, eq=False)
class Term(Located):
    """A glossary entry, from ``practices/<domain>/glossary.yml``."""

    term: str = ""
    domain: str = ""
    definition: str = ""
    aliases: tuple[str, ...] = ()
    see: tuple[str, ...] = ()
    index: int = 0
    """Position in its glossary file, so positions can be looked up as ``(index, field)``."""

    @cached_property
    def anchor(self) -> str:
        """``<domain>-<slug>``; a name the slug cannot spell ('C++', 'C#') gets a short hash so each has its own."""
        slug = slugify(self.term)
        if re.search(r"[^A-Za-z0-9\s\-_.,!?'’\"():;/]", self.term):  # a symbol or letter the slug drops
            slug += f"-{zlib.crc32(self.term.encode('utf-8', 'surrogatepass')) & 0xFFFF:04x}"
        return f"{self.domain}-{slug}"


@dataclass(frozen=True, eq=False)
class Community:
    """Everything the repository holds, read and cross-referenced, ready to render."""

    members: Mapping[str, Member]
    domains: Mapping[str, Domain]
    practices: Mapping[str, Practice]
    """By ``<domain>/<id>``."""
    terms: tuple[Term, ...] = ()
    unreadable: Mapping[str, Problem] = field(default_factory=dict)
    """Member ids and practice keys whose file exists but could not be read (or was refused), each with the
    problem that says why: a reference to one of them points at that problem instead of saying it is unknown."""
    assets: tuple[str, ...] = ()
    """Files next to practices that may be published (images, PDFs, ...), relative to the repository root."""

    def resolve_practice(self, ref: str, domain: str = "") -> list[Practice]:
        """The practices a reference names: ``domain/id`` exactly, or a bare id (its own domain first)."""
        if "/" in ref:
            found = self.practices.get(ref)
            return [found] if found else []
        local = self.practices.get(f"{domain}/{ref}")
        if local:
            return [local]
        return [p for p in self.practices.values() if p.id == ref]

    def practices_in(self, domain: str) -> list[Practice]:
        """Practices whose folder or extra domains include ``domain``, by title."""
        return list(self._practices_by_domain.get(domain, ()))

    @cached_property
    def _practices_by_domain(self) -> dict[str, tuple[Practice, ...]]:
        """Every domain's practices by title, from one pass: pages ask once per domain."""
        found: dict[str, list[Practice]] = {}
        for practice in sorted(self.practices.values(), key=lambda p: p.title.casefold()):
            for domain in dict.fromkeys(practice.all_domains):
                found.setdefault(domain, []).append(practice)
        return {domain: tuple(practices) for domain, practices in found.items()}


def plural(count: int, noun: str) -> str:
    """'1 member', '2 members', '1,002 members'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def count_line(members: int, practices: int, domains: int, terms: int) -> str:
    """'2 members, 1 practice, 1 domain, 0 terms': what `cop-site check` read, or what a build published."""
    return ", ".join([plural(members, "member"), plural(practices, "practice"), plural(domains, "domain"),
                      plural(terms, "term")])


def name_key(text: str) -> str:
    """How names compare: any case, any run of white space ('Lean  COFFEE' is 'lean coffee')."""
    return " ".join(text.casefold().split())


def title_from_id(ident: str) -> str:
    """The title a file gets when it names none: 'lean-coffee' is 'Lean coffee'."""
    return ident.replace("-", " ").capitalize()


def slugify(text: str) -> str:
    """A lowercase ``[a-z0-9-]`` slug, as used for ids and anchors."""
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-") or "x"
