"""The awareness signals of a site, computed once, and the pictures the pages show of them (health, domains,
expertise, profiles): every picture bounded, whatever the size of the community."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..model import LEVELS, Member
from ..pictures import bars, figure, heat_map, sparkline, stacked_bars
from ..signals import (KINDS, DomainActivity, Month, Newcomers, commits_by_domain, domain_activity, member_timeline,
                       newcomer_signals, participation)

if TYPE_CHECKING:
    from .base import Site

BARS_SHOWN = 15
"""Domains in a bar picture (the most fragile, or the stalest, first); every domain is in the table of the health
page's summary."""
HEAT_ROWS = 30
"""Domains in the expertise heat map: those with the most people; every domain is in the table under it."""
SPARKLINES = 100
"""Domains of /domains/ with an activity sparkline: the busiest ones (the others say their count in words)."""
LISTED = 20
"""People or domains a signal of the health page names before "and N more"."""

KIND_NAMES = {"core": "Core", "active": "Active", "peripheral": "Peripheral", "newcomer": "Newcomers"}
KIND_CSS = {kind: f"cop-k-{kind}" for kind in KINDS}


@dataclass(frozen=True)
class Action:
    """One thing to do now: what, on which page, and who to ask."""

    kind: str
    """'welcome', 'revive', 'mentor', 'pair', 'write' or 'review'."""
    subject: str
    """A member's name or a domain's title."""
    uri: str
    """The page of the subject."""
    detail: str
    ask: tuple[Member, ...] = ()


