"""Git history in one pass: per source file, when it was created and updated and who changed it."""

from __future__ import annotations

import fnmatch
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Mapping

from .identity import owner_of, owners
from .markup import clean_text
from .model import Member

DEFAULT_BOTS = ("*[bot]*", "dependabot*", "github-actions*", "renovate*")
"""Authors whose commits count for neither dates nor credit. Patterns take * and ?; brackets are literal."""
_SHA = re.compile(r"[0-9a-f]{40}\Z")


_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")


def hide_emails(text: str) -> str:
    """``text`` with every e-mail address cut to its name: 'ada@example.org' -> 'ada@…'.

    Git gives every author's e-mail address; the site publishes an address only where a member put it in their
    profile's ``contact.email``. Names and commit subjects that hold an address are shown without it.
    """
    return _EMAIL.sub(lambda m: m.group().split("@", 1)[0] + "@…", text) if "@" in text else text


@dataclass(frozen=True)
class Author:
    """A git identity, after .mailmap, and the member it belongs to (if any). ``name`` is as published (no e-mail
    address in it); ``email`` is for matching and for maintainers, never published."""

    name: str
    email: str
    member: str | None = None

    @property
    def key(self) -> str:
        return self.member or self.email.casefold() or self.name.casefold()


@dataclass(frozen=True)
class Change:
    """One commit's change to one file."""

    sha: str
    author: Author
    date: datetime
    subject: str
    status: str
    """A (added), M (modified), R (renamed), D (deleted)."""


@dataclass(frozen=True)
class Commit:
    """One commit's contribution to the community's files: who, when, and which files (by their current path)."""

    sha: str
    author: Author
    date: datetime
    paths: tuple[str, ...]
    """Relative to the CoP root; files deleted since keep the path they had."""


@dataclass
class FileHistory:
    """Every change to one file, newest first, followed across renames."""

    path: str
    changes: list[Change] = field(default_factory=list)

    @property
    def created(self) -> datetime:
        return self.changes[-1].date

    @property
    def updated(self) -> datetime:
        return self.changes[0].date

    @property
    def creator(self) -> Author:
        return self.changes[-1].author

    def commits_by(self) -> Counter:
        """Author key -> number of commits."""
        return Counter(change.author.key for change in self.changes)

    def authors(self) -> list[Author]:
        """Distinct authors, most commits first."""
        seen: dict[str, Author] = {}
        for change in reversed(self.changes):
            seen.setdefault(change.author.key, change.author)
        counts = self.commits_by()
        return sorted(seen.values(), key=lambda a: (-counts[a.key], a.name.casefold()))


@dataclass
class History:
    """What git knows about a repository's content; empty when there is no git history."""

    files: dict[str, FileHistory] = field(default_factory=dict)
    """Current path (relative to the CoP root) -> its history."""
    available: bool = False
    shallow: bool = False
    note: str = ""
    """Why history is missing or partial, for the log."""
    unmatched: Counter = field(default_factory=Counter)
    """(name, email) of authors matched to no member -> commits."""
    commits: list[Commit] = field(default_factory=list)
    """Every commit by a person (not a bot) that touched the community's files, newest first: participation."""
    identities: Counter = field(default_factory=Counter)
    """(name, email, member id or '') of every author but bots -> commits, as git wrote them: for maintainers
    (`cop-site authors`), never published."""

    def get(self, path: str) -> FileHistory | None:
        return self.files.get(path)

    def as_of(self, day: date) -> History:
        """The history as it stood at the end of ``day``: later changes and commits left out."""
        files = {}
        for path, file_history in self.files.items():
            changes = [c for c in file_history.changes if c.date.date() <= day]
            if changes:
                files[path] = FileHistory(path, changes)
        return History(files=files, available=self.available, shallow=self.shallow, note=self.note,
                       unmatched=self.unmatched, identities=self.identities,
                       commits=[c for c in self.commits if c.date.date() <= day])

    def changes(self) -> list[tuple[str, Change]]:
        """Every (path, change), newest first."""
        out = [(path, change) for path, history in self.files.items() for change in history.changes]
        return sorted(out, key=lambda pc: (pc[1].date, pc[0]), reverse=True)


