"""Git history on real repositories made in tmp_path: dates, renames, bots, .mailmap, shallow clones, evidence."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import git as gitpython
import pytest

from cop_site.expertise import file_authors, truck_factor
from cop_site.history import is_bot, read_history
from cop_site.loading import load_community

from site_helpers import MINI, build_site, commit, git, write_files

MEMBERS_ONLY = {path: text for path, text in MINI.items() if not path.startswith("practices/")}

BO = "Bo Chen <bo@example.org>"
OUTSIDER = "Pat Visitor <pat@example.net>"
BOT = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The mini community with a scripted history: three authors, a rename, a bot, a .mailmap."""
    root = tmp_path_factory.mktemp("history")
    git(root, "init", "-q", "-b", "main")
    commit(root, MINI, "Start the community", when="2026-01-05T09:00:00Z")
    lean = MINI["practices/facilitation/lean-coffee.md"]
    commit(root, {"practices/facilitation/lean-coffee.md": lean + "\nBo's note on timeboxes.\n"},
           "Timeboxes", who=BO, when="2026-02-02T10:00:00Z")
    commit(root, {"practices/facilitation/lean-coffee.md": lean + "\nBo's note on timeboxes, longer.\n"},
           "More on timeboxes", who=BO, when="2026-02-09T10:00:00Z")
    git(root, "mv", "practices/knowledge-sharing/knowledge-harvest.md", "practices/knowledge-sharing/harvest.md")
    glossary = MINI["practices/knowledge-sharing/glossary.yml"].replace("see: [knowledge-harvest]", "see: [harvest]")
    commit(root, {"practices/knowledge-sharing/glossary.yml": glossary}, "Shorter name", when="2026-03-02T10:00:00Z")
    commit(root, {"practices/facilitation/retrospective.md": MINI["practices/facilitation/retrospective.md"] + "\nTypo.\n"},
           "Fix a typo", who=OUTSIDER, when="2026-03-03T10:00:00Z")
    commit(root, {"practices/facilitation/retrospective.md": MINI["practices/facilitation/retrospective.md"] + "\nTypo!\n"},
           "Bump", who=BOT, when="2026-04-01T10:00:00Z")
    # Bo also committed under an old address; .mailmap folds it into the current one.
    commit(root, {".mailmap": "Bo Chen <bo@example.org> <bo@old.example.org>\n",
                  "practices/facilitation/retrospective.md": MINI["practices/facilitation/retrospective.md"] + "\nFixed.\n"},
           "Fix it properly", who="B. Chen <bo@old.example.org>", when="2026-04-10T10:00:00Z")
    return root


def test_created_and_updated_come_from_the_first_and_last_commits(repo: Path) -> None:
    community, _ = load_community(repo)
    history = read_history(repo, ["members", "practices", "content"], community.members)
    lean = history.get("practices/facilitation/lean-coffee.md")
    assert lean.created.date().isoformat() == "2026-01-05"
    assert lean.updated.date().isoformat() == "2026-02-09"
    assert [a.member for a in lean.authors()] == ["bo-chen", "ada-okafor"]


def test_a_renamed_practice_keeps_its_history(repo: Path) -> None:
    community, _ = load_community(repo)
    history = read_history(repo, ["practices"], community.members)
    harvest = history.get("practices/knowledge-sharing/harvest.md")
    assert harvest.created.date().isoformat() == "2026-01-05"
    assert [c.status for c in harvest.changes] == ["R", "A"]
    assert "practices/knowledge-sharing/knowledge-harvest.md" not in history.files


def test_bot_commits_count_for_neither_dates_nor_credit(repo: Path) -> None:
    community, _ = load_community(repo)
    history = read_history(repo, ["practices"], community.members)
    retro = history.get("practices/facilitation/retrospective.md")
    assert "dependabot[bot]" not in {c.author.name for c in retro.changes}
    assert all("bot" not in name for name, _email in history.unmatched)


def test_mailmap_and_aliases_match_authors_to_members(repo: Path) -> None:
    community, _ = load_community(repo)
    history = read_history(repo, ["practices"], community.members)
    retro = history.get("practices/facilitation/retrospective.md")
    newest = retro.changes[0]
    assert (newest.author.name, newest.author.member) == ("Bo Chen", "bo-chen")
    assert history.unmatched == {("Pat Visitor", "pat@example.net"): 1}


def test_the_history_pass_is_one_git_process_whatever_the_number_of_files(repo: Path, monkeypatch) -> None:
    calls: list[tuple] = []
    original = gitpython.cmd.Git.execute

    def counting(self, command, *args, **kwargs):
        calls.append(tuple(command))
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(gitpython.cmd.Git, "execute", counting)
    community, _ = load_community(repo)
    history = read_history(repo, ["members", "practices", "content"], community.members)
    assert len(history.files) >= 8
    assert [c[:2] for c in calls] == [("git", "log")], calls


def test_bot_patterns_treat_brackets_literally() -> None:
    assert is_bot("dependabot[bot]", "x@example.org", ["*[bot]*"])
    assert not is_bot("Bo", "bo@example.org", ["*[bot]*"])
    assert is_bot("Renovate", "bot@example.org", ["renovate*"])


def test_outside_a_repository_history_is_simply_absent(tmp_path: Path) -> None:
    write_files(tmp_path, MEMBERS_ONLY)
    history = read_history(tmp_path, ["members"], {})
    assert not history.available and history.files == {}
    assert "not in a git repository" in history.note


