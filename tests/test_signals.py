"""Awareness signals on a scripted repository that plays a known story, month by month.

The story, from January 2025 to December 2026: Ada, Bo and Cy are a stable core who change the facilitation
practices every month; Dee makes one change in September 2025 and never comes back; Eve starts in February 2026,
keeps going and becomes core by July; knowledge sharing gets Bo's changes until March 2026 and then goes quiet;
Fay joins in January 2026, wants to learn community platforms, which no mentor offers, and contributes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from site_helpers import build_site

from cop_site.expertise import Expertise
from cop_site.history import read_history
from cop_site.loading import load_community
from cop_site.pictures import bars, figure, heat_map, sparkline, stacked_bars
from cop_site.sanitize import sanitize_html
from cop_site.signals import (Settings, domain_activity, in_folder, member_timeline, month_label, newcomer_signals,
                              participation)

TODAY = date(2026, 12, 15)
PEOPLE = {"ada": "Ada Okafor", "bo": "Bo Chen", "cy": "Cy Oldham", "dee": "Dee Newman", "eve": "Eve Stayer",
          "fay": "Fay Learner"}


def member(name: str, extra: str = "") -> str:
    return f"name: {name}\n{extra}"


START = {
    "members/ada.yml": member("Ada Okafor", "mentor: true\nexpertise: {facilitation: expert}\n"),
    "members/bo.yml": member("Bo Chen", "expertise: {knowledge-sharing: expert, facilitation: practitioner}\n"),
    "members/cy.yml": member("Cy Oldham", "expertise: {facilitation: practitioner}\n"),
    "members/eve.yml": member("Eve Stayer", "expertise: {facilitation: learning}\n"),
    "practices/facilitation/domain.yml": "title: Facilitation\nsummary: Sessions.\nstewards: [ada]\n",
    "practices/facilitation/retro.md": "---\ntitle: Retro\nsummary: Look back.\nstewards: [ada]\nlevel: newcomer\n"
                                       "---\n\nStart.\n",
    "practices/knowledge-sharing/domain.yml": "title: Knowledge sharing\nsummary: Writing.\nstewards: [bo]\n",
    "practices/knowledge-sharing/wiki.md": "---\ntitle: Wiki\nsummary: Pages.\nstewards: [bo]\nlevel: practitioner\n"
                                           "---\n\nStart.\n",
}


def git(repo: Path, *args: str, who: str = "ada", when: str = "2025-01-10T12:00:00Z") -> None:
    """git with a fixed identity and date, whatever machine runs the tests."""
    name, email = PEOPLE[who], f"{who}@example.org"
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def change(repo: Path, path: str, who: str, when: str, text: str | None = None) -> None:
    """Commit a change to ``path`` (a new line, or the whole ``text``)."""
    file = repo / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text if text is not None else (file.read_text() if file.exists() else "") + f"{who} {when}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{who} on {path}", who=who, when=when)


def months(first: str, last: str) -> list[str]:
    """'2025-01' .. '2025-03' as ['2025-01', '2025-02', '2025-03']."""
    (y, m), (y2, m2) = map(int, first.split("-")), map(int, last.split("-"))
    out = []
    while (y, m) <= (y2, m2):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("story")
    git(repo, "init", "-q", "-b", "main")
    for path, text in START.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start", who="ada", when="2025-01-02T09:00:00Z")
    for month in months("2025-01", "2026-12"):
        for day, who in (("05", "ada"), ("06", "bo"), ("07", "cy")):
            change(repo, "practices/facilitation/retro.md", who, f"{month}-{day}T10:00:00Z")
        if month <= "2026-03":
            change(repo, "practices/knowledge-sharing/wiki.md", "bo", f"{month}-08T10:00:00Z")
        if month >= "2026-02":
            change(repo, "practices/facilitation/retro.md", "eve", f"{month}-09T10:00:00Z")
        if month == "2025-09":
            change(repo, "members/dee.yml", "dee", "2025-09-10T10:00:00Z", member("Dee Newman"))
            change(repo, "practices/facilitation/retro.md", "dee", "2025-09-11T10:00:00Z")
        if month == "2026-01":
            change(repo, "members/fay.yml", "fay", "2026-01-12T10:00:00Z",
                   member("Fay Learner", "learning: [community platforms]\n"))
    return repo


@pytest.fixture(scope="module")
def read(story: Path):
    community, problems = load_community(story)
    assert not [p for p in problems if p.severity == "error"], problems
    history = read_history(story, ["members", "practices"], community.members)
    return community, history, Expertise(community)


def by_label(result) -> dict:
    return {m.label: m for m in result}


def test_participation_names_the_core_and_the_newcomers_of_each_month(read) -> None:
    _community, history, _ex = read
    months_ = by_label(participation(history.commits, TODAY))
    assert len(months_) == 24 and list(months_)[-1] == "2026-12"
    assert months_["2026-12"].core == ("ada", "bo", "cy", "eve")
    assert months_["2026-12"].newcomer == months_["2026-12"].peripheral == ()
    assert months_["2025-09"].newcomer == ("dee",)
    assert months_["2026-01"].newcomer == ("fay",)
    assert months_["2026-02"].newcomer == ("eve",)
    # Eve moves from the edge to the core: peripheral, then active, then core.
    assert "eve" in months_["2026-03"].peripheral
    assert "eve" in months_["2026-04"].active
    assert "eve" in months_["2026-07"].core
    # In its first months, the core itself was still building up its record.
    assert months_["2025-02"].peripheral == ("ada", "bo", "cy")


def test_participation_of_one_domain_counts_only_its_files(read) -> None:
    _community, history, _ex = read
    quiet = by_label(participation(history.commits, TODAY, scope=in_folder("practices/knowledge-sharing")))
    assert quiet["2026-03"].core == ("bo",)
    assert all(m.total == 0 for label, m in quiet.items() if label > "2026-03")


def test_newcomer_signals_name_the_silent_the_one_time_and_the_unmentored(read) -> None:
    community, history, expertise = read
    found = newcomer_signals(community, history, expertise, TODAY)
    assert [s.member.id for s in found.silent] == ["fay"]
    assert found.one_time == ["dee", "fay"]
    assert found.moving_in == ["eve"]
    assert [(l.member.id, l.wants) for l in found.learners] == [("fay", ("community platforms",))]
    assert found.no_newcomer_practice == ["knowledge-sharing"]
    cohorts = {c.label: c for c in found.cohorts}
    assert cohorts["2025 Q3"].newcomers == ("dee",) and cohorts["2025 Q3"].rate == 0
    assert cohorts["2026 Q1"].newcomers == ("eve", "fay") and cohorts["2026 Q1"].returned == ("eve",)
    assert cohorts["2026 Q1"].rate == 0.5
    assert cohorts["2025 Q1"].newcomers == ("ada", "bo", "cy") and cohorts["2025 Q1"].rate == 1


def test_a_silent_newcomer_is_offered_someone_to_ask(read) -> None:
    community, history, expertise = read
    fay = newcomer_signals(community, history, expertise, TODAY).silent[0]
    assert fay.ask and all(m.active for m in fay.ask)
    assert fay.joined == date(2026, 1, 12)


def test_a_domain_that_went_quiet_is_flagged_with_who_could_revive_it(read) -> None:
    community, history, expertise = read
    activity = domain_activity(community, history, expertise, TODAY, "practices", 180)
    quiet, busy = activity["knowledge-sharing"], activity["facilitation"]
    assert quiet.quiet and not busy.quiet
    assert quiet.last_change == date(2026, 3, 8)
    assert [m.id for m in quiet.revivers][0] == "bo"  # its steward first
    assert dict(quiet.quarters) == {"2025 Q1": 4, "2025 Q2": 3, "2025 Q3": 3, "2025 Q4": 3, "2026 Q1": 3,
                                    "2026 Q2": 0, "2026 Q3": 0, "2026 Q4": 0}
    assert quiet.trend == "falling" and busy.trend == "steady"
    assert busy.new_authors == ()  # Eve's first change, in February, is older than 180 days
    year = domain_activity(community, history, expertise, TODAY, "practices", 180, Settings(recent_days=365))
    assert year["facilitation"].new_authors == ("eve",)
    assert quiet.stale == 1 and quiet.stale_share == 1.0  # last changed in March, reviewed every 180 days
    # the first quarter also holds the commit that created the practice


def test_a_member_timeline_counts_their_commits_per_month(read) -> None:
    _community, history, _ex = read
    timeline = dict(member_timeline("eve", history, TODAY))
    assert timeline["2026-01"] == 0 and timeline["2026-02"] == 1 and timeline["2026-12"] == 1
    assert sum(timeline.values()) == 11


def test_thresholds_are_settings(read) -> None:
    _community, history, _ex = read
    strict = Settings(core=12, active=6)
    months_ = by_label(participation(history.commits, TODAY, strict))
    assert months_["2026-12"].core == ("ada", "bo", "cy") and months_["2026-12"].active == ("eve",)
    assert month_label(2026 * 12) == "2026-01"


PICTURES = {
    "stacked": stacked_bars("p", "Participation", "Contributors per month", ["2026-01", "2026-02"],
                            [("core", "cop-k-core", [3, 4]), ("newcomers", "cop-k-newcomer", [1, 0])]),
    "spark": sparkline("s", "Changes per quarter: 1, 0, 3", [1, 0, 3]),
    "heat": heat_map("h", "Expertise", "Members per domain and level", ["Facilitation", "A <b> & 'c'"],
                     ["expert", "learning"], [[1, 2], [0, 3]]),
    "bars": bars("b", "Bus factor", "People per domain", [("Facilitation", 2, "2"), ("Sharing", 0, "0")], 2),
}


@pytest.mark.parametrize("name", PICTURES)
def test_pictures_are_valid_labelled_svg_that_the_sanitizer_keeps(name: str) -> None:
    svg = str(PICTURES[name])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img"
    title = root.find(f"{ns}title")
    assert title is not None and title.text
    assert set(root.get("aria-labelledby").split()) <= {e.get("id") for e in root.iter() if e.get("id")}
    assert sanitize_html(svg) == svg
    assert "<script" not in svg and "style=" not in svg and "fill=\"#" not in svg  # colours come from the theme


def test_picture_labels_are_escaped_and_figures_carry_their_data() -> None:
    heat = str(PICTURES["heat"])
    assert "A &lt;b&gt; &amp; 'c'" in heat and "<b>" not in heat
    shown = str(figure(PICTURES["bars"], "Bus factor <by domain>", ["Domain", "People"], [["<i>x</i>", 2]]))
    table = ET.fromstring(shown)
    assert [td.text for td in table.iter("td")] == ["<i>x</i>", "2"]
    assert sanitize_html(shown) == shown


def test_pictures_are_the_same_bytes_for_the_same_data() -> None:
    again = stacked_bars("p", "Participation", "Contributors per month", ["2026-01", "2026-02"],
                         [("core", "cop-k-core", [3, 4]), ("newcomers", "cop-k-newcomer", [1, 0])])
    assert again == PICTURES["stacked"]


def test_a_badge_is_standalone_valid_svg_with_its_text_escaped() -> None:
    from cop_site.pictures import badge
    svg = badge("Facilitation <&>", "6 practices · 2 experts", "healthy")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Facilitation <&>: 6 practices · 2 experts"
    assert "<&>" not in svg and "#1b5e20" in svg  # its own colours: other sites have no theme to lend it


# --- the story on the site ------------------------------------------------------------------------------------

STORY_MKDOCS = """\
site_name: Story
docs_dir: content
theme: {name: material}
plugins:
  - search
  - cop-site
