"""Unit tests of loading helpers that golden cases cannot pin down: front matter, limits, hints."""

from __future__ import annotations

from cop_site.loading import Layout, Limits, close_matches, load_community, load_document, split_front_matter


def test_front_matter_is_split_from_the_body_with_the_body_line() -> None:
    assert split_front_matter("---\ntitle: A\n---\nBody\n", "p.md") == ("title: A\n", "Body\n", 4, [])


def test_front_matter_may_end_with_dots_and_lines_may_end_with_crlf() -> None:
    assert split_front_matter("---\r\ntitle: A\r\n...\r\nBody", "p.md") == ("title: A\r\n", "Body", 4, [])


def test_front_matter_lines_are_counted_at_newlines_only() -> None:
    front, body, body_line, problems = split_front_matter("---\ntitle: a\u2028---\n---\nBody\n", "p.md")
    assert (front, body, body_line, problems) == ("title: a\u2028---\n", "Body\n", 4, [])


def test_close_matches_suggests_or_lists_the_known_values() -> None:
    assert close_matches("ada-okafr", ["ada-okafor", "kwame"], "members") == "; did you mean 'ada-okafor'?"
    assert close_matches("zed", ["b", "a"], "members") == "; known members include: a, b"
    assert close_matches("zed", [str(i) for i in range(10)], "members") == (
        "; known members include: 0, 1, 2, 3, 4, 5, 6, 7 (and 2 more)")
    assert close_matches("zed", [], "members") == "; there are no members yet"
    assert close_matches("zed", []) == ""


def test_reading_stops_after_the_file_limit_with_one_problem(tmp_path, make_repo) -> None:
    make_repo(tmp_path, {f"members/m{i}.yml": "name: M\n" for i in range(5)})
    community, problems = load_community(tmp_path, Layout(), Limits(max_files=3))
    assert sorted(community.members) == ["m0", "m1", "m2"]
    assert [str(p) for p in problems] == [
        "members/m3.yml:1:1: error: more than 3 files; the rest are not read [too-many-files]"]


def test_a_repository_with_only_practices_loads_without_members(tmp_path, make_repo) -> None:
    make_repo(tmp_path, {"practices/facilitation/domain.yml": "title: F\nsummary: S\n"})
    community, problems = load_community(tmp_path)
    assert list(community.domains) == ["facilitation"] and community.members == {} and problems == []


def test_values_are_kept_as_written_with_their_positions(tmp_path, make_repo) -> None:
    make_repo(tmp_path, {
        "members/ada-okafor.yml": "name: Ada\njoined: 2021-03-01\nmentor: true\nlinks:\n"
                                  "  - {label: Blog, url: \"https://example.org\"}\n",
        "practices/facilitation/lean-coffee.md": "---\ntitle: Lean coffee\nsummary: S.\nstewards: [ada-okafor]\n"
                                                 "review_every: 90\nhide: [toc]\n---\n\nBody.\n",
    })
    community, _ = load_community(tmp_path)
    ada = community.members["ada-okafor"]
    assert (ada.name, ada.joined, ada.mentor, ada.links[0].url) == ("Ada", "2021-03-01", True, "https://example.org")
    assert ada.where("links", 0, "url") == ("members/ada-okafor.yml", 5, 24)
    practice = community.practices["facilitation/lean-coffee"]
    assert (practice.review_every, practice.meta, practice.body, practice.body_line) == (90, {"hide": ["toc"]},
                                                                                        "\nBody.\n", 8)
    assert practice.where("stewards", 0) == ("practices/facilitation/lean-coffee.md", 4, 12)


# --- Two files for one id: the copy a change adds is the one reported, the other is read --------------------

def test_the_copy_a_commit_adds_next_to_a_committed_profile_is_reported_and_the_committed_one_read(
        tmp_path, make_repo) -> None:
    from test_history import git

    make_repo(tmp_path, {"members/kwame-mensah.yaml": "name: Kwame Mensah\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Kwame joins", when="2026-01-01T12:00:00Z")
    make_repo(tmp_path, {"members/kwame-mensah.yml": "name: Kwame M.\n"})
    for stage in ("in the work tree", "committed later"):
        if stage == "committed later":
            git(tmp_path, "add", "-A")
            git(tmp_path, "commit", "-q", "-m", "A second copy", when="2026-02-01T12:00:00Z")
        community, problems = load_community(tmp_path)
        assert community.members["kwame-mensah"].name == "Kwame Mensah", stage
        assert [str(p) for p in problems] == [
            "members/kwame-mensah.yml:1:1: error: member 'kwame-mensah' is also defined in members/kwame-mensah.yaml, "
            "which is the one read; move what this file adds there and delete this file [duplicate-id]"], stage


def test_without_git_the_documented_name_of_a_duplicated_profile_is_read(tmp_path, make_repo) -> None:
    make_repo(tmp_path, {"members/kwame-mensah.yaml": "name: Kwame M.\n", "members/kwame-mensah.yml": "name: Kwame\n"})
    community, problems = load_community(tmp_path)
    assert community.members["kwame-mensah"].name == "Kwame"
    assert [(p.path, p.code) for p in problems] == [("members/kwame-mensah.yaml", "duplicate-id")]


def test_a_build_publishes_the_copy_check_says_is_read(tmp_path, make_repo) -> None:
    from site_helpers import MINI, build_mini
    from test_history import git

    files = {path: text for path, text in MINI.items() if path != "members/bo-chen.yml"}
    files["members/bo-chen.yaml"] = MINI["members/bo-chen.yml"].replace("Bo Chen", "Bo Copy")
    root = tmp_path / "repo"
    make_repo(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A community")
    make_repo(root, {"members/bo-chen.yml": MINI["members/bo-chen.yml"].replace("Bo Chen", "Bo New")})
    built = build_mini(root, {}, strict=False)
    assert "Bo Copy" in built.article("people/bo-chen/").text()
    assert any(line.startswith("cop-site: members/bo-chen.yml:1:1: error: member 'bo-chen' is also defined in "
                               "members/bo-chen.yaml") for line in built.logs())


# --- What got a page ------------------------------------------------------------------------------------------

def test_an_id_that_names_a_generated_page_is_refused_and_not_counted_as_published(tmp_path, make_repo) -> None:
    import logging

    from site_helpers import MINI, build_mini

    built = build_mini(tmp_path, {**MINI, "members/index.yml": "name: Index\n"}, strict=False)
    assert ("cop-site: members/index.yml:1:1: error: 'index' cannot be a member id: the people directory's own page "
            "is people/index.md; name the file after the member, such as 'ada-okafor.yml' [reserved-id]"
            in built.logs(logging.ERROR))
    assert "cop-site: 4 members, 3 practices, 2 domains, 3 terms published" in built.logs(logging.INFO)
    assert built.article("people/").find("h1").text().startswith("People")


def test_a_text_read_again_is_not_parsed_again_and_each_reader_gets_its_own_copy() -> None:
    text = "name: Ada Okafor\nexpertise:\n  facilitation: expert\nbogus: 1\n"
    first = load_document("member", text, "members/ada.yml", Limits())
    first[1].clear()
    first[2].clear()
    second = load_document("member", text, "members/ada.yml", Limits())
    assert second[0]["name"] == "Ada Okafor" and "bogus" not in second[0]
    assert second[1] and [p.code for p in second[2]] == ["unknown-field"]
    # The same text at another path is another document: its problems name that path.
    assert load_document("member", text, "members/bo.yml", Limits())[2][0].path == "members/bo.yml"
