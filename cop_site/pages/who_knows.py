"""Who knows what (/expertise/): declared expertise by domain and topic, mentors, evidence, gaps."""

from __future__ import annotations

from typing import Iterator

from ..model import Member
from .base import Page, Site


def mentees(site: Site) -> dict[str, list[Member]]:
    """Mentor id -> active members learning something that mentor can help with, by name."""
    found: dict[str, list[Member]] = {}
    for member in sorted(site.community.members.values(), key=lambda m: m.name.casefold()):
        if member.active:
            for mentor in site.expertise.mentors_for(member):
                found.setdefault(mentor.id, []).append(member)
    return found


def declared_without_evidence(site: Site) -> list[tuple[Member, str]]:
    """(member, domain) for active members who declare expertise but authored nothing there."""
    out = []
    for member in sorted(site.community.members.values(), key=lambda m: m.name.casefold()):
        evidenced = site.evidence.evidenced_domains(member.id)
        out += [(member, d) for d, lvl in member.expertise.items()
                if member.active and lvl == "expert" and d in site.community.domains and d not in evidenced]
    return out


def evidence_without_declaration(site: Site) -> list[tuple[Member, str, int]]:
    """(member, domain, practices) for members who authored practices in a domain they did not declare."""
    out = []
    for member in sorted(site.community.members.values(), key=lambda m: m.name.casefold()):
        for d, n in site.evidence.evidenced_domains(member.id).items():
            if d not in member.expertise:
                out.append((member, d, n))
    return out


def pages(site: Site) -> Iterator[Page]:
    yield Page("expertise/index.md", site.render(
        "expertise.md.j2", "expertise/index.md", mentees=mentees(site), unproven=declared_without_evidence(site),
        undeclared=evidence_without_declaration(site)), title="Who knows what")
