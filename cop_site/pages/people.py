"""The people directory (/people/) and one profile per member (/people/<id>/)."""

from __future__ import annotations

from typing import Iterator

from ..model import Domain, Practice
from .base import Page, Site, member_uri


def last_steward_of(site: Site, member_id: str) -> list[Practice]:
    """Practices that would have no active steward if this member left."""
    members = site.community.members
    return [p for p in site.expertise.stewarded.get(member_id, [])
            if [s for s in p.stewards if s in members and members[s].active] == [member_id]]


def stewarded_domains(site: Site, member_id: str) -> list[Domain]:
    """Domains the member stewards."""
    return [d for d in site.community.domains.values() if member_id in d.stewards]


def pages(site: Site) -> Iterator[Page]:
    """The directory, then every profile, by id."""
    yield Page("people/index.md", site.render("people.md.j2", "people/index.md"), title="People")
    for member in sorted(site.community.members.values(), key=lambda m: m.id):
        uri = member_uri(member.id)
        yield Page(uri, site.render("profile.md.j2", uri, member=member, lone=last_steward_of(site, member.id),
                                    stewarded_domains=stewarded_domains(site, member.id)),
                   member.source, member.name)
