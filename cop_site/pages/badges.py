"""A status badge per domain (/domains/<id>/badge.svg) that a team's README or wiki elsewhere can show: its
practices, active experts and last change, coloured by whether the domain needs help (as the digest says it)."""

from __future__ import annotations

from typing import Iterator

from ..pictures import badge
from ..signals import domain_activity, help_reasons
from ..urls import badge_uri
from .base import Page, Site


def pages(site: Site) -> Iterator[Page]:
    """One badge per domain: green when healthy, amber when quiet, red without an active expert or steward."""
    activity = domain_activity(site.community, site.history, site.expertise, site.today, site.options.practices_dir,
                               site.options.review_every)
    needs = help_reasons(site.community, site.expertise, activity)
    for domain_id in site.community.domains:
        found = activity[domain_id]
        experts = len(site.people_for_domain(domain_id).get("expert", []))
        parts = [f"{found.practices} practice{'s' if found.practices != 1 else ''}",
                 f"{experts} expert{'s' if experts != 1 else ''}"]
        if found.last_change is not None:
            parts.append(f"changed {found.last_change.isoformat()}")
        reasons = needs.get(domain_id, [])
        state = "at-risk" if any(r.startswith("no active") for r in reasons) else "quiet" if reasons else "healthy"
        yield Page(badge_uri(domain_id), badge(site.domain_title(domain_id), " · ".join(parts), state))