class Awareness:
    """Participation, newcomer and stagnation signals of a site, from its one history pass."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.settings = site.options.participation
        self.available = site.history.available and bool(site.history.commits)
        c, history, today = site.community, site.history, site.today
        self.months: list[Month] = participation(history.commits, today, self.settings) if self.available else []
        folder = site.options.practices_dir
        self._by_domain = commits_by_domain(history.commits, folder)
        self._domain_months: dict[str, list[Month]] = {}
        self.activity: dict[str, DomainActivity] = domain_activity(
            c, history, site.expertise, today, folder, site.options.review_every,
            self.settings) if self.available else {}
        self.newcomers: Newcomers = newcomer_signals(c, history, site.expertise, today, self.settings) \
            if self.available else Newcomers()

    def domain_months(self, domain_id: str) -> list[Month]:
        """Participation in one domain's folder, month by month."""
        if domain_id not in self._domain_months:
            self._domain_months[domain_id] = participation(self._by_domain.get(domain_id, []), self.site.today,
                                                           self.settings)
        return self._domain_months[domain_id]

    @property
    def quiet(self) -> list[DomainActivity]:
        """Domains gone quiet, those with the most practices first."""
        return sorted((a for a in self.activity.values() if a.quiet),
                      key=lambda a: (-a.practices, self.site.domain_title(a.domain).casefold()))

    # --- what to do -----------------------------------------------------------------------------------------

    def actions(self, fragile: list[str], stale: dict[str, int]) -> list[Action]:
        """The most urgent actions, one of each kind in this order while there are fewer than three: welcome a
        silent newcomer, revive a quiet domain, find a mentor for a learner, pair someone with the one person a
        domain rests on, write a practice for newcomers, review stale practices.

        Args:
            fragile: domains whose knowledge rests on one person or nobody.
            stale: domain -> stale practices in it.
        """
        from .base import domain_uri, health_uri, member_uri

        site, news = self.site, self.newcomers
        candidates: list[Action] = []
        if news.silent:  # the latest to join first: the easiest to reach
            s = max(news.silent, key=lambda s: (s.joined, s.member.id))
            candidates.append(Action("welcome", s.member.name, member_uri(s.member.id),
                                     f"joined on {s.joined.isoformat()} and has not contributed since", s.ask))
        if self.quiet:
            a = self.quiet[0]
            candidates.append(Action("revive", site.domain_title(a.domain), domain_uri(a.domain),
                                     f"no change since {a.last_change.isoformat()}", a.revivers))
        if news.learners:
            learner = news.learners[0]
            candidates.append(Action("mentor", learner.member.name, member_uri(learner.member.id),
                                     "learning " + ", ".join(site.domain_title(w) for w in learner.wants)
                                     + " with no mentor for it", learner.ask or tuple(site.expertise.mentors[:3])))
        if fragile:
            domain = fragile[0]
            candidates.append(Action("pair", site.domain_title(domain), health_uri(domain),
                                     "its knowledge rests on one person or nobody",
                                     tuple(site.people_for_domain(domain).get("practitioner", [])[:3])))
        if news.no_newcomer_practice:
            domain = news.no_newcomer_practice[0]
            candidates.append(Action("write", site.domain_title(domain), domain_uri(domain),
                                     "has no active practice for newcomers",
                                     tuple(site.people_for_domain(domain).get("expert", [])[:3])))
        if stale:
            domain = max(stale, key=lambda d: (stale[d], d))
            candidates.append(Action("review", site.domain_title(domain), health_uri(domain),
                                     f"{stale[domain]} stale practice{'s' if stale[domain] != 1 else ''}",
                                     tuple(site.members(site.community.domains[domain].stewards)[:3])
                                     if domain in site.community.domains else ()))
        return candidates[:3]

    # --- pictures -------------------------------------------------------------------------------------------

    def participation_figure(self, key: str, months: list[Month], where: str) -> Markup:
        """Contributors per month, stacked by kind, with the numbers as a table."""
        labels = [m.label for m in months]
        series = [(KIND_NAMES[k], KIND_CSS[k], [m.count(k) for m in months]) for k in KINDS]
        first, last = (labels[0], labels[-1]) if labels else ("", "")
        picture = stacked_bars(key, f"Contributors per month {where}",
                               f"Contributors {where} each month from {first} to {last}, stacked by kind: core, "
                               "active, peripheral and newcomers.", labels, series)
        return figure(picture, f"Contributors per month {where}, by kind",
                      ["Month", *KIND_NAMES.values(), "Total"],
                      [[m.label, *(m.count(k) for k in KINDS), m.total] for m in months])

    def sparkline(self, domain_id: str) -> Markup:
        """A domain's changes per quarter over the last eight quarters, as a small line."""
        activity = self.activity.get(domain_id)
        if activity is None:
            return Markup()
        counts = [n for _q, n in activity.quarters]
        title = (f"Changes per quarter, {activity.quarters[0][0]} to {activity.quarters[-1][0]}: "
                 + ", ".join(map(str, counts)) + f" ({activity.trend})")
        return sparkline(f"spark-{domain_id}", title, counts)

    def busiest(self, limit: int = SPARKLINES) -> set[str]:
        """The domains with the most changes in the last eight quarters."""
        ranked = sorted(self.activity.values(), key=lambda a: (-sum(n for _q, n in a.quarters), a.domain))
        return {a.domain for a in ranked[:limit]}

    def expertise_figure(self) -> Markup:
        """Members by domain and declared level, as a heat map of the domains with the most people."""
        site = self.site
        rows = []
        for domain in site.community.domains.values():
            levels = site.people_for_domain(domain.id)
            rows.append((domain.title, [len(levels.get(level, [])) for level in LEVELS]))
        rows.sort(key=lambda r: (-sum(r[1]), r[0].casefold()))
        shown = rows[:HEAT_ROWS]
        names = [level.capitalize() for level in LEVELS]
        more = f" The {len(shown)} domains with the most people, of {len(rows)}." if len(rows) > len(shown) else ""
        picture = heat_map("heat-expertise", "Active members by domain and declared level",
                           "How many active members declare each level in each domain; darker cells hold more."
                           + more, [r[0] for r in shown], names, [r[1] for r in shown])
        return figure(picture, "Active members by domain and level" + (f", the {len(shown)} domains with the most"
                                                                        if more else ""),
                      ["Domain", *names], [[title, *counts] for title, counts in shown])

    def domain_bars(self, bus: dict[str, int | None]) -> tuple[Markup, Markup]:
        """Bus factor per domain (the most fragile first) and share of stale practices (the stalest first)."""
        site = self.site
        with_practices = [(d, f) for d, f in bus.items() if f is not None and d in site.community.domains]
        fragile = sorted(with_practices, key=lambda df: (df[1], site.domain_title(df[0]).casefold()))[:BARS_SHOWN]
        peak = max((f for _d, f in fragile), default=0) or 1
        people = lambda n: f"{n} person" if n == 1 else f"{n} people"  # noqa: E731
        bus_picture = bars("bars-bus", "Bus factor per domain",
                           "How many people would have to leave before more than half of a domain's practices had "
                           "nobody who wrote or stewards them; the lowest first.",
                           [(site.domain_title(d), f, people(f)) for d, f in fragile], peak, "cop-k-bus")
        bus_figure = figure(bus_picture, f"Bus factor, the {len(fragile)} most fragile domains",
                            ["Domain", "Bus factor"], [[site.domain_title(d), f] for d, f in fragile])
        stale = [a for a in self.activity.values() if a.practices]
        stale.sort(key=lambda a: (-a.stale_share, site.domain_title(a.domain).casefold()))
        stale = stale[:BARS_SHOWN]
        stale_picture = bars("bars-stale", "Share of stale practices per domain",
                             "The share of each domain's practices neither changed nor reviewed within their review "
                             "period; the stalest first.",
                             [(site.domain_title(a.domain), a.stale_share, f"{round(100 * a.stale_share)}% "
                               f"({a.stale} of {a.practices})") for a in stale], 1, "cop-k-stale")
        stale_figure = figure(stale_picture, f"Stale practices, the {len(stale)} stalest domains",
                              ["Domain", "Stale", "Practices", "Share"],
                              [[site.domain_title(a.domain), a.stale, a.practices, f"{round(100 * a.stale_share)}%"]
                               for a in stale])
        return bus_figure, stale_figure

    def timeline_figure(self, member: Member) -> Markup:
        """A member's commits per month."""
        timeline = member_timeline(member.id, self.site.history, self.site.today, self.settings)
        labels = [m for m, _n in timeline]
        counts = [n for _m, n in timeline]
        if not any(counts):  # an empty picture says less than a sentence
            return Markup(f"No commits to the community's files from {labels[0]} to {labels[-1]}.")
        picture = stacked_bars("timeline", f"Contributions of {member.name} per month",
                               f"Commits by {member.name} to the community's files each month from {labels[0]} to "
                               f"{labels[-1]}: {sum(counts)} in all.", labels, [("Commits", "cop-k-core", counts)])
        return figure(picture, f"Contributions of {member.name} per month", ["Month", "Commits"],
                      [[m, n] for m, n in timeline])
