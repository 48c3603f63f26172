"""Who knows what: declared levels by domain, topics, mentors and learners, gaps, similar members."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .model import LEVELS, Community, Member


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


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
                by_topic[topics.setdefault(_key(topic), topic)].append(member)
            for item in member.learning:
                if item in community.domains:
                    learners[item].append(member)
                else:
                    learners[topics.setdefault(_key(item), item)].append(member)
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
        offered = {_key(t) for t in self.by_topic}
        offered |= {d for d, levels in self.by_domain.items() if levels["expert"] or levels["practitioner"]}
        return [item for item in self.learners if _key(item) not in offered and item not in offered]

    def mentors_for(self, learner: Member) -> list[Member]:
        """Active mentors at practitioner level or above in something ``learner`` is learning."""
        wanted = {item for item in learner.learning} | {d for d, lvl in learner.expertise.items() if lvl == "learning"}
        wanted_keys = {_key(w) for w in wanted}
        found = []
        for mentor in self.mentors:
            if mentor.id == learner.id:
                continue
            strong = {d for d, lvl in mentor.expertise.items() if lvl != "learning"}
            if strong & wanted or {_key(t) for t in mentor.topics} & wanted_keys:
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
            own = {f"d:{d}" for d, lvl in member.expertise.items()} | {f"t:{_key(t)}" for t in member.topics}
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