markdown_extensions: [admonition, tables, attr_list, md_in_html, toc]
"""
SVG = re.compile(r"<svg class=\"cop-chart__(?:svg|spark)\".*?</svg>", re.S)
NS = "{http://www.w3.org/2000/svg}"


def build_story(repo: Path, out: Path, config: str = STORY_MKDOCS):
    """The story's site as of TODAY, built by the real MkDocs into ``out``."""
    (repo / "mkdocs.yml").write_text(config)
    (repo / "content").mkdir(exist_ok=True)
    (repo / "content" / "index.md").write_text("# Story\n")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime(2026, 12, 15, 12, tzinfo=timezone.utc).timestamp()))
    try:
        return build_site(repo / "mkdocs.yml", strict=False, site_dir=out)
    finally:
        if epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch


@pytest.fixture(scope="module")
def story_site(story: Path, tmp_path_factory) -> Path:
    built = build_story(story, tmp_path_factory.mktemp("story-site"))
    assert built.error is None, built.error
    return built.site


def pictures_of(page: Path) -> list[ET.Element]:
    """Each picture of a built page, parsed as XML (which fails if it is not well-formed)."""
    return [ET.fromstring(svg) for svg in SVG.findall(page.read_text(encoding="utf-8"))]


def data_rows(page: Path, caption_start: str) -> list[list[str]]:
    """The rows of the data table of the figure whose caption starts with ``caption_start``."""
    text = page.read_text(encoding="utf-8")
    for figure in re.findall(r"<figure class=\"cop-chart\">.*?</figure>", text, re.S):
        if f"<figcaption>{caption_start}" in figure:
            table = ET.fromstring(re.search(r"<table>.*?</table>", figure, re.S).group(0))
            return [[td.text or "" for td in tr.iter("td")] for tr in table.iter("tr") if tr.find("td") is not None]
    raise AssertionError(f"no figure '{caption_start}' on {page}")