class IdentityMatcher:
    """Matches git authors to members by the names, e-mails, handles and aliases their profiles claim.

    An identity two members claim is resolved by ``identity.owners``: never in favour of an alias over another
    member's own name, e-mail or handle, nor of a newer profile over an older one.
    """

    def __init__(self, members: Mapping[str, Member], seniority: Mapping[str, int] | None = None) -> None:
        self.by_key = owners(members, seniority)

    def match(self, name: str, email: str) -> str | None:
        return owner_of(self.by_key, name, email)


def is_bot(name: str, email: str, patterns: Iterable[str]) -> bool:
    """Whether an author matches one of the bot patterns (any case; '[bot]' means those five characters)."""
    return bot_pattern(name, email, patterns) is not None


def bot_pattern(name: str, email: str, patterns: Iterable[str]) -> str | None:
    """The first bot pattern the author's name or e-mail matches, if any."""
    for pattern in patterns:
        literal = pattern.casefold().replace("[", "[[]")
        if fnmatch.fnmatchcase(name.casefold(), literal) or fnmatch.fnmatchcase(email.casefold(), literal):
            return pattern
    return None


def read_history(root: Path, folders: Iterable[str], members: Mapping[str, Member],
                 bots: Iterable[str] = DEFAULT_BOTS) -> History:
    """Read the history of ``folders`` under ``root`` with one ``git log`` process.

    Never raises: outside a repository, without git, or on a broken repository, the history is
    simply unavailable and ``note`` says why.
    """
    return start_history(root, folders).read(members, bots)


def start_history(root: Path, folders: Iterable[str]) -> GitLog:
    """Start the one ``git log`` process for ``folders`` under ``root``; ``.read(members)`` gives its History.

    Git runs (on another core, where there is one) while the caller loads the community whose members the
    history's authors are matched to.
    """
    try:
        import git  # GitPython: its command wrapper, one process for the whole log
    except ImportError as error:  # pragma: no cover - a dependency
        return GitLog(History(note=f"GitPython is not available ({error}); dates and contributors are left out"))
    root = Path(root).resolve()
    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or root).resolve()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return GitLog(History(note=f"{root} is not in a git repository; dates and contributors are left out"))
    except git.GitCommandNotFound:
        return GitLog(History(note=_NO_GIT))
    prefix = root.relative_to(top).as_posix() if root != top else ""
    prefix = "" if prefix == "." else prefix
    shallow = (Path(repo.git_dir) / "shallow").exists()
    pathspecs = [f"{prefix}/{f}" if prefix else f for f in folders if (root / f).exists()]
    if not pathspecs:
        return GitLog(History(available=True, shallow=shallow))
    try:
        process = repo.git.log("-z", "--no-merges", "--use-mailmap", "-M", "--name-status",
                               "--format=%x1e%H%x1f%aN%x1f%aE%x1f%cI%x1f%s", "--", *pathspecs, as_process=True)
    except git.GitCommandNotFound:
        return GitLog(History(note=_NO_GIT))
    return GitLog(None, process, prefix, shallow)


_NO_GIT = "git is not installed; dates and contributors are left out"


class GitLog:
    """A ``git log`` on its way (or, if it could not start, the History that says why)."""

    def __init__(self, done: History | None, process=None, prefix: str = "", shallow: bool = False) -> None:
        self._done, self._prefix, self._shallow = done, prefix, shallow
        self._output: tuple[bytes, bytes] = (b"", b"")
        self._reader = None
        if process is not None:  # drain both pipes now, so that git never waits for the caller
            self._wrapper = process  # GitPython's wrapper: kept, since dropping it stops git
            self._process = getattr(process, "proc", process)  # the subprocess.Popen that runs git
            self._reader = threading.Thread(target=self._drain, name="cop-site git log", daemon=True)
            self._reader.start()

    def _drain(self) -> None:
        self._output = self._process.communicate()

    def read(self, members: Mapping[str, Member], bots: Iterable[str] = DEFAULT_BOTS) -> History:
        """Wait for git and turn its output into a History, authors matched to ``members``."""
        if self._done is not None:
            return self._done
        self._reader.join()
        out, err = self._output
        if self._process.returncode != 0:
            err = err.decode("utf-8", "replace")
            if "does not have any commits" in err or "bad default revision" in err:
                return History(available=True, shallow=self._shallow, note="the repository has no commits yet")
            return History(note=f"git log failed ({err.strip()[:200]}); dates and contributors are left out")
        history = parse_log(out.decode("utf-8", "replace"), self._prefix, members, tuple(bots))
        history.shallow = self._shallow
        if self._shallow:
            history.note = ("this is a shallow clone, so dates and contributors are incomplete; check out the full "
                            "history (in GitHub Actions: actions/checkout with fetch-depth: 0)")
        return history


