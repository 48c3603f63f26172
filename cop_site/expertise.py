"""Who knows what: declared levels by domain, topics, mentors and learners, gaps, similar members."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from .model import LEVELS, Community, Member, name_key



@dataclass
class Expertise:
    """Every view of declared expertise the pages need, computed once."""

    community: Community
    by_domain: dict[str, dict[str, list[Member]]] = field(default_factory=dict)
    """domain -> level -> active members, by name."""
    by_topic: dict[str, list[Member]] = field(default_factory=dict)
    """topic (as first written) -> active members who offer it."""
    learners: dict[str, list[Member]] = field(default_factory=dict)
    """domain or topic (as first written) -> active members learning it."""
    mentors: list[Member] = field(default_factory=list)
    stewarded: dict[str, list] = field(default_factory=dict)
    """member id -> practices they steward."""

    def __post_init__(self) -> None:
        community = self.community
        active = sorted((m for m in community.members.values() if m.active), key=lambda m: m.name.casefold())
        self.by_domain = {d: {level: [] for level in reversed(LEVELS)} for d in community.domains}
        topics: dict[str, str] = {}
        by_topic: dict[str, list[Member]] = defaultdict(list)
        learners: dict[str, list[Member]] = defaultdict(list)
        for member in active:
            for domain, level in member.expertise.items():
                if domain in self.by_domain:
                    self.by_domain[domain][level].append(member)
            for topic in member.topics:
                by_topic[topics.setdefault(name_key(topic), topic)].append(member)
            for item in member.learning:
                if item in community.domains:
                    learners[item].append(member)
                else:
                    learners[topics.setdefault(name_key(item), item)].append(member)
            for domain, level in member.expertise.items():
                if level == "learning" and domain in community.domains and member not in learners[domain]:
                    learners[domain].append(member)
        self.by_topic = dict(sorted(by_topic.items(), key=lambda kv: kv[0].casefold()))
        self.learners = dict(sorted(learners.items(), key=lambda kv: kv[0].casefold()))
        self.mentors = [m for m in active if m.mentor]
        stewarded: dict[str, list] = defaultdict(list)
        for practice in sorted(community.practices.values(), key=lambda p: p.title.casefold()):
            for ref in practice.stewards:
                stewarded[ref].append(practice)
        self.stewarded = dict(stewarded)

    def gaps(self) -> list[str]:
        """Domains with no active expert."""
        return [d for d, levels in self.by_domain.items() if not levels["expert"]]

    def uncovered_topics(self) -> list[str]:
        """Things members want to learn that no active member offers as a topic or domain expertise."""
        offered = {name_key(t) for t in self.by_topic}
        offered |= {d for d, levels in self.by_domain.items() if levels["expert"] or levels["practitioner"]}
        return [item for item in self.learners if name_key(item) not in offered and item not in offered]

    def mentors_for(self, learner: Member) -> list[Member]:
        """Active mentors at practitioner level or above in something ``learner`` is learning."""
        wanted = {item for item in learner.learning} | {d for d, lvl in learner.expertise.items() if lvl == "learning"}
        wanted_keys = {name_key(w) for w in wanted}
        found = []
        for mentor in self.mentors:
            if mentor.id == learner.id:
                continue
            strong = {d for d, lvl in mentor.expertise.items() if lvl != "learning"}
            if strong & wanted or {name_key(t) for t in mentor.topics} & wanted_keys:
                found.append(mentor)
        return found

    def helps_with(self, mentor: Member) -> list[str]:
        """What a mentor can help with: domains they practise or master, then their topics."""
        return [self.community.domains[d].title for d, lvl in mentor.expertise.items()
                if lvl != "learning" and d in self.community.domains] + list(mentor.topics)

    def similar(self, limit: int = 4) -> dict[str, list[Member]]:
        """Each member's most similar members: shared domains and topics, rarer ones weighing more."""
        features: dict[str, set[str]] = {}
        holders: dict[str, list[str]] = defaultdict(list)
        for member in self.community.members.values():
            own = {f"d:{d}" for d, lvl in member.expertise.items()} | {f"t:{name_key(t)}" for t in member.topics}
            features[member.id] = own
            for feature in own:
                holders[feature].append(member.id)
        weight = {f: 1 / math.log(1 + len(ids)) for f, ids in holders.items()}
        members = self.community.members
        result: dict[str, list[Member]] = {}
        for member_id, own in features.items():
            scores: dict[str, float] = defaultdict(float)
            for feature in own:
                if len(holders[feature]) > 200:  # too common to tell anyone apart
                    continue
                for other in holders[feature]:
                    if other != member_id:
                        scores[other] += weight[feature]
            best = sorted(scores.items(), key=lambda kv: (-kv[1], members[kv[0]].name.casefold()))
            result[member_id] = [members[other] for other, _score in best[:limit]]
        return result


