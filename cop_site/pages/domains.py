"""The domains overview (/domains/), one page per domain (/domains/<id>/) and each domain's badge."""

from __future__ import annotations

from typing import Iterator

from . import badges
from .base import Page, Site, domain_uri


def pages(site: Site) -> Iterator[Page]:
    yield Page("domains/index.md", site.render("domains.md.j2", "domains/index.md"), title="Domains")
    for domain in site.community.domains.values():
        uri = domain_uri(domain.id)
        yield Page(uri, site.render("domain.md.j2", uri, domain=domain),
                   domain.source if domain.positions else None, domain.title)
    yield from badges.pages(site)
