"""What search should know of each page (``search.Marks``), from the model: who a person is, what a page is."""

from __future__ import annotations

from typing import Callable

from ..model import LEVELS, Member
from ..search import EVIDENCE_WEIGHT, LEVEL_WEIGHTS, Marks
from ..urls import PAGE_KINDS, domain_uri, glossary_uri, member_uri
from .base import Site


def search_marker(site: Site) -> Callable[[str], Marks]:
    """A function giving the marks of the page built from a source URI (generated or hand-written), in constant
    time: what it needs of the model is gathered once here."""
    people = {member_uri(m.id): m for m in site.community.members.values()}
    glossaries: dict[str, list[tuple[str, str]]] = {}
    for term in site.community.terms:
        glossaries.setdefault(glossary_uri(term.domain), []).extend(
            (name, term.anchor) for name in (term.term, *term.aliases))
    domains = {domain_uri(d) for d in site.community.domains}

    def marks(uri: str) -> Marks:
        practice = site.practice_at(uri)
        if practice is not None:
            return Marks("practice", practice.level or "")
        if uri in people:
            return _person(site, people[uri])
        if uri in glossaries:
            return Marks("term", entries=tuple(glossaries[uri]))
        if uri in domains:
            return Marks("domain")
        if uri.split("/", 1)[0] in PAGE_KINDS:  # the overview pages, their sub-pages and their numbered pages
            return Marks("overview")
        return Marks()

    return marks


def _person(site: Site, member: Member) -> Marks:
    """A person's marks: their highest declared level, and how much their topics weigh (see search.py)."""
    levels = [level for level in member.expertise.values() if level in LEVELS]
    level = max(levels, key=LEVELS.index, default="")
    evidenced = bool(site.evidence.evidenced_domains(member.id))
    return Marks("person", level, LEVEL_WEIGHTS[level] + (EVIDENCE_WEIGHT if evidenced else 0.0), evidenced,
                 tuple(member.topics))