@pytest.mark.parametrize("page, count", [("health/index.html", 3), ("domains/index.html", 2),
                                         ("domains/knowledge-sharing/index.html", 1), ("expertise/index.html", 1),
                                         ("people/eve/index.html", 1)])
def test_pictures_appear_on_their_pages_as_valid_labelled_svg(story_site: Path, page: str, count: int) -> None:
    found = pictures_of(story_site / page)
    assert len(found) == count
    for svg in found:
        assert svg.get("role") == "img" and svg.find(f"{NS}title").text
        ids = {e.get("id") for e in svg.iter() if e.get("id")}
        assert set(svg.get("aria-labelledby").split()) <= ids
        if "cop-chart__svg" in svg.get("class"):  # a full picture has a description too; a sparkline its title
            assert svg.find(f"{NS}desc").text


def test_the_health_page_opens_with_the_three_most_urgent_actions_naming_who_to_ask(story_site: Path) -> None:
    text = (story_site / "health" / "index.html").read_text(encoding="utf-8")
    summary = text[text.index('id="summary"'):text.index('id="newcomers"')]
    actions = re.findall(r"<li>(.*?)</li>", summary.split("<ol>")[1].split("</ol>")[0], re.S)
    plain = [re.sub(r"<[^>]+>", "", a) for a in actions]
    assert plain == ["Welcome Fay Learner: joined on 2026-01-12 and has not contributed since. Ask Ada Okafor.",
                     "Revive Knowledge sharing: no change since 2026-03-08. Ask Bo Chen, Ada Okafor.",  # Ada started it
                     "Find a mentor for Fay Learner: learning community platforms with no mentor for it. "
                     "Ask Ada Okafor."]
    assert summary.index("<ol>") < summary.index("<figure") < summary.index("<table>")  # before any list
    assert "<strong>Core</strong>: contributed in 6 or more of the last 12 months" in summary
    rows = {row[0]: row[1:] for row in data_rows(story_site / "health" / "index.html", "Contributors per month")}
    assert len(rows) == 24 and rows["2026-12"] == ["4", "0", "0", "0", "4"]
    assert rows["2025-09"][3] == "1" and rows["2026-02"][3] == "1"  # Dee's and Eve's first months


