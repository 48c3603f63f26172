"""The community as data (/cop.json) and the JSON Schemas of its file formats (/schemas/)."""

from __future__ import annotations

import json
from typing import Iterator

from ..markup import clean_data
from ..schemas import NAMES, schema_text
from .base import Page, Site, domain_uri, glossary_uri, member_uri, page_url, practice_uri


def community_graph(site: Site) -> dict:
    """The whole community as data: members, domains, practices, terms and the links between them."""
    c = site.community
    return {
        "members": [{"id": m.id, "name": m.name, "role": m.role, "organization": m.organization, "status": m.status,
                     "mentor": m.mentor, "expertise": dict(m.expertise), "topics": list(m.topics),
                     "learning": list(m.learning), "location": m.location, "timezone": m.timezone,
                     "url": page_url(member_uri(m.id))} for m in c.members.values()],
        "domains": [{"id": d.id, "title": d.title, "summary": d.summary, "stewards": list(d.stewards),
                     "url": page_url(domain_uri(d.id))} for d in c.domains.values()],
        "practices": [{"id": p.key, "title": p.title, "summary": p.summary, "domains": list(p.all_domains),
                       "stewards": list(p.stewards), "status": p.status, "level": p.level, "tags": list(p.tags),
                       "related": [r.key for r in site.related(p)], "url": page_url(practice_uri(p))}
                      for p in c.practices.values()],
        "terms": [{"term": t.term, "domain": t.domain, "definition": t.definition, "aliases": list(t.aliases),
                   "see": [p.key for p in site.explained_by.get(t, [])],
                   "used_in": [p.key for p in site.used_by.get(t, [])],
                   "url": page_url(glossary_uri(t.domain)) + "#" + t.anchor} for t in c.terms],
    }


def pages(site: Site) -> Iterator[Page]:
    """cop.json and every schema; always built."""
    yield Page("cop.json", json.dumps(clean_data(community_graph(site)), indent=1, sort_keys=True) + "\n")
    for name in NAMES:
        yield Page(f"schemas/{name}.schema.json", schema_text(name))
