"""Unit tests of loading helpers that golden cases cannot pin down: front matter, limits, hints."""

from __future__ import annotations

from cop_site.loading import Layout, Limits, close_matches, load_community, split_front_matter


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