def test_the_health_page_names_the_newcomer_and_stagnation_signals(story_site: Path) -> None:
    text = re.sub(r"<[^>]+>", "", (story_site / "health" / "index.html").read_text(encoding="utf-8"))
    assert "Fay Learner, joined 2026-01-12: ask Ada Okafor to help them start" in text
    assert "Contributed once and never again: Dee Newman, Fay Learner." in text
    assert "now active or core): Eve Stayer." in text
    assert "Fay Learner, learning community platforms: no expert in it yet" in text
    assert "write a practice with level: newcomer in\nKnowledge sharing." in text
    assert "Knowledge sharing: no change since 2026-03-08; could revive it: Bo Chen, Ada Okafor" in text
    stale = data_rows(story_site / "health" / "index.html", "Stale practices")
    assert stale[0] == ["Knowledge sharing", "1", "1", "100%"]


def test_domain_pictures_show_the_domain_alone(story_site: Path) -> None:
    rows = {row[0]: row[1:] for row in data_rows(story_site / "domains" / "knowledge-sharing" / "index.html",
                                                 "Contributors per month")}
    assert rows["2026-03"] == ["1", "0", "0", "0", "1"]  # Bo, core
    assert all(total == "0" for month, (*_kinds, total) in rows.items() if month > "2026-03")
    sparks = {s.find(f"{NS}title").text for s in pictures_of(story_site / "domains" / "index.html")}
    assert "Changes per quarter, 2025 Q1 to 2026 Q4: 4, 3, 3, 3, 3, 0, 0, 0 (falling)" in sparks
    health = re.sub(r"<[^>]+>", "", (story_site / "health" / "knowledge-sharing" / "index.html").read_text())
    assert "Gone quiet" in health and "Who could revive it: Bo Chen, Ada Okafor." in health


