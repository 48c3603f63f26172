"""The commit a change is compared with (a pull request's base), and the repository as it was there.

``find_base`` names the commit: ``--base REV``, else the pull request's base branch on GitHub
(``GITHUB_BASE_REF``), else the default branch, each as its merge-base with HEAD; else HEAD itself, so
that uncommitted changes are compared with the last commit. A ``Snapshot`` then reads any file, folder or
the whole community at that commit through one ``git cat-file --batch`` process, however many files it
reads. Checks that say what a change does (credit a ``.mailmap`` moves, practices that lose their last
steward) compare the working tree with a snapshot of the base.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping

from .loading import Layout, Limits, load_community, walk_files
from .model import Community

DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")
"""Where the default branch is looked for when neither ``--base`` nor a pull request names one."""
_REF = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]*\Z")


@dataclass(frozen=True)
class Base:
    """The commit a change is compared with, and where the repository is."""

    commit: str
    label: str
    """How it was found, for messages: 'origin/main', 'v1.2', 'HEAD'."""
    top: Path
    """The repository's top folder (where ``.mailmap`` is)."""
    git_dir: Path
    prefix: str = ""
    """The CoP root relative to ``top``; '' when it is the top."""

    def path(self, relative: str) -> str:
        """A path relative to the CoP root, as a path in the repository (``../.mailmap`` from a subfolder works)."""
        joined = posixpath.normpath(posixpath.join(self.prefix, relative))
        return "" if joined == "." else joined


