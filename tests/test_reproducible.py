"""Reproducible builds: the same sources and SOURCE_DATE_EPOCH give the same site, byte for byte, whoever builds it.

Two checkouts of one git history (same commits, same hashes) in different folders are built by two separate
``mkdocs build`` processes that differ in everything a build should not depend on: the folder, the hash seed
(set and dict order), the time zone and the locale. Every file they write is compared: pages, search index,
sitemap (plain and gzipped), feed, cop.json, schemas, assets. To reproduce a failure by hand, run
``SOURCE_DATE_EPOCH=1780000000 mkdocs build -f <tmp>/a/repo/mkdocs.yml -d <tmp>/a/site`` twice as the test does.
"""

from __future__ import annotations

import difflib
import gzip
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

from hostile_corpus import commit_files, git
from site_helpers import ENGINE, MINI, site_files

EPOCH = 1_780_000_000
"""SOURCE_DATE_EPOCH of both builds: 2026-05-28, after every commit."""

EXTRA = {
    "practices/facilitation/retrospective.md": MINI["practices/facilitation/retrospective.md"] + """
=== "Remote"

    Use a shared board. The retro needs a timekeeper.[^1]

=== "In person"

    Use sticky notes.

| Step | Minutes |
|---|---|
| Check-in | 5 |

```python
def close_the_loop(changes):
    return changes[:1]
```

[^1]: Someone who is not facilitating.
""",
    "members/eve-ortiz.yml": "name: Éve Ortíz\nrole: Ünïcode and emoji 🎉\nexpertise: {facilitation: learning}\n"
                             "topics: [b, a, c]\nlearning: [knowledge-sharing]\n",
}
HISTORY = [
    # (author, email, date, message, files): later commits change, rename and add files.
    ("Ada Okafor", "ada@example.org", "2026-01-05T09:00:00+01:00", "Start the community", "MINI"),
    ("Bo Chen", "bo@example.org", "2026-02-10T17:30:00-05:00", "Harvest, with a table", "EXTRA"),
    ("Zoë Unmatched", "zoe@example.net", "2026-03-15T23:59:59+09:00", "Fix a typo *twice*", "TYPO"),
]


def make_repository(root: Path) -> str:
    """The test community as a git history with fixed authors and dates; its HEAD commit."""
    for who, email, when, message, which in HISTORY:
        if which == "MINI":
            files = dict(MINI)
        elif which == "EXTRA":
            files = dict(EXTRA)
        else:
            files = {"practices/knowledge-sharing/knowledge-harvest.md":
                     MINI["practices/knowledge-sharing/knowledge-harvest.md"].replace("thirty", "30")}
        commit_files(root, files, who=who, email=email, when=when, message=message)
    git(root, "mv", "practices/facilitation/lean-coffee.md", "practices/facilitation/lean-coffee-session.md")
    git(root, "commit", "-q", "--no-gpg-sign", "-m", "Rename", who="Zoë Unmatched", email="zoe@example.net",
        when="2026-04-01T12:00:00Z")
    return git(root, "rev-parse", "HEAD").strip()


def start_build(repo: Path, site: Path, *, seed: str, tz: str, lang: str) -> subprocess.Popen:
    """``mkdocs build`` of ``repo`` into ``site`` in its own process, with the given environment."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "GIT_"))}
    env.update(SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED=seed, TZ=tz, LANG=lang, NO_MKDOCS_2_WARNING="1",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.Popen([sys.executable, "-m", ENGINE, "build", "-q", "-f", str(repo / "mkdocs.yml"),
                             "-d", str(site)], cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same history, checked out in two folders and built by two differently configured processes."""
    base = tmp_path_factory.mktemp("reproducible")
    repo_a, repo_b = base / "a" / "repo", base / "b" / "another-checkout"
    assert make_repository(repo_a) == make_repository(repo_b), "the same history must give the same commits"
    builds = [start_build(repo_a, base / "a" / "site", seed="0", tz="UTC", lang="C.UTF-8"),
              start_build(repo_b, base / "b" / "site", seed="4242", tz="Asia/Tokyo", lang="en_US.UTF-8")]
    for process in builds:
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output
    return base / "a" / "site", base / "b" / "site"


def test_two_builds_of_the_same_sources_are_byte_identical(two_sites: tuple[Path, Path]) -> None:
    a, b = (site_files(site) for site in two_sites)
    assert sorted(a) == sorted(b), "the two builds wrote different files"
    differ = sorted(name for name in a if a[name] != b[name])
    report = []
    for name in differ[:3]:
        try:
            lines = difflib.unified_diff(a[name].decode().splitlines(), b[name].decode().splitlines(),
                                         f"a/{name}", f"b/{name}", n=0, lineterm="")
            report.append("\n".join(list(lines)[:12]))
        except UnicodeDecodeError:
            report.append(f"{name}: binary files differ")
    assert differ == [], f"{len(differ)} files differ: {differ[:20]}\n" + "\n".join(report)


def test_the_compared_files_include_every_kind_of_output(two_sites: tuple[Path, Path]) -> None:
    files = site_files(two_sites[0])
    for name in ("index.html", "people/eve-ortiz/index.html", "practices/facilitation/lean-coffee-session/index.html",
                 "search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "feed.xml", "cop.json",
                 "changes/index.html", "health/index.html", "schemas/member.schema.json",
                 "assets/cop-site/cop-site.css", "practices/facilitation/diagram.png"):
        assert name in files, f"{name} was not built, so it was not compared"


def test_dates_come_from_git_and_source_date_epoch_not_the_clock(two_sites: tuple[Path, Path]) -> None:
    site = two_sites[0]
    day = datetime.fromtimestamp(EPOCH, timezone.utc).date().isoformat()
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    lastmods = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")}
    assert lastmods == {day}
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read() == (site / "sitemap.xml").read_bytes()
    # The gzip header holds a modification time: MkDocs writes the day of SOURCE_DATE_EPOCH, never the clock.
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == EPOCH - EPOCH % 86_400
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "2026-04-01" in feed and "2026-03-15" in feed  # the rename and the typo fix, from git
    graph = json.loads((site / "cop.json").read_text(encoding="utf-8"))
    assert [m["id"] for m in graph["members"]] == sorted(m["id"] for m in graph["members"])
