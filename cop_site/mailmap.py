"""``.mailmap``: its entries, lines that turn people into bots, and the credit a change to it moves between members.

git reads ``.mailmap`` from the checked-out tree, so a pull request that edits it can rename every past
commit. cop-site uses it (it is how people fold their old addresses into one), but says what a change to
it does: ``credit_moves`` compares each author's commits as the base commit's ``.mailmap`` maps them with
how the working tree's maps them, and names every member whose credit moves, at the line that moves it.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .baseline import Base, Snapshot, git
from .history import bot_pattern, is_bot
from .identity import owner_of, owners
from .model import Member, Problem

MAILMAP = ".mailmap"
_PAIR = re.compile(r"\s*([^<]*?)\s*<([^>]*)>")
_CONTACT = re.compile(r"(.*?)\s*<([^>]*)>\s*\Z")
BOT = "\0bot"
"""The owner of commits that count for nothing."""


@dataclass(frozen=True)
class Entry:
    """One line of ``.mailmap``: commits by ``commit_name`` (any, if empty) ``<commit_email>`` are shown as the
    proper name and e-mail (each kept as committed when empty)."""

    line: int
    proper_name: str
    proper_email: str
    commit_name: str
    commit_email: str

    def source(self) -> str:
        return f"{self.commit_name} <{self.commit_email}>" if self.commit_name else f"<{self.commit_email}>"

    def target(self) -> str:
        return " ".join(filter(None, (self.proper_name, f"<{self.proper_email}>" if self.proper_email else "")))


def parse_mailmap(text: str) -> list[Entry]:
    """The entries of a ``.mailmap``, read as git reads them (``Proper Name <proper@email> Name <commit@email>``)."""
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("#"):
            continue
        first = _PAIR.match(line)
        if not first:
            continue
        second = _PAIR.match(line, first.end())
        if second:
            entries.append(Entry(number, first[1], first[2], second[1], second[2]))
        else:  # 'Proper Name <commit@email>': a new name for that address
            entries.append(Entry(number, first[1], "", "", first[2]))
    return entries


def entry_for(entries: list[Entry], name: str, email: str) -> Entry | None:
    """The entry git applies to a commit by ``name <email>``: the last one for its e-mail and name, else for its
    e-mail alone (both compared in any case)."""
    email, name = email.casefold(), name.casefold()
    named = [e for e in entries if e.commit_email.casefold() == email and e.commit_name.casefold() == name]
    if named:
        return named[-1]
    anyone = [e for e in entries if e.commit_email.casefold() == email and not e.commit_name]
    return anyone[-1] if anyone else None


def repository_top(root: Path) -> Path:
    """The folder that holds ``.git`` at or above ``root`` (where git reads ``.mailmap``); ``root`` if none."""
    root = Path(root).resolve()
    return next((folder for folder in (root, *root.parents) if (folder / ".git").exists()), root)


def mailmap_source(root: Path, top: Path) -> str:
    """``.mailmap`` as a path relative to the CoP root, as problems name files."""
    return posixpath.relpath(Path(top, MAILMAP).as_posix(), Path(root).resolve().as_posix())


def check_mailmap(root: Path, bots: Iterable[str]) -> list[Problem]:
    """An error for each ``.mailmap`` line that maps a person onto a bot, whose commits count for nothing."""
    top = repository_top(root)
    try:
        text = (top / MAILMAP).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    problems = []
    source = mailmap_source(root, top)
    for entry in parse_mailmap(text):
        pattern = bot_pattern(entry.proper_name, entry.proper_email, bots)
        if pattern is None or is_bot(entry.commit_name, entry.commit_email, bots):
            continue
        problems.append(Problem(source, entry.line, 1, "mailmap-bot",
                                f"this line maps {entry.source()} onto {entry.target()}, which matches the bot "
                                f"pattern '{pattern}': their commits would count for nothing; map them to a person, "
                                "or remove the line"))
    return problems


@dataclass(frozen=True)
class Move:
    """Commits whose credit a ``.mailmap`` change moves from one owner to another."""

    line: int
    """The line of the new ``.mailmap`` that moves them; 0 when a removed line did."""
    source: str | None
    """Member id, BOT, or None (no member)."""
    target: str | None
    commits: int
    authors: tuple[str, ...]
    """The git identities, as committed."""


def _contacts(lines: Iterable[str]) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        found = _CONTACT.match(line)
        out.append((found[1], found[2]) if found else ("", ""))
    return out


def credit_moves(root: Path, base: Base, snapshot: Snapshot, folders: Iterable[str], members: Mapping[str, Member],
                 bots: Iterable[str]) -> list[Move]:
    """What the working tree's ``.mailmap`` changes against the base commit's, in credit for the commits to
    ``folders``: every move that gives a member's commits to someone else or gives a member someone's commits.

    Two git processes, and only when ``.mailmap`` changed: one ``git log`` for the authors as committed and as the
    new ``.mailmap`` maps them, one ``git check-mailmap`` for how the base's mapped them.
    """
    root = Path(root)
    try:
        new_text = (base.top / MAILMAP).read_text(encoding="utf-8", errors="replace")
    except OSError:
        new_text = None
    base_text = snapshot.text(mailmap_source(root, base.top))
    if new_text == base_text:
        return []
    existing = [folder for folder in dict.fromkeys(folders) if (root / folder).exists()]
    if not existing:
        return []
    log = git(root, "log", "--no-merges", "--format=%an%x1f%ae%x1f%aN%x1f%aE", "--", *existing)
    if log.returncode != 0:
        return []
    commits: Counter = Counter(tuple(line.split("\x1f")) for line in log.stdout.splitlines() if line.count("\x1f") == 3)
    identities = sorted({(name, email) for name, email, _n, _e in commits})
    if not identities:
        return []
    # The base's .mailmap alone: run where no work tree's .mailmap is read (the git folder), with the base's as blob.
    mapped = git(base.git_dir, "-c", f"mailmap.blob={base.commit}:{base.path(mailmap_source(root, base.top))}",
                 "check-mailmap", "--stdin", stdin="".join(f"{n} <{e}>\n" for n, e in identities))
    if mapped.returncode != 0:
        return []
    before = dict(zip(identities, _contacts(mapped.stdout.splitlines())))
    table = owners(members)

    def owner(name: str, email: str) -> str | None:
        return BOT if is_bot(name, email, bots) else owner_of(table, name, email)

    new_entries, old_entries = parse_mailmap(new_text or ""), parse_mailmap(base_text or "")
    moved: dict[tuple[int, str | None, str | None], list] = defaultdict(lambda: [0, []])
    for (name, email, new_name, new_email), count in sorted(commits.items()):
        source, target = owner(*before[(name, email)]), owner(new_name, new_email)
        if source == target or not ({source, target} & set(members)):
            continue
        entry = entry_for(new_entries, name, email) or entry_for(old_entries, name, email)
        line = entry.line if entry is not None and entry in new_entries else 0
        found = moved[(line, source, target)]
        found[0] += count
        if f"{name} <{email}>" not in found[1]:
            found[1].append(f"{name} <{email}>")
    return [Move(line, source, target, count, tuple(authors))
            for (line, source, target), (count, authors) in sorted(moved.items(), key=lambda kv: (kv[0][0], -kv[1][0]))]


def move_problems(moves: list[Move], root: Path, base: Base, members: Mapping[str, Member]) -> list[Problem]:
    """Each move as a problem at its ``.mailmap`` line: an error when it takes a member's commits away to another
    member or a bot, a warning otherwise."""
    source_path = mailmap_source(root, base.top)

    def who(owner: str | None) -> str:
        if owner == BOT:
            return "a bot"
        return f"{members[owner].name} ({owner})" if owner in members else "no member"

    problems = []
    for move in moves:
        authors = ", ".join(f"'{a}'" for a in move.authors[:3]) + (
            f" and {len(move.authors) - 3} more" if len(move.authors) > 3 else "")
        taken = move.source in members and move.target is not None
        effect = ("; a bot's commits count for nothing" if move.target == BOT else
                  "; make sure those commits are theirs" if taken else "")
        where = "this line" if move.line else "a line removed from .mailmap"
        plural = "commit" if move.commits == 1 else "commits"
        problems.append(Problem(source_path, move.line or 1, 1, "mailmap-moves-credit",
                                f"{where} moves {move.commits} {plural} from {who(move.source)} to {who(move.target)}, "
                                f"compared with {base.label} ({base.commit[:7]}): by {authors}{effect}",
                                "error" if taken else "warning"))
    return problems
