"""Unit tests of the model's helpers: plain objects, no files."""

from __future__ import annotations

import pytest

from cop_site.model import Community, Domain, Located, Member, Practice, Problem, Term, slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Lean coffee", "lean-coffee"),
    ("  Lean   Coffee  ", "lean-coffee"),
    ("Ada_Okafor", "ada-okafor"),
    ("Q&A -- sessions!", "q-a-sessions"),
    ("Café crème", "caf-cr-me"),
    ("2026 plan", "2026-plan"),
    ("---", "x"),
    ("", "x"),
    ("日本語", "x"),
])
def test_slugify_keeps_lowercase_ascii_letters_and_digits_joined_by_single_dashes(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_a_slug_slugifies_to_itself() -> None:
    assert slugify("ada-okafor") == "ada-okafor"


def practice(domain: str, practice_id: str) -> Practice:
    return Practice(source=f"practices/{domain}/{practice_id}.md", id=practice_id, domain=domain,
                    title=practice_id.replace("-", " ").capitalize())


@pytest.fixture
def community() -> Community:
    practices = [practice("facilitation", "retrospective"), practice("facilitation", "lean-coffee"),
                 practice("knowledge-sharing", "retrospective"), practice("newcomers", "buddy-system")]
    return Community(members={}, domains={}, practices={p.key: p for p in practices})


def test_resolve_practice_finds_a_domain_and_id_reference_exactly(community: Community) -> None:
    assert [p.key for p in community.resolve_practice("knowledge-sharing/retrospective")] == [
        "knowledge-sharing/retrospective"]


def test_resolve_practice_does_not_guess_when_the_domain_is_wrong(community: Community) -> None:
    assert community.resolve_practice("newcomers/lean-coffee") == []


def test_resolve_practice_prefers_a_bare_id_in_its_own_domain(community: Community) -> None:
    assert [p.key for p in community.resolve_practice("retrospective", "facilitation")] == [
        "facilitation/retrospective"]


def test_resolve_practice_finds_a_bare_id_unique_in_another_domain(community: Community) -> None:
    assert [p.key for p in community.resolve_practice("lean-coffee", "newcomers")] == ["facilitation/lean-coffee"]


def test_resolve_practice_returns_every_match_of_an_ambiguous_bare_id(community: Community) -> None:
    found = community.resolve_practice("retrospective", "newcomers")
    assert sorted(p.key for p in found) == ["facilitation/retrospective", "knowledge-sharing/retrospective"]


def test_resolve_practice_returns_nothing_for_an_unknown_id(community: Community) -> None:
    assert community.resolve_practice("sailing", "facilitation") == []


def test_practices_in_includes_extra_domains_sorted_by_title() -> None:
    extra = Practice(source="practices/newcomers/agenda.md", id="agenda", domain="newcomers", title="agenda",
                     domains=("facilitation",))
    own = practice("facilitation", "lean-coffee")
    community = Community(members={}, domains={}, practices={extra.key: extra, own.key: own})
    assert [p.key for p in community.practices_in("facilitation")] == ["newcomers/agenda", "facilitation/lean-coffee"]
    assert extra.all_domains == ("newcomers", "facilitation")


def test_all_domains_lists_the_folder_first_and_once() -> None:
    p = Practice(source="s", id="x", domain="a", domains=("b", "a", "c"))
    assert p.all_domains == ("a", "b", "c")


POSITIONS = {(): (1, 1), ("links",): (4, 3), ("links", 0): (4, 5), ("links", 0, "url"): (5, 10)}


def test_where_gives_the_position_of_the_value_at_a_path() -> None:
    located = Located(source="members/ada.yml", positions=POSITIONS)
    assert located.where("links", 0, "url") == ("members/ada.yml", 5, 10)


def test_where_falls_back_to_the_nearest_enclosing_value() -> None:
    located = Located(source="members/ada.yml", positions=POSITIONS)
    assert located.where("links", 0, "label") == ("members/ada.yml", 4, 5)
    assert located.where("links", 3, "url") == ("members/ada.yml", 4, 3)
    assert located.where("expertise", "facilitation") == ("members/ada.yml", 1, 1)


def test_where_without_positions_points_at_the_start_of_the_file() -> None:
    assert Domain(source="practices/x/domain.yml", id="x").where("stewards", 0) == ("practices/x/domain.yml", 1, 1)


def test_problem_prints_as_path_line_column_severity_message_and_code() -> None:
    problem = Problem("members/ada.yml", 3, 7, "unknown-domain", "unknown domain 'x'", "warning")
    assert str(problem) == "members/ada.yml:3:7: warning: unknown domain 'x' [unknown-domain]"
    assert Problem("a", 1, 1, "c", "m").severity == "error"


def test_problems_sort_by_path_line_column_code_then_message() -> None:
    problems = [Problem("b", 1, 1, "x", "m"), Problem("a", 2, 1, "x", "m"), Problem("a", 1, 5, "y", "m"),
                Problem("a", 1, 5, "a", "m")]
    assert [p.sort_key for p in sorted(problems, key=lambda p: p.sort_key)] == [
        ("a", 1, 5, "a", "m"), ("a", 1, 5, "y", "m"), ("a", 2, 1, "x", "m"), ("b", 1, 1, "x", "m")]


def test_term_anchor_is_its_domain_and_slug() -> None:
    assert Term(source="g.yml", term="Lean Coffee!", domain="facilitation").anchor == "facilitation-lean-coffee"


def test_a_member_is_active_unless_alumni() -> None:
    assert Member(source="m.yml", id="ada").active
    assert not Member(source="m.yml", id="ada", status="alumni").active


def test_practice_key_is_domain_slash_id() -> None:
    assert practice("facilitation", "lean-coffee").key == "facilitation/lean-coffee"