def test_a_shallow_clone_is_said_once_with_the_fix(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    built = build_site(clone / "mkdocs.yml", strict=False)
    shallow = [line for line in built.logs() if "shallow clone" in line]
    assert len(shallow) == 1 and "fetch-depth: 0" in shallow[0]


def test_degree_of_authorship_names_the_main_writers() -> None:
    assert file_authors({"ada": 1}, "ada") == {"ada"}
    assert file_authors({"ada": 1, "bo": 12}, "ada") == {"bo"}
    assert file_authors({"ada": 3, "bo": 1}, "ada") == {"ada"}


def test_truck_factor_counts_people_who_must_leave_to_orphan_most_files() -> None:
    assert truck_factor({"a.md": {"ada"}, "b.md": {"ada"}, "c.md": {"ada", "bo"}}) == 1
    assert truck_factor({"a.md": {"ada"}, "b.md": {"bo"}, "c.md": {"cy"}}) == 2
    assert truck_factor({}) == 0


@pytest.fixture(scope="module")
def built(repo: Path):
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    result = build_site(repo / "mkdocs.yml", strict=True)
    assert result.error is None, result.logs()
    return result


def test_practice_page_shows_dates_and_contributors_linked_to_profiles(built) -> None:
    header = built.article("practices/facilitation/lean-coffee/").find("div", cls="cop-practice-header")
    text = header.text()
    assert "Created 2026-01-05" in text and "Updated 2026-02-09" in text
    links = {a.text(): a.attrs["href"] for a in header.find_all("a")}
    assert links["Bo Chen"] == "../../../people/bo-chen/"


def test_contributors_who_are_not_members_are_named_without_a_link(built) -> None:
    header = built.article("practices/facilitation/retrospective/").find("div", cls="cop-practice-header")
    assert "Pat Visitor" in header.text()
    assert "Pat Visitor" not in {a.text() for a in header.find_all("a")}


def test_profile_shows_evidence_beside_declared_expertise(built) -> None:
    article = built.article("people/bo-chen/")
    rows = [[cell.text() for cell in row.find_all("td")] for row in article.find("table").find_all("tr")[1:]]
    facilitation = next(r for r in rows if r[0] == "Facilitation")
    assert facilitation[1] == "Practitioner" and facilitation[2].startswith("author of 1 practice")


def test_health_lists_authors_matched_to_no_member(built) -> None:
    article = built.article("health/")
    assert "Pat Visitor" in article.text()
    assert "dependabot" not in article.text()


def test_changes_page_groups_by_week_and_the_feed_is_valid_atom(built) -> None:
    article = built.article("changes/")
    weeks = [h.text().rstrip("¶") for h in article.find_all("h2")]
    assert weeks[:2] == ["Week of 2026-04-06", "Week of 2026-03-02"]  # the bot's week of 2026-03-30 is not news
    feed = ET.parse(built.site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = feed.findall("a:entry", ns)
    assert entries[0].find("a:title", ns).text == "Retrospective"
    assert entries[0].find("a:updated", ns).text == "2026-04-10T10:00:00+00:00"
    assert entries[0].find("a:id", ns).text == "https://example.org/mini/practices/facilitation/retrospective/"
    assert feed.find("a:updated", ns).text == "2026-04-10T10:00:00+00:00"


def test_each_domain_has_its_own_feed_of_its_practices(built) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(built.site / "domains/facilitation/feed.xml").getroot()
    # Its own practices and those filed elsewhere that name it (the harvest, under knowledge-sharing), newest first
    assert [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)] == ["Retrospective", "Knowledge harvest",
                                                                                "Lean coffee"]
    assert feed.find("a:link[@rel='self']", ns).get("href") == "https://example.org/mini/domains/facilitation/feed.xml"
    assert feed.find("a:link[@rel='alternate']", ns).get("href") == "https://example.org/mini/domains/facilitation/"
    assert feed.find("a:updated", ns).text == "2026-04-10T10:00:00+00:00"
    other = ET.parse(built.site / "domains/knowledge-sharing/feed.xml").getroot()
    assert [e.find("a:title", ns).text for e in other.findall("a:entry", ns)] == ["Knowledge harvest"]
    links = {link.attrs["title"]: link.attrs["href"] for link in built.doc("domains/facilitation/").find_all("link")
             if link.attrs.get("type") == "application/atom+xml"}
    assert links == {"Facilitation: new and updated practices": "feed.xml",
                     "Mini CoP: new and updated practices": "../../feed.xml"}


def test_each_domain_has_a_badge_with_its_numbers_and_state(built) -> None:
    svg = ET.parse(built.site / "domains/facilitation/badge.svg").getroot()
    title = svg.find("{http://www.w3.org/2000/svg}title").text
    assert title == svg.get("aria-label") and title.startswith("Facilitation: 3 practices · 1 expert · ")
    assert "changed 2026-04-10" in title
    article = built.article("domains/facilitation/")
    assert article.find("img", src="badge.svg") is not None
    snippet = article.find("pre", cls="cop-snippet").text()
    assert snippet == ("[![facilitation: status](https://example.org/mini/domains/facilitation/badge.svg)]"
                       "(https://example.org/mini/domains/facilitation/)")
