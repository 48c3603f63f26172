"""Who knows what: a summary by domain with the gaps (/expertise/), and the lists that grow with the community on
pages of their own, in parts when long: topics (/expertise/topics/), mentors (/expertise/mentors/) and declared
expertise beside the evidence for it (/expertise/evidence/)."""

from __future__ import annotations

from typing import Iterator, NamedTuple

from ..model import Member
from .base import Page, Site, split_list

TOPICS_PER_PAGE = 200
MENTORS_PER_PAGE = 100
EVIDENCE_PER_PAGE = 200
SUMMARY_TOPICS = 12
"""Topics on the summary: those the most members offer."""


class Mismatch(NamedTuple):
    """A member whose declared expertise in a domain and what they wrote there disagree."""

    member: Member
    domain: str
    declared: str
    """The declared level, or '' when not declared."""
    written: int
    """Practices of the domain the member is an author of."""


def mentees(site: Site) -> dict[str, list[Member]]:
    """Mentor id -> active members learning something that mentor can help with, by name."""
    found: dict[str, list[Member]] = {}
    for member in sorted(site.community.members.values(), key=lambda m: m.name.casefold()):
        if member.active:
            for mentor in site.expertise.mentors_for(member):
                found.setdefault(mentor.id, []).append(member)
    return found


def mismatches(site: Site) -> list[Mismatch]:
    """Active members who declare expert level in a domain but authored nothing there, and members who authored
    practices in a domain they did not declare; by name."""
    out = []
    for member in sorted(site.community.members.values(), key=lambda m: m.name.casefold()):
        evidenced = site.evidence.evidenced_domains(member.id)
        out += [Mismatch(member, d, level, 0) for d, level in member.expertise.items()
                if member.active and level == "expert" and d in site.community.domains and d not in evidenced]
        out += [Mismatch(member, d, "", n) for d, n in evidenced.items() if d not in member.expertise]
    return out


def pages(site: Site) -> Iterator[Page]:
    ex = site.expertise
    found = mismatches(site)
    yield Page("expertise/index.md", site.render(
        "expertise.md.j2", "expertise/index.md", mismatches=len(found),
        top_topics=sorted(ex.by_topic.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))[:SUMMARY_TOPICS]),
        title="Who knows what")
    lists = (("topics", "Ask about", list(ex.by_topic.items()), TOPICS_PER_PAGE, {}),
             ("mentors", "Mentors", ex.mentors, MENTORS_PER_PAGE, {"mentees": mentees(site)}),
             ("evidence", "Declared and evidenced", found, EVIDENCE_PER_PAGE, {}))
    for name, title, items, per_page, extra in lists:
        for part in split_list(f"expertise/{name}/index.md", items, per_page):
            yield Page(part.uri, site.render(f"expertise-{name}.md.j2", part.uri, part=part, **extra),
                       title=title + (f", page {part.number}" if part.number > 1 else ""))
