"""Who is who: the identities each member claims, who owns a claimed identity, look-alike and invisible characters."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping

from .model import Community, Member, Problem, name_key

NOREPLY = "@users.noreply.github.com"
"""GitHub's private commit e-mails: ``[ID+]handle@users.noreply.github.com``."""

# --- Invisible characters -----------------------------------------------------------------------------------

_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
              (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x2800, 0x2800),
              (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
              (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
"""Unicode's Default_Ignorable_Code_Point ranges (characters that render as nothing), and the Braille blank."""
_ZWNJ, _ZWJ = "\u200c", "\u200d"
_EMOJI_SELECTORS = "\ufe0e\ufe0f"
_SCRIPTS_WITHOUT_JOINERS = ("LATIN", "GREEK", "CYRILLIC")
"""Scripts that never need a zero-width (non-)joiner; Persian, Arabic and Indic names may."""


def _ignorable(ch: str) -> bool:
    if ch < "\u00ad":  # ASCII and the start of Latin-1: nothing invisible (control characters are refused on reading)
        return False
    if unicodedata.category(ch) == "Cf":  # format characters: bidi controls, zero-width ones, tags
        return True
    point = ord(ch)
    return any(low <= point <= high for low, high in _IGNORABLE)


def _joining_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM" and not unicodedata.name(ch, "").startswith(_SCRIPTS_WITHOUT_JOINERS)


def _emoji_part(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk") or ch in _EMOJI_SELECTORS


def invisible_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of each character in ``text`` that readers cannot see, or that reorders what they see.

    Zero-width (non-)joiners between letters of scripts that use them, and the joiners and variation selectors
    of emoji sequences, are kept: they change how the text looks, and they are how those names are written.
    """
    if text.isascii():
        return []
    found = []
    for index, ch in enumerate(text):
        if not _ignorable(ch):
            continue
        before, after = text[index - 1:index], text[index + 1:index + 2]
        if ch in (_ZWNJ, _ZWJ) and before and after and _joining_letter(before) and _joining_letter(after):
            continue
        if ch == _ZWJ and before and after and _emoji_part(before) and _emoji_part(after):
            continue
        if ch in _EMOJI_SELECTORS and before and unicodedata.category(before) in ("So", "Sk"):
            continue
        found.append((index, ch))
    return found


def shown(text: str) -> str:
    """``text`` for a message, each invisible character written as an escape such as \\u200b."""
    hidden = {index for index, _ in invisible_characters(text)}
    return "".join(f"\\u{ord(ch):04x}" if i in hidden and ord(ch) <= 0xFFFF else
                   f"\\U{ord(ch):08x}" if i in hidden else ch for i, ch in enumerate(text))


def character_name(ch: str) -> str:
    """'U+200B ZERO WIDTH SPACE': how a message names a character readers may not see."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


# --- Look-alikes --------------------------------------------------------------------------------------------

_BAR = "\u01c0"  # LATIN LETTER DENTAL CLICK: the one shape of I, l, 1 and | in most sans-serif fonts
_CONFUSABLES = str.maketrans({
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "Ѕ": "S", "І": _BAR, "Ј": "J", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ү": "Y", "Ӏ": _BAR, "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "һ": "h",
    "ӏ": _BAR, "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": _BAR, "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C", "Ϳ": "J",
    "α": "a", "γ": "y", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "ϲ": "c", "ϳ": "j",
    # Armenian
    "Լ": "L", "Օ": "O", "Ս": "U", "հ": "h", "ո": "n", "ս": "u", "ց": "g", "զ": "q", "օ": "o",
    # Cherokee (whose capitals casefold to themselves)
    "Ꭺ": "A", "Ᏼ": "B", "Ꮯ": "C", "Ꭼ": "E", "Ꮋ": "H", "Ꭻ": "J", "Ꮶ": "K", "Ꮇ": "M", "Ꮲ": "P", "Ꮪ": "S", "Ꭲ": "T",
    "Ꮃ": "W", "Ꮓ": "Z",
    # Latin and common symbols
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "I": _BAR, "l": _BAR, "1": _BAR, "|": _BAR, "0": "O",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u2019": "'", "\u02bc": "'",
    "\u2032": "'",
})
"""Letters that look like Latin ones, by their Latin look-alike in the same case (Unicode's confusables, in part:
the scripts a name is most often faked with). Casing comes after, so 'В' (which looks like 'B') and 'в' (which
does not look like 'b') are told apart."""
_SEQUENCES = (("rn", "m"), ("vv", "w"))


def skeleton(text: str) -> str:
    """What ``text`` looks like, as a key: two strings with the same skeleton read the same to most readers.

    Compatibility forms folded (NFKC: full-width, mathematical and ligature letters), invisible characters
    dropped, letters of other scripts that look Latin mapped to the Latin letter, case folded, white space removed.
    'Ada Okafor', 'АDA OKAFOR' (a Cyrillic А) and 'Ada\\u200bOkafor' have one skeleton.
    """
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not _ignorable(ch))
    text = text.translate(_CONFUSABLES)
    text = unicodedata.normalize("NFKC", text.casefold())
    for sequence, letter in _SEQUENCES:
        text = text.replace(sequence, letter)
    return "".join(text.split())


# --- Claims -------------------------------------------------------------------------------------------------

_KIND_NOUNS = {"name": "name", "email": "e-mail", "github": "GitHub handle", "alias": "alias"}
_KIND_WORDS = {"name": "the name", "email": "the e-mail", "github": "the GitHub handle", "alias": "an alias"}


@dataclass(frozen=True)
class Claim:
    """One identity a member claims: their name, e-mail, GitHub handle, or an alias they commit as."""

    key: str
    """How git identities are compared with it: case folded, runs of white space as one space."""
    member: str
    kind: str
    """name | email | github | alias."""
    text: str
    where: tuple[str, int, int]

    @property
    def primary(self) -> bool:
        """A member's own name, e-mail or handle: what an alias of someone else may not take."""
        return self.kind != "alias"


def identity_key(text: str) -> str:
    """How a git author name or e-mail is compared with what profiles claim."""
    return name_key(text)


def member_claims(member: Member) -> list[Claim]:
    """Every identity ``member`` claims, with where it is written."""
    claims = [Claim(identity_key(member.name), member.id, "name", member.name, member.where("name"))]
    email = member.contact.get("email", "")
    if email:
        claims.append(Claim(identity_key(email), member.id, "email", email, member.where("contact", "email")))
    handle = member.contact.get("github", "")
    if handle:
        where = member.where("contact", "github")
        claims.append(Claim(identity_key(handle), member.id, "github", f"@{handle}", where))
        claims.append(Claim(identity_key(handle + NOREPLY), member.id, "github", f"@{handle}", where))
    for index, alias in enumerate(member.aliases):
        if alias.strip():
            claims.append(Claim(identity_key(alias), member.id, "alias", alias, member.where("aliases", index)))
    return claims


def _rank(seniority: Mapping[str, int] | None, member: str) -> int:
    if seniority is None:
        return 0
    return seniority.get(member, len(seniority) + 1)


def _contested(members: Iterable[Member]) -> dict[str, list[Claim]]:
    """Claims by key, for the keys more than one member claims; a member's duplicate claims count once."""
    by_key: dict[str, dict[str, Claim]] = defaultdict(dict)
    for member in members:
        for claim in member_claims(member):
            mine = by_key[claim.key]
            if claim.member not in mine or (claim.primary and not mine[claim.member].primary):
                mine[claim.member] = claim
    return {key: list(claims.values()) for key, claims in by_key.items() if len(claims) > 1}


def owners(members: Mapping[str, Member], seniority: Mapping[str, int] | None = None) -> dict[str, str | None]:
    """Identity key -> the member whose commits it marks, or None where it must be credited to nobody.

    One member claiming a key owns it. Of several, only a member whose own name, e-mail or handle it is may keep
    it (an alias never takes another member's identity), and only if no other claimant's profile is older: so
    neither a new alias nor a new profile can take commits from a member who was there first. Anything else is
    credited to nobody: giving a member's commits to someone else is worse than giving them to no one.

    Args:
        members: the community's members.
        seniority: member id -> rank, lower for profiles that were there first (from git history or the base
            commit); members not in it count as the newest. None: all equal.
    """
    table = {claim.key: claim.member for member in members.values() for claim in member_claims(member)}
    for key, claims in _contested(members.values()).items():
        primary = {claim.member for claim in claims if claim.primary}
        table[key] = None
        if len(primary) == 1:
            keeper = primary.pop()
            if all(_rank(seniority, keeper) <= _rank(seniority, claim.member) for claim in claims):
                table[key] = keeper
    return table


def owner_of(table: Mapping[str, str | None], name: str, email: str) -> str | None:
    """The member a git identity belongs to: by e-mail, else by GitHub's private e-mail, else by name."""
    email_key = identity_key(email)
    found = table.get(email_key)
    if found is None and email_key.endswith(NOREPLY):
        found = table.get(email_key[: -len(NOREPLY)].split("+", 1)[-1])
    if found is None:
        found = table.get(identity_key(name))
    return found


# --- Checks -------------------------------------------------------------------------------------------------

def _ordered(claims: Iterable[Claim], seniority: Mapping[str, int] | None) -> list[Claim]:
    """Claims from the first (an older profile, a member's own identity, then by path) to the last."""
    return sorted(claims, key=lambda c: (_rank(seniority, c.member), not c.primary, c.where))


def _by(claim: Claim, members: Mapping[str, Member]) -> str:
    return f"{_KIND_WORDS[claim.kind]} of {claim.member} ({members[claim.member].source})"


def check_claims(community: Community, seniority: Mapping[str, int] | None = None) -> Iterator[Problem]:
    """An e-mail, handle or alias claimed by two members is an error at the later claim, naming the first."""
    members = community.members
    for claims in _contested(members.values()).values():
        first, *later = _ordered(claims, seniority)
        for claim in later:
            if claim.kind == first.kind == "name":
                continue  # two members of one name: the look-alike check says it
            if claim.kind == first.kind == "github" and claim.key.endswith(NOREPLY):
                continue  # said once, for the handle itself
            what = f"{_KIND_NOUNS[claim.kind]} '{claim.text}'"
            if not claim.primary:
                message = (f"{what} is {_by(first, members)}; an alias cannot claim another member's name, e-mail "
                           "or GitHub handle, so it is not used to match commits; remove it"
                           if first.primary else
                           f"{what} is also {_by(first, members)}; commits by it are credited to neither of you "
                           "until one of you removes it")
                code = "alias-refused" if first.primary else "identity-claimed"
            else:
                message = (f"{what} is also {_by(first, members)}; commits by it are credited to neither of you "
                           "until one of you changes it")
                code = "identity-claimed"
            yield Problem(*claim.where, code, message)


def check_invisible(community: Community) -> Iterator[Problem]:
    """Names, e-mails and aliases hold no character readers cannot see (zero-width, direction controls)."""
    for member in community.members.values():
        values = [(("name",), "name", member.name), (("contact", "email"), "e-mail", member.contact.get("email", ""))]
        values += [(("aliases", i), "alias", alias) for i, alias in enumerate(member.aliases)]
        for path, what, text in values:
            hidden = invisible_characters(text)
            if hidden:
                index, ch = hidden[0]
                more = f" (and {len(hidden) - 1} more)" if len(hidden) > 1 else ""
                effect = ("changes the order in which readers see the text" if unicodedata.bidirectional(ch) in
                          ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
                          else "cannot be seen")
                yield Problem(*member.where(*path), "invisible-character",
                              f"{what} '{shown(text)}' has {character_name(ch)} at character {index + 1}{more}, which "
                              f"{effect}: it can make one member's name pass for another's; remove it")


def check_look_alikes(community: Community, seniority: Mapping[str, int] | None = None) -> Iterator[Problem]:
    """A warning for names (and e-mails, aliases) that read the same as another member's, naming both files."""
    members = community.members
    by_look: dict[str, list[Claim]] = defaultdict(list)
    for member in members.values():
        for claim in member_claims(member):
            if not (claim.kind == "github" and claim.key.endswith(NOREPLY)):
                by_look[skeleton(claim.text)].append(claim)
    for look, claims in by_look.items():
        if not look or len({c.member for c in claims}) < 2:
            continue
        ordered = _ordered(claims, seniority)
        said: set[str] = set()
        for index, claim in enumerate(ordered):
            first = next((c for c in ordered[:index] if c.member != claim.member), None)
            if first is None or claim.member in said:
                continue
            if claim.key == first.key:
                if claim.kind == first.kind == "name":
                    said.add(claim.member)
                    yield Problem(*claim.where, "duplicate-name",
                                  f"'{claim.text}' is also the name of {first.member} "
                                  f"({members[first.member].source}); readers cannot tell the two profiles apart, "
                                  "and commits signed with this name alone are credited to neither: add a role or "
                                  "organization to tell them apart, and the e-mail you commit with to contact or "
                                  "aliases", "warning")
                continue  # the same identity claimed twice: an error from check_claims
            said.add(claim.member)
            odd = sorted({character_name(ch) for ch in claim.text if not ch.isascii() or _ignorable(ch)})
            written = f" (written with {', '.join(odd[:3])})" if odd else ""
            yield Problem(*claim.where, "look-alike",
                          f"{_KIND_NOUNS[claim.kind]} '{shown(claim.text)}'{written} reads the same as "
                          f"{_KIND_WORDS[first.kind]} '{shown(first.text)}' of {first.member} "
                          f"({members[first.member].source}); readers cannot tell them apart: write it as the member "
                          "writes it everywhere else", "warning")


def check_identities(community: Community, seniority: Mapping[str, int] | None = None) -> Iterator[Problem]:
    """Nobody can pose as another member: claims, look-alikes and invisible characters."""
    yield from check_invisible(community)
    yield from check_claims(community, seniority)
    yield from check_look_alikes(community, seniority)
