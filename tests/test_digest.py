"""`cop-site digest` on the scripted story of test_signals.py: each section lists exactly the expected items."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from cop_site.cli import main
from cop_site.digest import Period, gather_digest, render_digest
from test_signals import change, read, story  # noqa: F401 - fixtures

__all__ = ["read", "story"]


def titles(items) -> list[str]:
    return [item.title for item in items]


def test_a_month_with_a_newcomer(read) -> None:
    community, history, _ex = read
    digest = gather_digest(community, history, Period(date(2025, 8, 31), date(2025, 9, 30)),
                           site_url="https://example.org/cop/")
    assert titles(digest.updated_practices) == ["Retro", "Wiki"]
    assert digest.updated_practices[0].detail == "Facilitation, by Ada Okafor, Bo Chen, Cy Oldham, Dee Newman"
    assert digest.updated_practices[0].url == "https://example.org/cop/practices/facilitation/retro/"
    assert titles(digest.new_members) == ["Dee Newman"]
    assert titles(digest.first_contributions) == ["Dee Newman"]
    assert digest.first_contributions[0].detail == "2025-09-10: members/dee.yml"
    assert digest.new_practices == digest.reviews_due == digest.need_help == digest.alumni == []


def test_the_last_weeks_show_what_needs_help(read) -> None:
    community, history, _ex = read
    digest = gather_digest(community, history, Period(date(2026, 11, 30), date(2026, 12, 15)))
    assert titles(digest.updated_practices) == ["Retro"]
    assert digest.updated_practices[0].detail == "Facilitation, by Ada Okafor, Bo Chen, Cy Oldham, Eve Stayer"
    assert titles(digest.reviews_due) == ["Wiki"]
    assert digest.reviews_due[0].detail == "last changed or reviewed 2026-03-08; stewards: Bo Chen"
    assert [(i.title, i.detail) for i in digest.need_help] == [
        ("Knowledge sharing", "no change since 2026-03-08 (could revive it: Bo Chen, Ada Okafor)")]
    assert digest.new_members == digest.first_contributions == []
    assert digest.updated_practices[0].url == "practices/facilitation/retro/"  # no site_url: relative


def test_a_past_period_knows_nothing_of_what_came_after(read) -> None:
    community, history, _ex = read
    digest = gather_digest(community, history, Period(date(2026, 3, 31), date(2026, 4, 30)))
    assert titles(digest.updated_practices) == ["Retro"]
    assert digest.reviews_due == [] and digest.need_help == []  # knowledge sharing changed in March


def test_an_empty_period_says_so(read) -> None:
    community, history, _ex = read
    digest = gather_digest(community, history, Period(date(2024, 1, 1), date(2024, 6, 30)))
    assert digest.empty
    assert "Nothing happened in this period." in render_digest(digest, "markdown")
    assert "<p>Nothing happened in this period.</p>" in render_digest(digest, "html")


def test_contributor_text_stays_text_in_every_format(tmp_path: Path, story: Path) -> None:  # noqa: F811
    repo = tmp_path / "hostile"
    os.system(f"cp -r {story} {repo}")
    hostile = "[x](javascript:alert(1)) <img src=x onerror=alert(2)> **bold**"
    change(repo, "members/eve.yml", "eve", "2026-12-10T10:00:00Z",
           f"name: {json.dumps(hostile)}\naliases: [Eve Stayer]\nexpertise: {{facilitation: learning}}\n")
    change(repo, "practices/facilitation/retro.md", "eve", "2026-12-11T10:00:00Z",
           f"---\ntitle: {json.dumps('Retro <script>alert(3)</script>')}\nsummary: s\nstewards: [ada]\n"
           "level: newcomer\n---\n\nBody.\n")
    from cop_site.expertise import Expertise  # noqa: F401
    from cop_site.history import read_history
    from cop_site.loading import load_community
    community, _ = load_community(repo)
    history = read_history(repo, ["members", "practices"], community.members)
    digest = gather_digest(community, history, Period(date(2026, 12, 1), date(2026, 12, 15)))
    markdown = render_digest(digest, "markdown")
    assert "<script" not in markdown and "<img" not in markdown and "](javascript" not in markdown
    assert "**bold**" not in markdown and "&#42;&#42;bold&#42;&#42;" in markdown
    page = render_digest(digest, "html")
    assert "<script" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page and "<h2>Updated practices</h2>" in page
    data = json.loads(render_digest(digest, "json"))
    assert data["updated_practices"][0]["title"] == "Retro <script>alert(3)</script>"  # data, as written


def test_the_command_prints_the_same_digest_twice(story: Path, capsys) -> None:  # noqa: F811
    args = ["digest", str(story), "--since", "2026-11-30", "--until", "2026-12-15"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    assert first.startswith("# Our community: 2026-11-30 to 2026-12-15\n")
    assert "## Updated practices" in first and "## Domains that need help" in first
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["need_help"][0]["title"] == "Knowledge sharing"


@pytest.mark.parametrize("args, message", [
    (["--since", "2026-13-01"], "write dates as YYYY-MM-DD"),
    (["--since", "2026-12-15", "--until", "2026-12-01"], "is not before"),
])
def test_bad_periods_are_usage_errors(story: Path, capsys, args, message) -> None:  # noqa: F811
    assert main(["digest", str(story), *args]) == 2
    assert message in capsys.readouterr().err


def test_if_any_prints_nothing_for_an_empty_period(story: Path, capsys) -> None:  # noqa: F811
    assert main(["digest", str(story), "--since", "2024-01-01", "--until", "2024-06-30", "--if-any"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["digest", str(story), "--since", "2026-11-30", "--until", "2026-12-15", "--if-any"]) == 0
    assert capsys.readouterr().out.startswith("# Our community")
