"""Knowledge that loses its keeper in a change: practices and domains left without an active steward, and who
could take them on.

A pull request that marks a member alumni, deletes a profile or drops a steward is compared with its base: each
practice or domain that had an active steward there and has none now is reported on the line that made it so,
with successors ranked by the evidence in the repository (practices they wrote in the domain, changes to the
practice itself) and then by declared level.
"""

from __future__ import annotations

from dataclasses import dataclass
from .expertise import Evidence
from .model import Community, Located, Member, Problem

LEVEL_RANK = {"expert": 0, "practitioner": 1, "learning": 2}


@dataclass(frozen=True)
class Loss:
    """A practice or domain that had an active steward at the base and has none now, and why."""

    owner: Located
    """The practice or domain, as it is now."""
    what: str
    """'practice facilitation/lean-coffee' or 'domain facilitation'."""
    domain: str
    left: tuple[str, ...]
    """The stewards who were active at the base and are not active stewards now."""


def _active_stewards(owner, members) -> set[str]:
    return {s for s in owner.stewards if s in members and members[s].active}


def find_losses(before: Community, after: Community) -> list[Loss]:
    """Practices and domains of ``after`` whose last active steward of ``before`` is gone."""
    losses = []
    owners = [(after.practices, before.practices, "practice", lambda p: p.domain),
              (after.domains, before.domains, "domain", lambda d: d.id)]
    for now, then, kind, domain_of in owners:
        for key, owner in sorted(now.items()):
            old = then.get(key)
            if old is None or _active_stewards(owner, after.members):
                continue
            was = _active_stewards(old, before.members)
            if was:
                losses.append(Loss(owner, f"{kind} '{key}'", domain_of(owner), tuple(sorted(was))))
    return losses


def successors(loss: Loss, community: Community, evidence: Evidence, limit: int = 3) -> list[tuple[Member, str]]:
    """Active members who could steward what ``loss`` names, best first, each with the reason."""
    practice_key = loss.owner.key if hasattr(loss.owner, "key") and loss.what.startswith("practice") else None
    contributed = {a.member for a in evidence.contributors.get(practice_key, []) if a.member} if practice_key else set()
    ranked = []
    for member in community.members.values():
        if not member.active or member.id in loss.left:
            continue
        wrote = len(evidence.authored.get(member.id, {}).get(loss.domain, []))
        level = member.expertise.get(loss.domain)
        changed = member.id in contributed
        if not (wrote or level in ("expert", "practitioner") or changed):
            continue
        reasons = []
        if wrote:
            reasons.append(f"author of {wrote} practice{'s' if wrote != 1 else ''} in '{loss.domain}'")
        if changed:
            reasons.append("changed this practice")
        if level:
            reasons.append(f"{level} in '{loss.domain}'")
        ranked.append(((-wrote, -changed, LEVEL_RANK.get(level, 3), member.name.casefold()), member,
                       ", ".join(reasons)))
    return [(member, reason) for _key, member, reason in sorted(ranked, key=lambda r: r[0])[:limit]]


def succession_problems(before: Community, after: Community, evidence: Evidence) -> list[Problem]:
    """A warning for each loss, on the line of the change that caused it.

    The line is the leaving member's ``status`` when they were marked alumni in this change, else the
    ``stewards`` line of the practice or domain itself (a deleted profile or a dropped steward).
    """
    problems = []
    for loss in find_losses(before, after):
        where = loss.owner.where("stewards")
        for member_id in loss.left:
            member = after.members.get(member_id)
            if member is not None and not member.active:
                where = member.where("status")
                break
        names = ", ".join(after.members[m].name if m in after.members else m for m in loss.left)
        gone = "left" if all(m in after.members and not after.members[m].active for m in loss.left) else (
            "no longer steward it" if all(m in after.members for m in loss.left) else "were removed")
        found = successors(loss, after, evidence)
        hint = ("; could take it on: " + "; ".join(f"{m.name} ({m.id}: {why})" for m, why in found)) if found \
            else "; no active member has written in or declared this domain: ask the community"
        problems.append(Problem(*where, "last-steward-leaves",
                                f"{loss.what} loses its last active steward: {names} {gone}{hint}", "warning"))
    return problems