# Degree of authorship (Fritz et al., 2014), as used by Avelino et al. (2016) for truck factors.
DOA_BASE, DOA_FIRST, DOA_OWN, DOA_OTHERS = 3.293, 1.098, 0.164, 0.321
AUTHOR_THRESHOLD_NORMALISED, AUTHOR_THRESHOLD_ABSOLUTE = 0.75, 3.293


def degree_of_authorship(changes_by: Mapping[str, int], creator: str) -> dict[str, tuple[float, float]]:
    """Each author's (absolute, normalised) degree of authorship of one file.

    Args:
        changes_by: author key -> number of changes to the file.
        creator: the key of the author who created the file.
    """
    total = sum(changes_by.values())
    raw = {a: DOA_BASE + DOA_FIRST * (a == creator) + DOA_OWN * n - DOA_OTHERS * math.log(1 + total - n)
           for a, n in changes_by.items()}
    top = max(raw.values(), default=0.0)
    return {a: (value, value / top if top > 0 else 0.0) for a, value in raw.items()}


def file_authors(changes_by: Mapping[str, int], creator: str) -> set[str]:
    """The authors of a file: normalised degree of authorship over 0.75 and absolute over 3.293."""
    return {a for a, (absolute, normalised) in degree_of_authorship(changes_by, creator).items()
            if normalised > AUTHOR_THRESHOLD_NORMALISED and absolute > AUTHOR_THRESHOLD_ABSOLUTE}


def truck_factor(holders: Mapping[str, set[str]]) -> int:
    """How many people must leave before more than half of the files have nobody who knows them.

    Greedy, as Avelino et al.: remove the person who holds the most files until over half are orphaned.
    """
    files = {f: set(people) for f, people in holders.items()}
    if not files:
        return 0
    removed = 0
    while True:
        orphaned = sum(1 for people in files.values() if not people)
        if orphaned > len(files) / 2:
            return removed
        counts = Counter(p for people in files.values() for p in people)
        if not counts:
            return removed
        person = min(counts, key=lambda p: (-counts[p], p))
        for people in files.values():
            people.discard(person)
        removed += 1


@dataclass
class Evidence:
    """What git history shows about who knows what; empty without history."""

    authors: dict[str, set[str]] = field(default_factory=dict)
    """practice key -> author keys (member ids, or emails of non-members) by degree of authorship."""
    contributors: dict[str, list] = field(default_factory=dict)
    """practice key -> history.Author, most changes first."""
    authored: dict[str, dict[str, list]] = field(default_factory=dict)
    """member id -> domain -> practices they are an author of."""
    contributed: dict[str, list] = field(default_factory=dict)
    """member id -> practices they changed."""
    bus_factor: dict[str, int] = field(default_factory=dict)
    """domain -> truck factor over its practices (authors and active stewards hold knowledge)."""

    def evidenced_domains(self, member_id: str) -> dict[str, int]:
        """Domain -> number of practices the member is an author of."""
        return {d: len(ps) for d, ps in self.authored.get(member_id, {}).items()}


def gather_evidence(community: Community, history) -> Evidence:
    """Authorship of every practice, rolled up per member and domain, and each domain's bus factor."""
    evidence = Evidence()
    members = community.members
    holders_by_domain: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for practice in sorted(community.practices.values(), key=lambda p: p.title.casefold()):
        file_history = history.get(practice.source) if history is not None else None
        authors: set[str] = set()
        if file_history is not None and file_history.changes:
            authors = file_authors(file_history.commits_by(), file_history.creator.key)
            evidence.contributors[practice.key] = file_history.authors()
            for author in evidence.contributors[practice.key]:
                if author.member:
                    evidence.contributed.setdefault(author.member, []).append(practice)
            for key in authors:
                if key in members:
                    evidence.authored.setdefault(key, {}).setdefault(practice.domain, []).append(practice)
        evidence.authors[practice.key] = authors
        # People who have left hold no knowledge the community can still ask for.
        holding = {a for a in authors if a not in members or members[a].active}
        holding |= {s for s in practice.stewards if s in members and members[s].active}
        holders_by_domain[practice.domain][practice.key] = holding
    evidence.bus_factor = {d: truck_factor(files) for d, files in holders_by_domain.items()}
    return evidence
