"""A pull request in which someone leaves: `cop-site check` names what loses its last active steward, and who could
take it on, on the changed line. The repository is the scripted story of test_signals.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from cop_site.cli import main
from test_signals import START, story  # noqa: F401 - fixture

from site_helpers import clone_on_branch, git

__all__ = ["story"]


def check(repo: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(repo)])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture
def branch(story: Path, tmp_path: Path) -> Path:  # noqa: F811
    return clone_on_branch(story, tmp_path / "clone", "leaving")


def test_a_steward_marked_alumni_names_the_orphans_and_the_successors_in_order(branch: Path, capsys) -> None:
    (branch / "members/ada.yml").write_text("name: Ada Okafor\nstatus: alumni\nmentor: true\n"
                                           "expertise: {facilitation: expert}\n")
    code, lines = check(branch, capsys)
    assert code == 0  # a warning: the change may be right, the community decides who takes over
    facilitation = ("author of 1 practice in 'facilitation', practitioner in 'facilitation'")
    changed = facilitation.replace(", ", ", changed this practice, ")
    assert lines[:2] == [
        f"members/ada.yml:2:9: warning: domain 'facilitation' loses its last active steward: Ada Okafor left; could "
        f"take it on: Bo Chen (bo: {facilitation}); Cy Oldham (cy: {facilitation}) [last-steward-leaves]",
        f"members/ada.yml:2:9: warning: practice 'facilitation/retro' loses its last active steward: Ada Okafor left; "
        f"could take it on: Bo Chen (bo: {changed}); Cy Oldham (cy: {changed}); Eve Stayer (eve: changed this "
        "practice, learning in 'facilitation') [last-steward-leaves]"]
    assert main(["check", str(branch), "--format", "github"]) == 0
    annotation = capsys.readouterr().out.splitlines()[0]
    assert annotation.startswith("::warning file=members/ada.yml,line=2,col=9,")


def test_a_deleted_profile_is_reported_on_the_orphans_own_stewards_line(branch: Path, capsys) -> None:
    git(branch, "rm", "-q", "members/bo.yml")
    _code, lines = check(branch, capsys)
    losses = [line for line in lines if line.endswith("[last-steward-leaves]")]
    assert [line.split(": warning: ")[0] for line in losses] == [
        "practices/knowledge-sharing/domain.yml:3:11", "practices/knowledge-sharing/wiki.md:4:11"]
    assert all("Bo Chen were removed" not in line and "bo were removed" in line for line in losses)


def test_a_dropped_steward_is_reported_and_an_unchanged_branch_says_nothing(branch: Path, capsys) -> None:
    assert not [line for line in check(branch, capsys)[1] if "last-steward-leaves" in line]
    wiki = START["practices/knowledge-sharing/wiki.md"].replace("stewards: [bo]", "stewards: [fay]")
    (branch / "practices/knowledge-sharing/wiki.md").write_text(wiki)
    (branch / "members/fay.yml").write_text("name: Fay Learner\nstatus: alumni\n")
    lines = [line for line in check(branch, capsys)[1] if "last-steward-leaves" in line]
    assert len(lines) == 1 and lines[0].startswith("practices/knowledge-sharing/wiki.md:4:11: warning: practice "
                                                   "'knowledge-sharing/wiki' loses its last active steward: Bo Chen "
                                                   "no longer steward it; could take it on: Ada Okafor (ada: "
                                                   "changed this practice)")  # not Bo, who was just dropped
