"""Awareness from history: participation by month, newcomer and stagnation signals, the most urgent actions.

Plain data from the one history pass, for the pages, the pictures, the digest and ``cop.json``.

Participation follows Wenger's levels: a small **core** that takes part most of the time, an **active** group
that takes part regularly, and a **peripheral** majority that takes part now and then; **newcomers** make their
first contribution that month (Lave and Wenger's legitimate peripheral participation: they start at the edge).
A person's level in a month is read from the months in which they contributed during the window that ends
with it; the thresholds are settings.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Iterable, Mapping

from .expertise import Expertise
from .history import Commit, History
from .model import Community, Member, Practice

KINDS = ("core", "active", "peripheral", "newcomer")
"""Kinds of participation, from the centre to the edge."""


@dataclass(frozen=True)
class Settings:
    """Thresholds of the signals; the plugin's ``participation`` option sets them."""

    window: int = 12
    """Months looked back over (the month itself included) to tell a person's level of participation."""
    core: int = 6
    """Months with a contribution in the window that make a person core."""
    active: int = 3
    """Months with a contribution in the window that make a person active (fewer: peripheral)."""
    months: int = 24
    """Months shown in pictures and tables of participation."""
    quiet_days: int = 90
    """A member who joined this long ago and has contributed nothing since is a silent newcomer."""
    quiet_quarters: int = 2
    """A domain with no change in this many quarters, after changes before, has gone quiet."""
    recent_days: int = 180
    """How far back "new" members and authors of a domain are counted."""


SETTINGS_LIMITS = {"window": (1, 60), "core": (1, 60), "active": (1, 60), "months": (3, 60), "quiet_days": (1, 3650),
                   "quiet_quarters": (1, 7), "recent_days": (1, 3650)}
"""The range each setting may take: pictures show at most 60 months, whatever the community's age and size."""


def settings_problem(values: Mapping[str, object]) -> str | None:
    """What is wrong with ``participation`` settings given as plain data (None: nothing), with what is allowed."""
    for name, value in values.items():
        if name not in SETTINGS_LIMITS:
            return f"unknown setting '{name}'; the settings are {', '.join(SETTINGS_LIMITS)}"
        low, high = SETTINGS_LIMITS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"'{name}' must be a whole number from {low} to {high}, not {value!r}"
    merged = {**Settings().__dict__, **values}
    if not merged["active"] <= merged["core"] <= merged["window"]:
        return (f"'active' ({merged['active']}) must be at most 'core' ({merged['core']}), and 'core' at most "
                f"'window' ({merged['window']}): they count months with a contribution in the window")
    return None


def settings_from(values: object) -> Settings:
    """Settings from plain data (the ``participation`` option read from mkdocs.yml); the defaults where it is
    missing or not valid (the plugin reports what is wrong; readers without MkDocs fall back quietly)."""
    if not isinstance(values, Mapping) or settings_problem(values) is not None:
        return Settings()
    return Settings(**values)


def month_index(day: date) -> int:
    """Months since year 0: consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    """'2026-03' for a month index."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def quarter_label(index: int) -> str:
    """'2026 Q1' for a quarter index (months // 3)."""
    return f"{index // 4:04d} Q{index % 4 + 1}"


# --- freshness ---------------------------------------------------------------------------------------------------

def review_state(practice: Practice, history: History, today: date, default_period: int
                 ) -> tuple[date | None, int, bool]:
    """(last changed or reviewed, review period in days, stale?) of a practice."""
    period = practice.review_every or default_period
    file_history = history.get(practice.source)
    updated = file_history.updated.date() if file_history is not None and file_history.changes else None
    try:
        reviewed = date.fromisoformat(practice.reviewed) if practice.reviewed else None
    except ValueError:
        reviewed = None
    last = max((d for d in (updated, reviewed) if d), default=None)
    return last, period, bool(last and (today - last).days > period)


# --- participation -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Month:
    """Who took part in one month, by kind: author keys (member ids, or e-mails of non-members)."""

    label: str
    core: tuple[str, ...] = ()
    active: tuple[str, ...] = ()
    peripheral: tuple[str, ...] = ()
    newcomer: tuple[str, ...] = ()

    def count(self, kind: str) -> int:
        return len(getattr(self, kind))

    @property
    def total(self) -> int:
        return sum(self.count(kind) for kind in KINDS)


