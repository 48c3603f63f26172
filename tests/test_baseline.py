"""The base commit a change is compared with, and the repository read at that commit through one git process."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cop_site.baseline import Snapshot, find_base
from cop_site.cli import main
from cop_site.loading import load_community

from site_helpers import MINI, clone_on_branch, commit, git, write_files

LEAN = "practices/facilitation/lean-coffee.md"


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("origin")
    git(root, "init", "-q", "-b", "main")
    commit(root, MINI, "Start", when="2026-01-05T09:00:00Z")
    commit(root, {"practices/facilitation/nested/notes.txt": "a file one folder down\n"}, "Notes",
           when="2026-01-06T09:00:00Z")
    return root


@pytest.fixture
def clone(origin: Path, tmp_path: Path) -> Path:
    """A clone on a branch two commits ahead of main, with an uncommitted change on top."""
    path = clone_on_branch(origin, tmp_path / "clone", "feature")
    commit(path, {"members/eve.yml": "name: Eve\n"}, "Eve", when="2026-02-01T09:00:00Z")
    commit(path, {LEAN: "---\ntitle: Lean tea\nsummary: S.\nstewards: [eve]\n---\n"}, "Tea",
           when="2026-02-02T09:00:00Z")
    write_files(path, {"members/bo-chen.yml": "name: Bo Changed\n"})
    return path


def head(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()


def test_the_base_is_the_fork_point_from_the_default_branch(clone: Path, origin: Path) -> None:
    base, note = find_base(clone, environ={})
    assert (base.commit, base.label, note) == (head(origin), "origin/HEAD", "")
    assert base.top == clone.resolve() and base.prefix == ""


def test_a_pull_request_is_compared_with_its_base_branch(clone: Path, origin: Path) -> None:
    git(origin, "branch", "release", "HEAD~1")
    git(clone, "fetch", "-q", "origin")
    base, _ = find_base(clone, environ={"GITHUB_BASE_REF": "release"})
    assert (base.commit, base.label) == (head(origin, "HEAD~1"), "origin/release")
    assert find_base(clone, environ={"GITHUB_BASE_REF": "--output=x"})[0] is None  # never an option to git
    missing, note = find_base(clone, environ={"GITHUB_BASE_REF": "nope"})
    assert missing is None and "fetch-depth: 0" in note


def test_an_explicit_base_is_its_merge_base_with_head(clone: Path) -> None:
    base, _ = find_base(clone, "feature~1", environ={"GITHUB_BASE_REF": "main"})
    assert (base.commit, base.label) == (head(clone, "HEAD~1"), "feature~1")
    missing, note = find_base(clone, "no-such-branch")
    assert missing is None and "no-such-branch" in note


def test_without_a_default_branch_uncommitted_changes_are_compared_with_head(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "trunk")
    commit(tmp_path, MINI, "Start")
    base, _ = find_base(tmp_path, environ={})
    assert (base.commit, base.label) == (head(tmp_path), "HEAD")


def test_no_repository_or_no_commit_means_no_base(tmp_path: Path, capsys) -> None:
    write_files(tmp_path / "plain", MINI)
    assert find_base(tmp_path / "plain", environ={})[0] is None
    git(tmp_path, "init", "-q", "-b", "main", "fresh")
    assert find_base(tmp_path / "fresh", environ={})[0] is None
    assert main(["check", str(tmp_path / "plain"), "--base", "main"]) == 2
    assert "not in a git work tree" in capsys.readouterr().err


def test_a_snapshot_reads_files_folders_and_the_community_at_the_base_in_one_process(
        clone: Path, monkeypatch) -> None:
    base, _ = find_base(clone, environ={})
    started: list[list[str]] = []
    real = subprocess.Popen

    def spy(args, *rest, **kwargs):
        started.append(list(args))
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)
    with Snapshot(base) as snapshot:
        assert snapshot.text(LEAN) == MINI[LEAN]  # the working tree says 'Lean tea'
        assert snapshot.text("members/eve.yml") is None  # added on the branch
        assert snapshot.text("practices") is None  # a folder is no file
        files = snapshot.files("practices/facilitation")
        assert "practices/facilitation/nested/notes.txt" in files and LEAN in files
        now, _ = load_community(clone)
        assert snapshot.changed(clone, ["members", "practices"]) == {"members/eve.yml", "members/bo-chen.yml", LEAN}
        reads = snapshot.reads
        community = snapshot.community(now, clone)
        assert snapshot.reads - reads < 10  # the three changed files, and the trees: not the whole community again
    assert [args[:2] for args in started] == [["git", "cat-file"]]
    assert sorted(community.members) == ["ada-okafor", "bo-chen", "cy-oldham", "dee-newman"]
    assert community.members["bo-chen"].name == "Bo Chen"
    assert community.practices["facilitation/lean-coffee"].title == "Lean coffee"
    untouched = [key for key in now.practices if key != "facilitation/lean-coffee"]
    assert untouched and all(community.practices[key] is now.practices[key] for key in untouched)
    assert "eve" in now.members and now.practices["facilitation/lean-coffee"].title == "Lean tea"


def test_a_community_in_a_subfolder_reads_its_own_files_and_the_top_level_mailmap(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, {**{f"site/{path}": text for path, text in MINI.items()}, ".mailmap": "A <a@x.org>\n"}, "Start")
    base, _ = find_base(tmp_path / "site", environ={})
    assert base.prefix == "site" and base.path("../.mailmap") == ".mailmap"
    with Snapshot(base) as snapshot:
        assert snapshot.text("../.mailmap") == "A <a@x.org>\n"
        assert snapshot.text(LEAN) == MINI[LEAN]
        write_files(tmp_path / "site", {"members/bo-chen.yml": "name: Bo Changed\n"})
        now, _ = load_community(tmp_path / "site")
        assert snapshot.changed(tmp_path / "site", ["members", "practices"]) == {"members/bo-chen.yml"}
        then = snapshot.community(now, tmp_path / "site")
    assert sorted(then.members) == ["ada-okafor", "bo-chen", "cy-oldham", "dee-newman"]
    assert (then.members["bo-chen"].name, now.members["bo-chen"].name) == ("Bo Chen", "Bo Changed")
