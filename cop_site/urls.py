"""Where each generated file is published in the site: one definition for the pages, the plugin and `check`."""

from __future__ import annotations

from typing import Iterable

from .model import Community, Practice
from .schemas import NAMES as SCHEMA_NAMES

PAGE_KINDS = ("people", "expertise", "domains", "glossary", "start-here", "practices", "health", "changes")
"""The optional overview pages; each kind's page is ``<kind>/index.md``."""

GLOSSARY_URI = "glossary/index.md"
"""The glossary's A-Z index; each domain's entries are on a page of their own beside it (``glossary_uri``)."""


def member_uri(member_id: str) -> str:
    return f"people/{member_id}.md"


def practice_uri(practice: Practice) -> str:
    return f"practices/{practice.domain}/{practice.id}.md"


def domain_uri(domain_id: str) -> str:
    return f"domains/{domain_id}.md"


def glossary_uri(domain_id: str) -> str:
    """The page with a domain's glossary entries: ``glossary/<domain>/``, so entries keep their URL as the
    glossary grows (``glossary.entry_url`` builds the same URL from the index's)."""
    return f"glossary/{domain_id}/index.md"


def domain_feed_uri(domain_id: str) -> str:
    """A domain's Atom feed, in the folder of the domain's page: ``domains/<id>/feed.xml``."""
    return f"domains/{domain_id}/feed.xml"


def domain_sitemap_uri(domain_id: str) -> str:
    """A sitemap beside a domain's feed, ``domains/<id>/sitemap.xml``, listing the domain's page. Material's (and
    Zensical's) script fetches ``sitemap.xml`` from the folder of every ``<link rel="alternate">`` in a page's head;
    without this file every domain and practice page would ask the server for a file it lacks."""
    return f"domains/{domain_id}/sitemap.xml"


def badge_uri(domain_id: str) -> str:
    """A domain's status badge, in the folder of the domain's page: ``domains/<id>/badge.svg``."""
    return f"domains/{domain_id}/badge.svg"


def asset_uri(source: str) -> str:
    """Where a file next to a practice is published: 'practices/<domain>/<name>', whatever the folder is called."""
    return "practices/" + "/".join(source.split("/")[-2:])


def planned_pages(community: Community, kinds: Iterable[str] = PAGE_KINDS) -> dict[str, str | None]:
    """The generated files every build of ``community`` has, with the source each comes from, known without
    rendering a page: what `cop-site check` compares hand-written pages' URLs with (a subset of ``build_pages``)."""
    kinds = set(kinds)
    out: dict[str, str | None] = {f"{kind}/index.md": None for kind in PAGE_KINDS if kind in kinds}
    if "people" in kinds:
        out.update({member_uri(m.id): m.source for m in community.members.values()})
    if "domains" in kinds:
        out.update({domain_uri(d.id): d.source if d.positions else None for d in community.domains.values()})
        out.update(dict.fromkeys(badge_uri(d) for d in community.domains))
    if "glossary" in kinds:
        out.update(dict.fromkeys(glossary_uri(domain) for domain in {term.domain for term in community.terms}))
    if "changes" in kinds:
        out["feed.xml"] = None
        out.update(dict.fromkeys(domain_feed_uri(d) for d in community.domains))
        out.update(dict.fromkeys(domain_sitemap_uri(d) for d in community.domains))
    out.update({practice_uri(p): p.source for p in community.practices.values()})
    out.update(dict.fromkeys(["cop.json", *(f"schemas/{name}.schema.json" for name in SCHEMA_NAMES)]))
    out.update({asset_uri(source): source for source in community.assets})
    return out
