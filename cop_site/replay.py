"""Write a community into a new git repository with a scripted history: for `cop-site demo`.

The script (``example-history.yml`` beside the example) lists commits as ``[day, member id, message, [paths]]``.
Each commit writes the files it names, by their member's name and e-mail; a file changed N times reaches its
final text in N steps (Markdown by sections, YAML by entries), so earlier commits hold earlier versions and the
history pass sees real changes. The whole history is written by one ``git fast-import``.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

MARKER = ".cop-site-demo"
"""A file in a folder ``replay`` made, so that making it again may replace it."""


class ReplayError(Exception):
    """The script or the source cannot be replayed; the message says why."""


@dataclass(frozen=True)
class Replayed:
    """A repository written by ``replay``: where, how many commits, and the last commit's time."""

    root: Path
    commits: int
    last: datetime
    files: frozenset[str]
    """Every file written, relative to ``root``."""


def versions(text: str, path: str, steps: int) -> list[str]:
    """The ``steps`` versions of a file, the last being ``text`` itself."""
    return [text if step == steps else _partial(text, path, step, steps) for step in range(1, steps + 1)]


def _partial(text: str, path: str, step: int, steps: int) -> str:
    share = step / steps
    if path.endswith(".md"):
        front, body = "", text
        match = re.match(r"---\n.*?\n---\n", text, re.S)
        if match:  # front matter whole, but for the review a later step records
            front = re.sub(r"^reviewed:.*\n", "", match.group(0), flags=re.M)
            body = text[match.end():]
        sections = re.split(r"\n(?=#{2,3} )", body)
        return front + "\n".join(sections[:max(1, math.ceil(len(sections) * share))]).rstrip("\n") + "\n"
    if path.endswith((".yml", ".yaml")):
        blocks = re.split(r"\n(?=\S)", text.rstrip("\n"))  # top-level keys, or list items
        blocks = [b for b in blocks if not re.match(r"(status|reviewed):", b)]
        keep = max(1, math.ceil(len(blocks) * share))
        return "\n".join(blocks[:keep]) + "\n"
    return text


def identity(root: Path, member_id: str, members_dir: str = "members") -> tuple[str, str]:
    """(name, e-mail) a member commits as: their profile's name and contact e-mail (or id@example.org)."""
    try:
        profile = yaml.safe_load((root / members_dir / f"{member_id}.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ReplayError(f"no readable profile for '{member_id}': {error}") from error
    contact = profile.get("contact") or {}
    return str(profile.get("name") or member_id), str(contact.get("email") or f"{member_id}@example.org")


def _expand(root: Path, path: str) -> list[str]:
    target = root / path
    if target.is_dir():
        return sorted(p.relative_to(root).as_posix() for p in target.rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts)
    if target.is_file():
        return [path]
    raise ReplayError(f"'{path}' is neither a file nor a folder of {root}")


def replay(source: Path, script: Path, out: Path) -> Replayed:
    """Write the files ``script`` names from ``source`` into a new repository at ``out``, commit by commit.

    Raises ReplayError when the script is malformed, names a missing file or member, or ``out`` is a folder
    that ``replay`` did not make.
    """
    source, out = Path(source), Path(out)
    try:
        entries = (yaml.safe_load(script.read_text(encoding="utf-8")) or {}).get("commits") or []
    except (OSError, yaml.YAMLError, AttributeError) as error:
        raise ReplayError(f"cannot read {script}: {error}") from error
    commits: list[tuple[datetime, str, str, list[str]]] = []
    for number, entry in enumerate(entries, start=1):
        if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[3], list)):
            raise ReplayError(f"{script.name}: commit {number} must be [day, member id, message, [paths]]")
        day, who, message, paths = entry
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        when = datetime(day.year, day.month, day.day, 9, 0, tzinfo=timezone.utc) + timedelta(minutes=number)
        commits.append((when, str(who), str(message), [f for p in paths for f in _expand(source, str(p))]))
    if not commits:
        raise ReplayError(f"{script.name} lists no commits")
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise ReplayError(f"{out} exists and was not made by cop-site demo; choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    steps: dict[str, int] = {}
    for _when, _who, _message, files in commits:
        for name in files:
            steps[name] = steps.get(name, 0) + 1
    texts = {name: versions((source / name).read_text(encoding="utf-8"), name, count) for name, count in steps.items()}
    done: dict[str, int] = {}
    stream: list[bytes] = []
    for mark, (when, who, message, files) in enumerate(commits, start=1):
        name, email = identity(source, who)
        stamp = f"{name} <{email}> {int(when.timestamp())} +0000".encode()
        text = message.encode()
        stream.append(b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n"
                      % (mark, stamp, stamp, len(text), text))
        for path in files:
            done[path] = done.get(path, 0) + 1
            payload = texts[path][done[path] - 1].encode()
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(payload), payload))
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=out, check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=out, input=b"".join(stream), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=out, check=True, env=env)
    (out / MARKER).write_text("Made by `cop-site demo`; it replaces this folder when run again.\n", encoding="utf-8")
    with open(out / ".git" / "info" / "exclude", "a", encoding="utf-8") as exclude:
        exclude.write(f"/{MARKER}\n/site/\n")
    return Replayed(out, len(commits), commits[-1][0], frozenset(steps))
