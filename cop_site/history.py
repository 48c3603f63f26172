"""Git history in one pass: per source file, when it was created and updated and who changed it."""

from __future__ import annotations

import fnmatch
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping

from .markup import clean_text
from .model import Member

DEFAULT_BOTS = ("*[bot]*", "dependabot*", "github-actions*", "renovate*")
"""Authors whose commits count for neither dates nor credit. Patterns take * and ?; brackets are literal."""
_SHA = re.compile(r"[0-9a-f]{40}\Z")


@dataclass(frozen=True)
class Author:
    """A git identity, after .mailmap, and the member it belongs to (if any)."""

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

    def get(self, path: str) -> FileHistory | None:
        return self.files.get(path)

    def changes(self) -> list[tuple[str, Change]]:
        """Every (path, change), newest first."""
        out = [(path, change) for path, history in self.files.items() for change in history.changes]
        return sorted(out, key=lambda pc: (pc[1].date, pc[0]), reverse=True)


class IdentityMatcher:
    """Matches git authors to members: by alias (name or email) or by a name equal to the member's."""

    def __init__(self, members: Mapping[str, Member]) -> None:
        self.by_key: dict[str, str] = {}
        for member in members.values():
            for alias in (member.name, *member.aliases, member.contact.get("email", "")):
                if alias:
                    self.by_key.setdefault(alias.strip().casefold(), member.id)
            if member.contact.get("github"):
                handle = member.contact["github"].casefold()
                self.by_key.setdefault(handle, member.id)
                self.by_key.setdefault(f"{handle}@users.noreply.github.com", member.id)

    def match(self, name: str, email: str) -> str | None:
        email = email.strip().casefold()
        found = self.by_key.get(email) or self.by_key.get(name.strip().casefold())
        if found is None and email.endswith("@users.noreply.github.com"):
            handle = email.split("@", 1)[0].split("+", 1)[-1]
            found = self.by_key.get(handle)
        return found


def is_bot(name: str, email: str, patterns: Iterable[str]) -> bool:
    """Whether an author matches one of the bot patterns (any case; '[bot]' means those five characters)."""
    for pattern in patterns:
        literal = pattern.casefold().replace("[", "[[]")
        if fnmatch.fnmatchcase(name.casefold(), literal) or fnmatch.fnmatchcase(email.casefold(), literal):
            return True
    return False


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
        history = parse_log(out.decode("utf-8", "replace"), self._prefix, IdentityMatcher(members), tuple(bots))
        history.shallow = self._shallow
        if self._shallow:
            history.note = ("this is a shallow clone, so dates and contributors are incomplete; check out the full "
                            "history (in GitHub Actions: actions/checkout with fetch-depth: 0)")
        return history


def _text(value: str, limit: int) -> str:
    """A name, e-mail or subject from git as it may be printed: at most ``limit`` characters (a commit can carry a
    megabyte in any of them), without characters that no page or feed may hold (git takes any bytes)."""
    return clean_text(value if len(value) <= limit else value[:limit - 1] + "…")


def parse_log(output: str, prefix: str, identities: IdentityMatcher, bots: tuple[str, ...]) -> History:
    """Turn ``git log -z --name-status`` output (newest first) into per-file histories, following renames."""
    history = History(available=True)
    renamed_to: dict[str, str] = {}  # an older path -> the path it has now
    strip = f"{prefix}/" if prefix else ""
    authors: dict[tuple[str, str], Author | None] = {}  # None: a bot

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
        if identity not in authors:  # a few people make most commits: match each identity once
            authors[identity] = None if is_bot(name, email, bots) else Author(name, email,
                                                                              identities.match(name, email))
        author = authors[identity]
        bot = author is None  # a bot's renames still count; its changes do not
        if author is not None and author.member is None:
            history.unmatched[identity] += 1
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
            if bot or not path.startswith(strip):
                continue
            rel = path[len(strip):]
            file_history = history.files.setdefault(rel, FileHistory(rel))
            file_history.changes.append(Change(sha, author, date, subject, status[:1]))
    # A file whose newest change deleted it is gone; its history is not the current file's.
    for rel in [p for p, h in history.files.items() if h.changes[0].status == "D"]:
        del history.files[rel]
    return history
