"""Knowledge health: a summary with counts and one row per domain (/health/), and what needs care in each domain
on a page of its own (/health/<domain>/), every item with the file to change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from ..model import Practice, Term
from .awareness import LISTED
from .base import Page, Site, health_uri

AUTHORS_SHOWN = 50
"""Git authors matched to no member listed on the summary, the most frequent first."""


@dataclass
class DomainHealth:
    """What needs care in one domain."""

    domain: str
    stale: list[tuple[Practice, date, int]] = field(default_factory=list)
    unowned: list[Practice] = field(default_factory=list)
    unused: list[Term] = field(default_factory=list)
    bus_factor: int | None = None
    """None when the domain has no practice."""

    @property
    def fragile(self) -> bool:
        """Whether its knowledge rests on one person or nobody."""
        return self.bus_factor is not None and self.bus_factor <= 1

    @property
    def to_fix(self) -> int:
        return len(self.stale) + len(self.unowned) + len(self.unused) + int(self.fragile)


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


def unmatched_authors(site: Site, limit: int = AUTHORS_SHOWN) -> list[tuple[str, int]]:
    """(name, commits) of the most frequent git authors matched to no member. By name only: the e-mail addresses
    in git history are never published."""
    by_name: dict[str, int] = {}
    for (name, _email), commits in site.history.unmatched.items():
        by_name[name] = by_name.get(name, 0) + commits
    return sorted(by_name.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))[:limit]


def unused_terms(site: Site) -> list[Term]:
    """Glossary terms no practice uses, A-Z."""
    return sorted((t for t in site.community.terms if not site.used_by.get(t)), key=lambda t: t.term.casefold())


def domain_health(site: Site) -> dict[str, DomainHealth]:
    """Domain id -> what needs care there, for every domain (those with nothing to fix too)."""
    c = site.community
    found = {d: DomainHealth(d) for d in sorted({*c.domains, *(p.domain for p in c.practices.values()),
                                                 *(t.domain for t in c.terms)})}
    for item in stale_practices(site):
        found[item[0].domain].stale.append(item)
    for practice in unowned_practices(site):
        found[practice.domain].unowned.append(practice)
    for term in unused_terms(site):
        found[term.domain].unused.append(term)
    for domain, factor in site.evidence.bus_factor.items():
        if domain in found:
            found[domain].bus_factor = factor
    return found


def pages(site: Site) -> Iterator[Page]:
    """The summary, then one page per domain, by domain id."""
    domains = domain_health(site)
    rows = sorted(domains.values(), key=lambda h: (-h.to_fix, site.domain_title(h.domain).casefold()))
    aware = site.awareness
    fragile = sorted((h.domain for h in rows if h.fragile and h.domain in site.community.domains),
                     key=lambda d: (domains[d].bus_factor, site.domain_title(d).casefold()))
    actions = aware.actions(fragile, {h.domain: len(h.stale) for h in rows
                                      if h.stale and h.domain in site.community.domains})
    yield Page("health/index.md", site.render("health.md.j2", "health/index.md", rows=rows, aware=aware,
                                              actions=actions, LISTED=LISTED,
                                              bus_factor={d: h.bus_factor for d, h in domains.items()},
                                              authors=unmatched_authors(site),
                                              author_count=len({name for name, _email in site.history.unmatched})),
               title="Knowledge health")
    for domain_id, health in domains.items():
        uri = health_uri(domain_id)
        yield Page(uri, site.render("health-domain.md.j2", uri, health=health,
                                    activity=aware.activity.get(domain_id), LISTED=LISTED),
                   title=f"Knowledge health: {site.domain_title(domain_id)}")
