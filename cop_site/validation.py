"""Cross-reference checks over a loaded Community: they return problems; they never log or raise."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Iterator, Mapping
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from .baseline import Base, Snapshot
from .codeowners import check_codeowners
from .expertise import gather_evidence
from .history import read_history
from .identity import check_identities
from .loading import Layout, Limits, close_matches, load_community
from .mailmap import check_mailmap, credit_moves, move_problems
from .model import Community, Located, Member, Problem, name_key
from .settings import Settings, read_settings
from .succession import find_losses, succession_problems

URL_SCHEMES = ("https", "mailto")


def _problem(located: Located, path: tuple, code: str, message: str, severity: str = "error") -> Problem:
    return Problem(*located.where(*path), code, message, severity)  # type: ignore[arg-type]


def check_url(url: str) -> tuple[str, str] | None:
    """(severity, reason) when a URL from a contributor is not safe to publish as a link; None when it is."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme in URL_SCHEMES:
        return None
    if scheme == "http":
        return "warning", "uses http:, which readers' browsers may flag; use https: if the site supports it"
    if not scheme:
        return "error", "has no scheme; write a full https: or mailto: address"
    return "error", f"uses the scheme '{scheme}:', which is not allowed; use https: or mailto:"


def check_stewards(community: Community) -> Iterator[Problem]:
    """Every steward of a practice or domain is a known member; warn when none of them is active."""
    members = community.members
    owners: list[tuple[Located, str]] = [(p, f"practice '{p.key}'") for p in community.practices.values()]
    owners += [(d, f"domain '{d.id}'") for d in community.domains.values()]
    for owner, what in owners:
        stewards = owner.stewards  # type: ignore[attr-defined]
        for index, ref in enumerate(stewards):
            if ref in community.unreadable:  # the file's own problem says what is wrong; this says where to look
                yield _problem(owner, ("stewards", index), "unreadable-member", _unread("member", ref, community),
                               "warning")
            elif ref not in members:
                yield _problem(owner, ("stewards", index), "unknown-member",
                               f"unknown member '{ref}' in stewards{close_matches(ref, members, 'members')}")
        known = [members[ref] for ref in stewards if ref in members]
        if known and not any(m.active for m in known):
            yield _problem(owner, ("stewards",), "no-active-steward",
                           f"every steward of {what} is an alumnus; ask an active member to take it on", "warning")


def _unread(kind: str, ref: str, community: Community) -> str:
    cause = community.unreadable[ref]
    return (f"{kind} '{ref}' was not read: see {cause.path}:{cause.line}:{cause.column} (until that file is fixed, "
            "it is left out here)")


def check_domains(community: Community) -> Iterator[Problem]:
    """Domains named in expertise and practices exist; domains have stewards and practices."""
    domains = community.domains
    for member in community.members.values():
        for name in member.expertise:
            if name not in domains:
                yield _problem(member, ("expertise", name), "unknown-domain",
                               f"unknown domain '{name}' in expertise{close_matches(name, domains, 'domains')}")
    for practice in community.practices.values():
        for index, name in enumerate(practice.domains):
            if name == practice.domain:
                yield _problem(practice, ("domains", index), "redundant-domain",
                               f"'{name}' is already this practice's domain (its folder); remove it from domains",
                               "warning")
            elif name not in domains:
                yield _problem(practice, ("domains", index), "unknown-domain",
                               f"unknown domain '{name}' in domains{close_matches(name, domains, 'domains')}")
    used = {d for p in community.practices.values() for d in p.all_domains}
    for domain in domains.values():
        if domain.id not in used:
            yield _problem(domain, (), "empty-domain",
                           f"domain '{domain.id}' has no practices yet; add one, or remove the folder", "warning")
        if not domain.stewards and domain.positions:
            yield _problem(domain, (), "no-stewards",
                           f"domain '{domain.id}' has no stewards; name at least one member who keeps it", "warning")