def test_expertise_heat_map_and_a_member_timeline(story_site: Path) -> None:
    heat = {row[0]: row[1:] for row in data_rows(story_site / "expertise" / "index.html", "Active members")}
    assert heat == {"Facilitation": ["1", "2", "1"], "Knowledge sharing": ["0", "0", "1"]}  # learning, pract., expert
    timeline = dict(data_rows(story_site / "people" / "eve" / "index.html", "Contributions of Eve"))
    assert timeline["2026-01"] == "0" and timeline["2026-02"] == "1" and sum(map(int, timeline.values())) == 11


def test_participation_thresholds_come_from_the_plugin_option(story: Path, tmp_path: Path, caplog) -> None:
    strict = STORY_MKDOCS.replace("  - cop-site\n", "  - cop-site:\n      participation: {core: 12, active: 6}\n")
    built = build_story(story, tmp_path / "site", strict)
    assert built.error is None
    page = built.site / "health" / "index.html"
    assert "contributed in 12 or more of the last 12 months" in page.read_text(encoding="utf-8")
    rows = {row[0]: row[1:] for row in data_rows(page, "Contributors per month")}
    assert rows["2026-12"] == ["3", "1", "0", "0", "4"]  # Eve is active, not core, by these thresholds
    shorter = build_story(story, tmp_path / "short", STORY_MKDOCS.replace(
        "  - cop-site\n", "  - cop-site:\n      participation: {months: 12}\n"))
    # Dee's two commits (2025-09) are older than the twelve months shown: a sentence, not an empty picture.
    dee = shorter.site / "people" / "dee" / "index.html"
    assert not pictures_of(dee)
    assert "No commits to the community" in dee.read_text(encoding="utf-8")
    assert len(pictures_of(shorter.site / "people" / "eve" / "index.html")) == 1
    with pytest.raises(Abort):
        build_story(story, tmp_path / "wrong", STORY_MKDOCS.replace(
            "  - cop-site\n", "  - cop-site:\n      participation: {core: 2, active: 3}\n"))
    assert "'active' (3) must be at most 'core' (2)" in caplog.text


def test_participation_settings_read_without_mkdocs_fall_back_to_the_defaults_when_wrong() -> None:
    from cop_site.signals import settings_from, settings_problem
    assert settings_from({"core": 8, "months": 12}) == Settings(core=8, months=12)
    assert settings_from({"months": 6000}) == settings_from("core") == Settings()  # pictures stay bounded
    assert "'months' must be a whole number from 3 to 60" in settings_problem({"months": 6000})
    assert "unknown setting 'cores'" in settings_problem({"cores": 6})