def _text(value: str, limit: int) -> str:
    """A name, e-mail or subject from git as it may be printed: at most ``limit`` characters (a commit can carry a
    megabyte in any of them), without characters that no page or feed may hold (git takes any bytes)."""
    return clean_text(value if len(value) <= limit else value[:limit - 1] + "…")


def parse_log(output: str, prefix: str, members: Mapping[str, Member], bots: tuple[str, ...]) -> History:
    """Turn ``git log -z --name-status`` output (newest first) into per-file histories, following renames.

    Authors are matched to ``members`` once the whole log is read: where two profiles claim one identity, the
    profile committed first keeps it (``identity.owners``).
    """
    history = History(available=True)
    renamed_to: dict[str, str] = {}  # an older path -> the path it has now
    strip = f"{prefix}/" if prefix else ""
    bot_identities: dict[tuple[str, str], bool] = {}
    commits: list[tuple[str, tuple[str, str], datetime, str, list[tuple[str, str]]]] = []

    def current(path: str) -> str:
        seen = set()
        while path in renamed_to and path not in seen:
            seen.add(path)
            path = renamed_to[path]
        return path

    for record in output.split("\x1e"):
        header, _, rest = record.partition("\0")
        fields = header.split("\x1f", 4)
        if len(fields) != 5 or not _SHA.match(fields[0]):
            continue
        sha, name, email, date_text, subject = fields
        name, email, subject = _text(name, 200), _text(email, 320), _text(subject, 300)
        try:
            date = datetime.fromisoformat(date_text)
        except ValueError:
            continue
        identity = (name, email)
        if identity not in bot_identities:  # a few people make most commits: look at each identity once
            bot_identities[identity] = is_bot(name, email, bots)
        bot = bot_identities[identity]  # a bot's renames still count; its changes do not
        files: list[tuple[str, str]] = []
        subject = hide_emails(subject)
        tokens = rest.lstrip("\n").split("\0")
        i = 0
        while i < len(tokens) and tokens[i]:
            status = tokens[i]
            if status[:1] in "RC" and i + 2 < len(tokens):
                old, new = tokens[i + 1], tokens[i + 2]
                i += 3
                path = current(new)
                if status[0] == "R":
                    renamed_to[old] = path
            elif i + 1 < len(tokens):
                path = current(tokens[i + 1])
                i += 2
            else:
                break
            if not bot and path.startswith(strip):
                files.append((path[len(strip):], status[:1]))
        if not bot:
            commits.append((sha, identity, date, subject, files))

    matcher = IdentityMatcher(members, _seniority(commits, members))
    authors: dict[tuple[str, str], Author] = {}
    for sha, identity, date, subject, files in commits:
        author = authors.get(identity)
        if author is None:
            author = authors[identity] = Author(hide_emails(identity[0]), identity[1], matcher.match(*identity))
        history.identities[(*identity, author.member or "")] += 1
        if author.member is None:
            history.unmatched[(author.name, identity[1])] += 1
        for rel, status in files:
            file_history = history.files.get(rel)
            if file_history is None:
                file_history = history.files[rel] = FileHistory(rel)
            file_history.changes.append(Change(sha, author, date, subject, status))
        if files:
            history.commits.append(Commit(sha, author, date, tuple(rel for rel, _status in files)))
    # A file whose newest change deleted it is gone; its history is not the current file's.
    for rel in [p for p, h in history.files.items() if h.changes[0].status == "D"]:
        del history.files[rel]
    return history


def _seniority(commits: list, members: Mapping[str, Member]) -> dict[str, int]:
    """Member id -> rank of the date their profile was first committed (0 for the first); uncommitted: absent."""
    by_source = {member.source: member.id for member in members.values()}
    created: dict[str, datetime] = {}
    for _sha, _identity, date, _subject, files in commits:  # newest first: the last date seen is the first commit
        for rel, _status in files:
            if rel in by_source:
                created[by_source[rel]] = date
    ranks = {date: rank for rank, date in enumerate(sorted(set(created.values())))}
    return {member: ranks[date] for member, date in created.items()}