def _check_practice_refs(community: Community, owner: Located, field: str, refs: tuple[str, ...],
                         domain: str, self_key: str = "") -> Iterator[Problem]:
    keys = list(community.practices)
    for index, ref in enumerate(refs):
        found = community.resolve_practice(ref, domain)
        if not found:
            unread = [k for k in (ref, f"{domain}/{ref}") if "/" in k and k in community.unreadable]
            if unread:
                yield _problem(owner, (*_term_path(owner), field, index), "unreadable-practice",
                               _unread("practice", unread[0], community), "warning")
                continue
            yield _problem(owner, (*_term_path(owner), field, index), "unknown-practice",
                           f"unknown practice '{ref}' in {field}"
                           + _practice_hint(community, ref, domain, [k for k in keys if k != self_key]))
        elif len(found) > 1:
            choices = ", ".join(p.key for p in found)
            yield _problem(owner, (*_term_path(owner), field, index), "ambiguous-practice",
                           f"'{ref}' in {field} could be any of {choices}; write it as <domain>/<id>")
        elif found[0].key == self_key:
            yield _problem(owner, (*_term_path(owner), field, index), "self-reference",
                           f"a practice cannot be related to itself; remove '{ref}'", "warning")


def _practice_hint(community: Community, ref: str, domain: str, keys: list[str]) -> str:
    """What an unknown practice reference may have meant: the same id in another domain, a close spelling, or else
    the practices of the domain it points into (its own, for a bare id)."""
    ref_domain, slash, ref_id = ref.rpartition("/")
    same_id = [k for k in keys if k.split("/", 1)[1] == ref_id]
    if same_id:  # a right id in the wrong domain: name the domains that have it, before guessing by spelling
        return "; did you mean " + " or ".join(f"'{k}'" for k in same_id[:3]) + "?"
    # Only a close spelling of the id is worth suggesting, within the domain the reference names if it exists:
    # compared whole, 'knowledge-sharing/sailing' is close to anything in that domain ('.../mailing-list').
    pool = [k for k in keys if k.startswith(f"{ref_domain}/")] if ref_domain in community.domains else keys
    close = set(difflib.get_close_matches(ref_id, list({k.split("/", 1)[1] for k in pool}), n=3, cutoff=0.8))
    near = sorted((k for k in pool if k.split("/", 1)[1] in close), key=lambda k: (not k.startswith(f"{domain}/"), k))
    near = near[:3]
    if near:  # written as the reference would be: a bare id for one of the practice's own domain
        shown = [k.split("/", 1)[1] if not slash and k.startswith(f"{domain}/") else k for k in near]
        return "; did you mean " + " or ".join(f"'{k}'" for k in shown) + "?"
    target = ref_domain if slash else domain
    if target not in community.domains:
        return close_matches(target, community.domains, "domains").replace("; ", f"; there is no domain '{target}'; ", 1)
    ids = sorted(k.split("/", 1)[1] for k in keys if k.split("/", 1)[0] == target)
    if not ids:
        return f"; domain '{target}' has no practices yet"
    shown = ", ".join(ids[:8]) + (f" (and {len(ids) - 8} more)" if len(ids) > 8 else "")
    return f"; practices in domain '{target}': {shown}"


def _term_path(owner: Located) -> tuple:
    index = getattr(owner, "index", None)
    return (index,) if index is not None else ()


def check_practice_references(community: Community) -> Iterator[Problem]:
    """``related:`` of practices and ``see:`` of glossary terms name existing practices."""
    for practice in community.practices.values():
        yield from _check_practice_refs(community, practice, "related", practice.related, practice.domain, practice.key)
    for term in community.terms:
        yield from _check_practice_refs(community, term, "see", term.see, term.domain)


def check_terms(community: Community) -> Iterator[Problem]:
    """Terms and aliases are unique within their domain, whatever their case."""
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for term in community.terms:
        names = [(term.term, (term.index, "term"))]
        names += [(alias, (term.index, "aliases", i)) for i, alias in enumerate(term.aliases)]
        for name, path in names:
            key = (term.domain, name_key(name))
            if key in seen:
                first, line = seen[key]
                yield _problem(term, path, "duplicate-term",
                               f"'{name}' is already defined in this domain's glossary as '{first}' (line {line}); "
                               "keep one entry and list other spellings as aliases")
            else:
                seen[key] = (term.term, term.where(*path)[1])