def git(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run git without a terminal; never raises for git's own failures (see ``returncode``)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", check=False)


def find_base(root: Path, rev: str | None = None, environ: Mapping[str, str] | None = None
              ) -> tuple[Base | None, str]:
    """The commit to compare the working tree of ``root`` with, and a note when there is none.

    Args:
        root: the CoP repository's root (the top of a git repository, or a folder in one).
        rev: a revision given by the user (``--base``): its merge-base with HEAD; no fallback if it is unknown.
        environ: where ``GITHUB_BASE_REF`` is read (the process environment by default).
    """
    environ = os.environ if environ is None else environ
    try:
        found = git(Path(root), "rev-parse", "--show-toplevel", "--absolute-git-dir", "--show-prefix")
    except OSError:
        return None, "git is not installed; nothing is compared with a base commit"
    lines = found.stdout.splitlines()
    if found.returncode != 0 or len(lines) < 2:
        return None, f"{root} is not in a git work tree; nothing is compared with a base commit"
    top, git_dir = Path(lines[0]), Path(lines[1])
    prefix = lines[2].strip("/") if len(lines) > 2 else ""
    if rev is not None:
        candidates = [rev]
    elif environ.get("GITHUB_BASE_REF"):
        branch = environ["GITHUB_BASE_REF"]
        candidates = [f"origin/{branch}", branch] if _REF.match(branch) else []
    else:
        candidates = [*DEFAULT_BRANCHES, "HEAD"]
    for candidate in candidates:
        if candidate.startswith("-"):
            continue
        merged = git(top, "merge-base", "--end-of-options", candidate, "HEAD")
        if merged.returncode == 0 and merged.stdout.strip():
            return Base(merged.stdout.strip(), candidate, top, git_dir, prefix), ""
    if rev is not None:
        return None, f"cannot compare with --base {rev}: git knows no such commit with history shared with HEAD"
    if environ.get("GITHUB_BASE_REF"):
        return None, (f"cannot find the pull request's base branch '{environ['GITHUB_BASE_REF']}'; check out the "
                      "full history (actions/checkout with fetch-depth: 0)")
    return None, "the repository has no commits yet; nothing is compared with a base commit"


class Snapshot:
    """The repository's files at ``base.commit``, read through one ``git cat-file --batch`` process.

    Paths are relative to the CoP root, as everywhere else. Use it as a context manager, or ``close()`` it.
    """

    def __init__(self, base: Base) -> None:
        self.base = base
        self._process: subprocess.Popen | None = None
        self.reads = 0
        """Objects read so far (for tests and benchmarks: all through one process)."""

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._process is not None:
            self._process.stdin.close()
            self._process.wait()
            self._process.stdout.close()
            self._process = None

    def _object(self, spec: str) -> tuple[str, bytes] | None:
        """(type, content) of one object: ``COMMIT:path`` or a hash; None if there is none."""
        if "\n" in spec:
            return None
        if self._process is None:
            self._process = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.base.top, stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._process.stdin.write(spec.encode("utf-8") + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline().decode("utf-8", "replace").split()
        self.reads += 1
        if len(header) != 3 or not header[2].isdigit():  # '<spec> missing' or 'ambiguous'
            return None
        size = int(header[2])
        data = self._process.stdout.read(size + 1)[:size]
        return header[1], data

    def read(self, path: str) -> bytes | None:
        """The bytes of a file at the base commit; None if it was not there (or is not a file)."""
        found = self._object(f"{self.base.commit}:{self.base.path(path)}")
        return found[1] if found and found[0] == "blob" else None

    def text(self, path: str) -> str | None:
        """A file's text at the base commit (invalid UTF-8 replaced); None if it was not there."""
        data = self.read(path)
        return None if data is None else data.decode("utf-8", "replace")

    def _tree(self, spec: str) -> list[tuple[str, str, str]]:
        """(name, 'blob' or 'tree', hash) of a tree's regular files and folders; links and submodules left out."""
        found = self._object(spec)
        if not found or found[0] != "tree":
            return []
        data, entries, at = found[1], [], 0
        width = 32 if len(self.base.commit) == 64 else 20
        while at < len(data):
            space = data.index(b" ", at)
            nul = data.index(b"\0", space)
            mode, name = data[at:space], data[space + 1:nul].decode("utf-8", "surrogateescape")
            digest = data[nul + 1:nul + 1 + width].hex()
            at = nul + 1 + width
            if name in ("", ".", "..", ".git") or "/" in name:  # git itself refuses these; a crafted tree may not
                continue
            if mode == b"40000":
                entries.append((name, "tree", digest))
            elif mode in (b"100644", b"100755"):
                entries.append((name, "blob", digest))
        return entries

    def files(self, folder: str) -> dict[str, str]:
        """Every regular file under ``folder`` at the base commit: path (relative to the CoP root) -> hash."""
        out: dict[str, str] = {}
        pending = [(folder.strip("/"), f"{self.base.commit}:{self.base.path(folder)}")]
        while pending:
            relative, spec = pending.pop()
            for name, kind, digest in self._tree(spec):
                path = f"{relative}/{name}" if relative else name
                if kind == "tree":
                    pending.append((path, digest))
                else:
                    out[path] = digest
        return dict(sorted(out.items()))

    def changed(self, root: Path, folders: Iterable[str]) -> set[str]:
        """Paths under ``folders`` (relative to the CoP root ``root``) that differ between the base commit and the
        working tree: changed, added or deleted. Working-tree files are compared by their git blob id, so nothing
        unchanged is read from git; links are left out on both sides, as loading leaves them out."""
        there: dict[str, str] = {}
        here: dict[str, str] = {}
        digest = hashlib.sha256 if len(self.base.commit) == 64 else hashlib.sha1
        for folder in dict.fromkeys(folders):
            there.update(self.files(folder))
            top = root / folder
            if top.is_dir() and not top.is_symlink():
                for path, link in walk_files(top):
                    if not link:
                        data = path.read_bytes()
                        here[path.relative_to(root).as_posix()] = digest(b"blob %d\0" % len(data) + data).hexdigest()
        return {path for path in there.keys() | here.keys() if there.get(path) != here.get(path)}

    def community(self, now: Community, root: Path, layout: Layout = Layout(), limits: Limits = Limits()
                  ) -> Community:
        """The community as it was at the base commit: ``now`` (the working tree's, read from ``root``) with each
        member, practice and domain file the change touched read as it was there, by the same code. A change
        costs what it touches, not a second reading of the whole community."""
        changed = self.changed(root, (layout.members_dir, layout.practices_dir))
        if not changed:
            return now
        with tempfile.TemporaryDirectory(prefix="cop-site-base-") as folder:
            for path in sorted(changed):
                data = self.read(path)
                if data is not None:
                    target = Path(folder, path)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            then, _ = load_community(Path(folder), layout, limits)

        def merged(current: Mapping, old: Mapping) -> dict:
            kept = {key: item for key, item in current.items() if item.source not in changed}
            return {**kept, **{key: item for key, item in old.items() if item.source in changed}}

        return replace(now, members=merged(now.members, then.members), domains=merged(now.domains, then.domains),
                       practices=merged(now.practices, then.practices))
