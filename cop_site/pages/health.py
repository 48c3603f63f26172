"""Knowledge health (/health/): stale and unowned practices, fragile domains, unmatched authors, unused terms."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterator

from ..model import Practice, Term
from .base import Page, Site


def stale_practices(site: Site) -> list[tuple[Practice, date, int]]:
    """Practices neither changed nor reviewed within their review period, the oldest first."""
    out = []
    for practice in site.community.practices.values():
        last, _period, stale = site.review_state(practice)
        if stale and practice.status != "deprecated":
            out.append((practice, last, (site.today - last).days))
    return sorted(out, key=lambda item: (item[1], item[0].key))


def unowned_practices(site: Site) -> list[Practice]:
    """Practices with no active steward: all alumni, or unknown."""
    members = site.community.members
    return sorted((p for p in site.community.practices.values()
                   if not any(s in members and members[s].active for s in p.stewards)), key=lambda p: p.key)


def fragile_domains(site: Site) -> list[tuple[str, int]]:
    """(domain, bus factor) for domains whose knowledge rests on one person or nobody."""
    return sorted((d, n) for d, n in site.evidence.bus_factor.items() if n <= 1)


def unmatched_authors(site: Site, limit: int = 50) -> list[tuple[str, int]]:
    """(name, commits) of the most frequent git authors matched to no member; their e-mail addresses are not
    published (maintainers see them with `cop-site authors`)."""
    by_name: Counter = Counter()
    for (name, _email), n in site.history.unmatched.items():
        by_name[name] += n
    return sorted(by_name.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))[:limit]


def unused_terms(site: Site) -> list[Term]:
    """Glossary terms no practice uses, A-Z."""
    return sorted((t for t in site.community.terms if not site.used_by.get(t)), key=lambda t: t.term.casefold())


def pages(site: Site) -> Iterator[Page]:
    yield Page("health/index.md", site.render(
        "health.md.j2", "health/index.md", stale=stale_practices(site), unowned=unowned_practices(site),
        fragile=fragile_domains(site), unmatched=unmatched_authors(site), unused=unused_terms(site)),
        title="Knowledge health")