def check_anchors(community: Community) -> Iterator[Problem]:
    """Each glossary entry has its own anchor, so each can be linked."""
    seen: dict[str, str] = {}
    for term in community.terms:
        if term.anchor in seen and name_key(seen[term.anchor]) != name_key(term.term):  # the same name: duplicate-term says it
            yield _problem(term, (term.index, "term"), "duplicate-anchor",
                           f"'{term.term}' and '{seen[term.anchor]}' would share the glossary anchor "
                           f"'#{term.anchor}', so only one could be linked; make the names differ in letters or digits")
        seen.setdefault(term.anchor, term.term)


def check_members(community: Community) -> Iterator[Problem]:
    """Profile URLs are safe to link, time zones exist."""
    zones = _zones()
    for member in community.members.values():
        for index, link in enumerate(member.links):
            verdict = check_url(link.url)
            if verdict:
                severity, reason = verdict
                code = "insecure-url" if severity == "warning" else "url-scheme"
                yield _problem(member, ("links", index, "url"), code, f"link '{link.url}' {reason}", severity)
        website = member.contact.get("website")
        if website and (verdict := check_url(website)):
            severity, reason = verdict
            yield _problem(member, ("contact", "website"), "insecure-url" if severity == "warning" else "url-scheme",
                           f"website '{website}' {reason}", severity)
        if member.timezone and member.timezone not in zones:
            hint = close_matches(member.timezone, zones) or "; write it like Europe/Berlin or America/Sao_Paulo"
            yield _problem(member, ("timezone",), "unknown-timezone",
                           f"'{member.timezone}' is not an IANA time zone{hint}", "warning")


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones() or {"UTC"})
    return _ZONES


CHECKS = (check_stewards, check_domains, check_practice_references, check_terms, check_anchors, check_members)


def check_community(community: Community, seniority: Mapping[str, int] | None = None) -> list[Problem]:
    """Every cross-reference problem, in no particular order.

    Args:
        community: what to check.
        seniority: member id -> rank, lower for profiles that were there first (see ``identity.owners``): which of
            two claims of one identity is the later one, and gets the error.
    """
    problems = [problem for check in CHECKS for problem in check(community)]
    return problems + list(check_identities(community, seniority))


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems by path, line and column, without duplicates."""
    return sorted(set(problems), key=lambda p: p.sort_key)


def load_and_check(root, layout=None, limits=None, *, settings: Settings | None = None,
                   seniority: Mapping[str, int] | None = None) -> tuple[Community, list[Problem]]:
    """Load a repository and run every check: the community and all problems, sorted.

    Args:
        root: the repository's root.
        layout: where members and practices are (default: members/ and practices/).
        limits: resource limits.
        settings: the cop-site options (default: read from ``root/mkdocs.yml``): bots, maintainers.
        seniority: see ``check_community``.
    """
    settings = settings or read_settings(root)
    community, problems = load_community(root, layout or Layout(), limits or Limits())
    # The checks that read files besides the content: CODEOWNERS and .mailmap.
    problems += check_codeowners(root, community, settings)
    problems += check_mailmap(root, settings.bots)
    return community, sort_problems(problems + check_community(community, seniority))


def check_repository(root: Path, settings: Settings, base: Base | None = None) -> tuple[Community, list[Problem]]:
    """``load_and_check``, and what the working tree changes against ``base`` (``baseline.find_base``), if given:
    the credit a changed ``.mailmap`` moves between members; which of two profiles claiming one identity is new;
    practices and domains that lose their last active steward, with who could take them on."""
    if base is None:
        return load_and_check(root, settings.layout, settings=settings)
    layout = settings.layout
    with Snapshot(base) as snapshot:
        there = {Path(path).stem for path in snapshot.files(layout.members_dir) if path.endswith((".yml", ".yaml"))}
        community, problems = load_and_check(root, layout, settings=settings,
                                             seniority={member_id: 0 for member_id in there})
        folders = (layout.members_dir, layout.practices_dir, settings.site.docs_dir)
        moves = credit_moves(root, base, snapshot, folders, community.members, settings.bots)
        before = snapshot.community(community, root, layout)
    problems += move_problems(moves, root, base, community.members)
    if find_losses(before, community):  # who could take over is read from history only when someone is needed
        history = read_history(root, folders, community.members, settings.bots)
        problems += succession_problems(before, community, gather_evidence(community, history))
    return community, sort_problems(problems)