def participation(commits: Iterable[Commit], today: date, settings: Settings = Settings(),
                  scope: Callable[[str], bool] | None = None) -> list[Month]:
    """Contributors of each of the last ``settings.months`` months (oldest first), by kind.

    Args:
        commits: the history's commits.
        today: the last month shown is today's.
        settings: the thresholds.
        scope: only files for which this is true count (a domain's folder); all files when None.
    """
    months_of: dict[str, set[int]] = defaultdict(set)
    for commit in commits:
        if scope is None or any(scope(path) for path in commit.paths):
            months_of[commit.author.key].add(month_index(commit.date.date()))
    first = {person: min(months) for person, months in months_of.items()}
    last_month = month_index(today)
    out = []
    for index in range(last_month - settings.months + 1, last_month + 1):
        kinds: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for person, months in months_of.items():
            if index not in months:
                continue
            if first[person] == index:
                kinds["newcomer"].append(person)
                continue
            recent = sum(1 for m in months if index - settings.window < m <= index)
            kind = "core" if recent >= settings.core else "active" if recent >= settings.active else "peripheral"
            kinds[kind].append(person)
        out.append(Month(month_label(index), **{kind: tuple(sorted(people)) for kind, people in kinds.items()}))
    return out


def commits_by_domain(commits: Iterable[Commit], practices_dir: str) -> dict[str, list[Commit]]:
    """The commits that touched each domain's folder (``<practices_dir>/<domain>/...``), in the order given, from
    one pass over the history: per-domain figures then cost what the domain's own history costs, not the whole
    history once per domain."""
    prefix = practices_dir.rstrip("/") + "/"
    out: dict[str, list[Commit]] = defaultdict(list)
    for commit in commits:
        touched = {rest.partition("/")[0] for path in commit.paths if path.startswith(prefix)
                   and "/" in (rest := path[len(prefix):])}
        for domain_id in touched:
            out[domain_id].append(commit)
    return out


def in_folder(folder: str) -> Callable[[str], bool]:
    """A scope for ``participation``: files under ``folder``."""
    prefix = folder.rstrip("/") + "/"
    return lambda path: path.startswith(prefix)


# --- newcomers ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SilentJoiner:
    """A member who joined a while ago and has not contributed since; ``ask`` could help them start."""

    member: Member
    joined: date
    ask: tuple[Member, ...]


@dataclass(frozen=True)
class Cohort:
    """The people whose first contribution fell in one quarter, and who of them came back later."""

    label: str
    newcomers: tuple[str, ...]
    returned: tuple[str, ...]

    @property
    def rate(self) -> float | None:
        return len(self.returned) / len(self.newcomers) if self.newcomers else None


@dataclass(frozen=True)
class Learner:
    """An active member learning something no active mentor helps with; ``ask`` are experts who could."""

    member: Member
    wants: tuple[str, ...]
    ask: tuple[Member, ...]


@dataclass
class Newcomers:
    """How newcomers are finding their way in."""

    silent: list[SilentJoiner] = field(default_factory=list)
    cohorts: list[Cohort] = field(default_factory=list)
    """The last eight quarters, oldest first."""
    one_time: list[str] = field(default_factory=list)
    """Author keys of people who contributed in one month only, more than a month ago, in the cohorts' span."""
    moving_in: list[str] = field(default_factory=list)
    """Author keys of people who started within the window and are now active or core: moving to the centre."""
    learners: list[Learner] = field(default_factory=list)
    no_newcomer_practice: list[str] = field(default_factory=list)
    """Domains with no active practice written for newcomers."""


def joined_on(member: Member, history: History) -> date | None:
    """The day a member joined: ``joined`` in the profile, else the commit that added the profile."""
    try:
        if member.joined:
            return date.fromisoformat(member.joined)
    except ValueError:
        pass
    file_history = history.get(member.source)
    return file_history.created.date() if file_history is not None and file_history.changes else None


