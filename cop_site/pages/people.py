"""The people directory (/people/, in pages of ``PEOPLE_PER_PAGE``) and one profile per member (/people/<id>/)."""

from __future__ import annotations

from typing import Iterator

from ..model import Domain, Practice
from .base import Page, Site, member_uri, split_list

PEOPLE_PER_PAGE = 120
"""Member cards on one page of the directory: the first page at /people/, the next at /people/page/2/, ..."""

LISTED = 100
"""Practices a profile lists as stewarded, and as contributed to, before "and N more": one commit that touched
every file (a reformatting, a move) must not put every practice on its author's page."""


def last_steward_of(site: Site, member_id: str) -> list[Practice]:
    """Practices that would have no active steward if this member left."""
    members = site.community.members
    return [p for p in site.expertise.stewarded.get(member_id, [])
            if [s for s in p.stewards if s in members and members[s].active] == [member_id]]


def stewarded_domains(site: Site, member_id: str) -> list[Domain]:
    """Domains the member stewards."""
    return [d for d in site.community.domains.values() if member_id in d.stewards]


def pages(site: Site) -> Iterator[Page]:
    """The directory (active members A-Z, then alumni), then every profile, by id."""
    members = site.community.members.values()
    active = sorted((m for m in members if m.active), key=lambda m: m.name.casefold())
    alumni = sorted((m for m in members if not m.active), key=lambda m: m.name.casefold())
    for part in split_list("people/index.md", active + alumni, PEOPLE_PER_PAGE):
        yield Page(part.uri, site.render("people.md.j2", part.uri, part=part, active=len(active), alumni=len(alumni)),
                   title="People" if part.number == 1 else f"People, page {part.number}")
    for member in sorted(members, key=lambda m: m.id):
        uri = member_uri(member.id)
        yield Page(uri, site.render("profile.md.j2", uri, member=member, lone=last_steward_of(site, member.id),
                                    stewarded_domains=stewarded_domains(site, member.id), LISTED=LISTED),
                   member.source, member.name)
