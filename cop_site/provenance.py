"""Where the running cop-site came from, as a requirement another machine can install (for `cop-site init`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import DISTRIBUTION


@dataclass(frozen=True)
class Requirement:
    """A line of requirements.txt that installs cop-site, and what a reader should know about it."""

    line: str
    note: str = ""
    """Why the line may not work on another machine (a local folder or file), or ''."""


def installed_requirement() -> Requirement:
    """The requirement that installs the cop-site that is running, as pip recorded how it was installed.

    A release from a package index is ``cop-site==VERSION``; an install from a URL or a path has a
    ``direct_url.json`` (PEP 610) in its metadata, and the requirement points at the same place: a VCS URL at the
    commit that was installed, an archive or a folder at its URL. Without any metadata (a source tree on
    ``sys.path`` that was never installed), it is ``cop-site`` and a note says to pin it.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution(DISTRIBUTION)
    except PackageNotFoundError:
        return Requirement(DISTRIBUTION, "this cop-site is not installed as a package, so requirements.txt does not "
                                         "pin a version; pin one, or pass --requirement")
    return requirement_from(dist.version, dist.read_text("direct_url.json"))


def requirement_from(version: str, direct_url: str | None) -> Requirement:
    """The requirement for a cop-site of ``version`` installed from ``direct_url`` (the text of direct_url.json)."""
    try:
        origin = json.loads(direct_url) if direct_url else None
    except ValueError:
        origin = None
    if not isinstance(origin, dict) or not isinstance(origin.get("url"), str):
        return Requirement(f"{DISTRIBUTION}=={version}")  # from a package index: the release itself
    url = origin["url"]
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs"):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        url = f"{vcs['vcs']}+{url}" + (f"@{commit}" if commit else "")
    subdirectory = origin.get("subdirectory")
    if isinstance(subdirectory, str) and subdirectory:
        url += f"#subdirectory={subdirectory}"
    line = f"{DISTRIBUTION} @ {url}"
    if url.startswith("file:"):
        what = "folder" if "dir_info" in origin else "file"
        return Requirement(line, f"it names a {what} on this machine, which CI machines do not have: before you "
                                 "push, change requirements.txt to a release or a URL they can reach, such as "
                                 f"'{DISTRIBUTION} @ git+https://github.com/OWNER/cop-site@COMMIT'")
    return Requirement(line)


def check_requirement(text: str) -> str:
    """``text`` as a requirement of cop-site, cleaned up; raises ValueError with the reason when it is not one."""
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement as Parsed
    from packaging.utils import canonicalize_name

    text = text.strip()
    example = (f"such as '{DISTRIBUTION}==1.2.0' or "
               f"'{DISTRIBUTION} @ git+https://github.com/OWNER/cop-site@COMMIT'")
    if text.startswith("-"):
        raise ValueError(f"--requirement '{text}' is a pip option, not a requirement; write it {example}")
    try:
        parsed = Parsed(text)
    except InvalidRequirement as error:
        reason = str(error).splitlines()[0]
        raise ValueError(f"--requirement '{text}' is not a valid requirement ({reason}); write it {example}") from None
    if canonicalize_name(parsed.name) != DISTRIBUTION:
        raise ValueError(f"--requirement '{text}' names '{parsed.name}', not {DISTRIBUTION}; write it {example}")
    return text