def newcomer_signals(community: Community, history: History, expertise: Expertise, today: date,
                     settings: Settings = Settings()) -> Newcomers:
    """Silent joiners, return rate of first-time contributors, learners without a mentor, domains without a
    practice for newcomers."""
    out = Newcomers()
    months_of: dict[str, set[int]] = defaultdict(set)
    contributed: set[str] = set()  # members with a contribution other than to their own profile
    for commit in history.commits:
        months_of[commit.author.key].add(month_index(commit.date.date()))
        member = commit.author.member
        if member in community.members and any(path != community.members[member].source for path in commit.paths):
            contributed.add(member)
    for member in sorted(community.members.values(), key=lambda m: m.name.casefold()):
        joined = joined_on(member, history)
        if (member.active and joined and (today - joined).days >= settings.quiet_days
                and member.id not in contributed):
            out.silent.append(SilentJoiner(member, joined, tuple(_helpers_for(member, expertise))))
    now = month_index(today)
    first = {person: min(months) for person, months in months_of.items()}
    this_quarter = now // 3
    for quarter in range(this_quarter - 7, this_quarter + 1):
        started = sorted(p for p, m in first.items() if m // 3 == quarter)
        returned = tuple(p for p in started if len(months_of[p]) > 1)
        out.cohorts.append(Cohort(quarter_label(quarter), tuple(started), returned))
    span_start = (this_quarter - 7) * 3
    out.one_time = sorted(p for p, months in months_of.items()
                          if len(months) == 1 and span_start <= first[p] < now)
    window_start = now - settings.window + 1
    for person, months in months_of.items():
        if first[person] >= window_start and first[person] < now:
            recent = sum(1 for m in months if now - settings.window < m <= now)
            if recent >= settings.active:
                out.moving_in.append(person)
    out.moving_in.sort()
    for member in sorted(community.members.values(), key=lambda m: m.name.casefold()):
        if not member.active:
            continue
        wants = tuple(dict.fromkeys([*member.learning,
                                     *(d for d, lvl in member.expertise.items() if lvl == "learning")]))
        if wants and not expertise.mentors_for(member):
            ask = [m for d in wants for m in expertise.by_domain.get(d, {}).get("expert", []) if m.id != member.id]
            out.learners.append(Learner(member, wants, tuple(dict.fromkeys(ask))))
    for domain in sorted(community.domains):
        practices = community.practices_in(domain)
        if not any(p.level == "newcomer" and p.status == "active" for p in practices):
            out.no_newcomer_practice.append(domain)
    return out


def _helpers_for(member: Member, expertise: Expertise) -> list[Member]:
    """Who could help a member start: mentors in what they learn, else mentors and experts of their domains."""
    found = expertise.mentors_for(member)
    if found:
        return found
    domains = list(member.expertise)
    found = [m for m in expertise.mentors if m.id != member.id and set(m.expertise) & set(domains)]
    found += [m for d in domains for m in expertise.by_domain.get(d, {}).get("expert", []) if m.id != member.id]
    return list(dict.fromkeys(found))[:3] or [m for m in expertise.mentors if m.id != member.id][:3]


# --- stagnation --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DomainActivity:
    """How alive a domain is: its changes per quarter and what goes with them."""

    domain: str
    quarters: tuple[tuple[str, int], ...]
    """(quarter, changes) for the last eight quarters, oldest first."""
    last_change: date | None
    practices: int
    stale: int
    new_members: tuple[str, ...]
    """Member ids who joined recently and declare expertise in the domain."""
    new_authors: tuple[str, ...]
    """Author keys whose first change to the domain is recent."""
    quiet: bool
    """No change in the last quarters, after changes before."""
    revivers: tuple[Member, ...] = ()
    """Who could revive a quiet domain: its active stewards, then experts, then past authors."""

    @property
    def trend(self) -> str:
        """'rising', 'falling' or 'steady': the last two quarters against the two before."""
        counts = [n for _q, n in self.quarters]
        recent, before = sum(counts[-2:]), sum(counts[-4:-2])
        if recent > before * 1.25 and recent - before >= 2:
            return "rising"
        if recent < before * 0.75 and before - recent >= 2:
            return "falling"
        return "steady"

    @property
    def stale_share(self) -> float:
        return self.stale / self.practices if self.practices else 0.0


def domain_activity(community: Community, history: History, expertise: Expertise, today: date,
                    practices_dir: str, review_every: int, settings: Settings = Settings()
                    ) -> dict[str, DomainActivity]:
    """Each domain's changes per quarter, trend, last change, stale share, new members and authors, quiet flag."""
    this_quarter = month_index(today) // 3
    quarters = list(range(this_quarter - 7, this_quarter + 1))
    recent_since = today - timedelta(days=settings.recent_days)
    by_domain = commits_by_domain(history.commits, practices_dir)
    recent_members: dict[str, list[str]] = defaultdict(list)
    for member in sorted(community.members.values(), key=lambda m: m.name.casefold()):
        if member.active and (joined := joined_on(member, history)) is not None and joined >= recent_since:
            for domain_id in member.expertise:
                recent_members[domain_id].append(member.id)
    out: dict[str, DomainActivity] = {}
    for domain_id in sorted(community.domains):
        counts: dict[int, int] = defaultdict(int)
        first_change: dict[str, date] = {}
        last_change: date | None = None
        for commit in by_domain.get(domain_id, ()):  # newest first
            day = commit.date.date()
            counts[month_index(day) // 3] += 1
            last_change = last_change or day
            first_change[commit.author.key] = day
        practices = community.practices_in(domain_id)
        stale = sum(1 for p in practices
                    if p.status != "deprecated" and review_state(p, history, today, review_every)[2])
        new_members = tuple(recent_members.get(domain_id, ()))
        new_authors = tuple(sorted(k for k, day in first_change.items() if day >= recent_since))
        silent_quarters = quarters[-settings.quiet_quarters:]
        quiet = bool(first_change) and all(counts[q] == 0 for q in silent_quarters)
        activity = DomainActivity(domain_id, tuple((quarter_label(q), counts[q]) for q in quarters), last_change,
                                  len(practices), stale, new_members, new_authors, quiet)
        if quiet:
            activity = _with_revivers(activity, community, expertise, first_change)
        out[domain_id] = activity
    return out


def _with_revivers(activity: DomainActivity, community: Community, expertise: Expertise,
                   authors: Mapping[str, date]) -> DomainActivity:
    members = community.members
    domain = community.domains[activity.domain]
    found = [members[s] for s in domain.stewards if s in members and members[s].active]
    found += expertise.by_domain.get(activity.domain, {}).get("expert", [])
    found += [members[k] for k in sorted(authors, key=lambda k: authors[k], reverse=True)
              if k in members and members[k].active]
    return DomainActivity(**{**activity.__dict__, "revivers": tuple(dict.fromkeys(found))[:3]})


# --- one member --------------------------------------------------------------------------------------------------

def member_timeline(member_id: str, history: History, today: date, settings: Settings = Settings()
                    ) -> list[tuple[str, int]]:
    """(month, commits) of one member over the last ``settings.months`` months, oldest first."""
    counts: dict[int, int] = defaultdict(int)
    for commit in history.commits:
        if commit.author.member == member_id:
            counts[month_index(commit.date.date())] += 1
    now = month_index(today)
    return [(month_label(i), counts[i]) for i in range(now - settings.months + 1, now + 1)]


def help_reasons(community: Community, expertise: Expertise, activity: Mapping[str, DomainActivity]
                 ) -> dict[str, list[str]]:
    """Domain id -> why it needs help (gone quiet, with who could revive it; no active expert; no active steward),
    for the domains that do: what the digest lists and the domain badges show."""
    gaps = set(expertise.gaps())
    members = community.members
    out: dict[str, list[str]] = {}
    for domain in sorted(community.domains.values(), key=lambda d: d.title.casefold()):
        reasons = []
        found = activity.get(domain.id)
        if found is not None and found.quiet and found.last_change is not None:
            revivers = ", ".join(m.name for m in found.revivers)
            reasons.append(f"no change since {found.last_change.isoformat()}"
                           + (f" (could revive it: {revivers})" if revivers else ""))
        if domain.id in gaps:
            reasons.append("no active expert")
        if not any(s in members and members[s].active for s in domain.stewards):
            reasons.append("no active steward")
        if reasons:
            out[domain.id] = reasons
    return out
