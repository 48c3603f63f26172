"""Unit tests of parse_yaml: strict YAML with positions, and one exact Problem for each thing it refuses."""

from __future__ import annotations

import time

import pytest
import yaml

from cop_site import strictyaml
from cop_site.model import Problem
from cop_site.strictyaml import parse_yaml


def only_problem(text: str, *, first_line: int = 1, max_depth: int = 20) -> Problem:
    """The single problem parse_yaml finds in ``text`` (read as ``x.yml``); the document must be dropped."""
    doc = parse_yaml(text, "x.yml", first_line=first_line, max_depth=max_depth)
    assert len(doc.problems) == 1, doc.problems
    assert doc.data is None and not doc.ok
    return doc.problems[0]


# Positions


def test_positions_are_one_based_lines_and_columns_of_each_value() -> None:
    doc = parse_yaml("name: Ada\nexpertise:\n  facilitation: expert\ntopics: [a, b]\n", "x.yml")
    assert doc.ok
    assert doc.data == {"name": "Ada", "expertise": {"facilitation": "expert"}, "topics": ["a", "b"]}
    assert doc.positions == {
        (): (1, 1),
        ("name",): (1, 7),
        ("expertise",): (3, 3),
        ("expertise", "facilitation"): (3, 17),
        ("topics",): (4, 9),
        ("topics", 0): (4, 10),
        ("topics", 1): (4, 13),
    }
    assert doc.key_positions == {("name",): (1, 1), ("expertise",): (2, 1), ("expertise", "facilitation"): (3, 3),
                                 ("topics",): (4, 1)}


def test_first_line_offsets_the_positions_of_values() -> None:
    doc = parse_yaml("title: Lean coffee\nstewards:\n  - ada-okafor\n", "p.md", first_line=2)
    assert doc.positions[("title",)] == (2, 8)
    assert doc.positions[("stewards", 0)] == (4, 5)
    assert doc.key_positions[("stewards",)] == (3, 1)


def test_first_line_offsets_the_line_of_problems() -> None:
    assert only_problem("title: a\ntitle: b\n", first_line=2) == Problem(
        "x.yml", 3, 1, "duplicate-key", "duplicate key 'title' (first defined on line 2); keep one of them")


def test_positions_of_a_list_of_mappings() -> None:
    doc = parse_yaml("- term: Lean coffee\n  see: [lean-coffee]\n- term: Timebox\n", "g.yml")
    assert doc.data == [{"term": "Lean coffee", "see": ["lean-coffee"]}, {"term": "Timebox"}]
    assert doc.positions[(0,)] == (1, 3)
    assert doc.positions[(0, "see", 0)] == (2, 9)
    assert doc.positions[(1, "term")] == (3, 9)


def test_crlf_line_endings_keep_the_same_positions() -> None:
    doc = parse_yaml("name: Ada\r\nrole: Engineer\r\n", "x.yml")
    assert doc.data == {"name": "Ada", "role": "Engineer"}
    assert doc.positions[("role",)] == (2, 7)


# YAML 1.2 scalars


@pytest.mark.parametrize("text", ["yes", "no", "on", "off", "Yes", "NO", "y", "n", "2021-03-01", "2021-03-01 12:00:00",
                                  "12:30", "0x10", "0o17", ".inf", ".nan", "1_000", "+.5e", "ada@example.org"])
def test_yaml_1_1_booleans_dates_and_odd_numbers_stay_text(text: str) -> None:
    assert parse_yaml(f"value: {text}\n", "x.yml").data == {"value": text}


@pytest.mark.parametrize(("text", "value"), [
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
    ("null", None), ("~", None), ("Null", None), ("NULL", None), ("", None),
    ("0", 0), ("12", 12), ("-3", -3), ("+7", 7), ("012", 12),
    ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000.0), (".5", 0.5),
])
def test_yaml_1_2_core_scalars_are_resolved(text: str, value: object) -> None:
    data = parse_yaml(f"value: {text}\n", "x.yml").data
    assert data == {"value": value}
    assert type(data["value"]) is type(value)  # type: ignore[index]


@pytest.mark.parametrize("text", ['"true"', "'12'", '"null"', "!!str 12", "! 12", "|\n  12"])
def test_quoted_and_explicitly_tagged_strings_stay_text(text: str) -> None:
    value = parse_yaml(f"value: {text}\n", "x.yml").data["value"]  # type: ignore[index]
    assert isinstance(value, str) and value.strip() in ("true", "12", "null")


def test_keys_stay_text_whatever_they_look_like() -> None:
    assert parse_yaml("yes: 1\n12: 2\ntrue: 3\n", "x.yml").data == {"yes": 1, "12": 2, "true": 3}


def test_an_empty_or_comment_only_document_has_no_data_and_no_problem() -> None:
    for text in ("", "# only a comment\n", "---\n"):
        doc = parse_yaml(text, "x.yml")
        assert doc.ok and doc.data is None


def test_a_byte_order_mark_is_ignored() -> None:
    assert parse_yaml("\ufeffname: Ada\n", "x.yml").data == {"name": "Ada"}


# Duplicate keys


def test_duplicate_key_names_both_lines() -> None:
    assert only_problem("name: Ada\nrole: Engineer\nname: Ada O.\n") == Problem(
        "x.yml", 3, 1, "duplicate-key", "duplicate key 'name' (first defined on line 1); keep one of them")


def test_duplicate_key_in_a_nested_mapping_points_at_the_second_key() -> None:
    assert only_problem("contact:\n  email: a@example.org\n  chat: a\n  email: b@example.org\n") == Problem(
        "x.yml", 4, 3, "duplicate-key", "duplicate key 'email' (first defined on line 2); keep one of them")


def test_duplicate_key_in_a_flow_mapping_is_found() -> None:
    assert only_problem("contact: {chat: a, chat: b}\n") == Problem(
        "x.yml", 1, 20, "duplicate-key", "duplicate key 'chat' (first defined on line 1); keep one of them")


def test_quoted_and_plain_spellings_of_a_key_are_the_same_key() -> None:
    assert only_problem("name: a\n'name': b\n").code == "duplicate-key"
    assert only_problem("1: a\n\"1\": b\n").code == "duplicate-key"


def test_the_same_key_in_different_mappings_is_fine() -> None:
    doc = parse_yaml("- term: a\n- term: b\n", "x.yml")
    assert doc.ok and doc.data == [{"term": "a"}, {"term": "b"}]


def test_a_list_as_a_key_is_refused() -> None:
    assert only_problem("? [a, b]\n: 1\n") == Problem(
        "x.yml", 1, 3, "yaml-complex-key", "a key must be plain text, not a list or a mapping")


# Anchors, aliases and tags


def test_anchor_is_refused_where_it_is_defined() -> None:
    assert only_problem("name: &n Ada\nrole: *n\n") == Problem(
        "x.yml", 1, 7, "yaml-anchor", "YAML anchors (&n) are not allowed; write each value out in full")


def test_alias_is_refused_even_without_its_anchor() -> None:
    assert only_problem("stewards: [ada]\nrole: *ada\n") == Problem(
        "x.yml", 2, 7, "yaml-alias", "YAML aliases (*ada) are not allowed; write the value out in full")


def test_anchor_on_a_collection_is_refused() -> None:
    assert only_problem("a: 1\nb: &list\n  - x\n") == Problem(
        "x.yml", 2, 4, "yaml-anchor", "YAML anchors (&list) are not allowed; write each value out in full")


def test_billion_laughs_fails_fast_at_its_first_anchor() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 30):  # 9**30 strings if aliases were expanded
        name, previous = f"a{level}", "a" if level == 1 else f"a{level - 1}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "\n".join(lines) * 200 + "\n"
    started = time.perf_counter()
    problem = only_problem(text)
    assert time.perf_counter() - started < 1.0  # generous: it stops after a handful of events
    assert problem == Problem("x.yml", 1, 4, "yaml-anchor",
                              "YAML anchors (&a) are not allowed; write each value out in full")


@pytest.mark.parametrize(("text", "tag"), [
    ("name: !custom Ada\n", "!custom"),
    ("review_every: !!int \"30\"\n", "tag:yaml.org,2002:int"),
    ("bio: !!binary aGVsbG8=\n", "tag:yaml.org,2002:binary"),
    ("x: !!python/object:os.system ls\n", "tag:yaml.org,2002:python/object:os.system"),
    ("topics: !!set {a, b}\n", "tag:yaml.org,2002:set"),
])
def test_tags_are_refused(text: str, tag: str) -> None:
    problem = only_problem(text)
    assert problem == Problem("x.yml", 1, text.index("!") + 1, "yaml-tag",
                              f"YAML tags such as '{tag}' are not allowed; write plain values")


def test_the_str_tag_is_allowed_and_keeps_text() -> None:
    assert parse_yaml("role: !!str 12\n", "x.yml").data == {"role": "12"}


# Documents, depth, characters, syntax


def test_a_second_document_is_refused() -> None:
    assert only_problem("name: Ada\n---\nname: Bo\n") == Problem(
        "x.yml", 2, 1, "yaml-multiple-documents",
        "only one YAML document is allowed per file; remove the second '---'")


def test_one_explicit_document_start_is_fine() -> None:
    assert parse_yaml("---\nname: Ada\n...\n", "x.yml").data == {"name": "Ada"}


def test_nesting_deeper_than_the_limit_is_refused_at_the_first_level_too_many() -> None:
    assert only_problem("a: [[[[x]]]]\n", max_depth=3) == Problem(
        "x.yml", 1, 6, "too-deep", "values are nested more than 3 levels deep; flatten this structure")


def test_nesting_up_to_the_limit_is_fine() -> None:
    doc = parse_yaml("a: [[[x]]]\n", "x.yml", max_depth=4)
    assert doc.ok and doc.data == {"a": [[["x"]]]}


def test_very_deep_nesting_fails_fast() -> None:
    text = "[" * 200_000 + "]" * 200_000
    started = time.perf_counter()
    problem = only_problem(text)
    assert time.perf_counter() - started < 1.0
    assert problem == Problem("x.yml", 1, 21, "too-deep",
                              "values are nested more than 20 levels deep; flatten this structure")


@pytest.mark.parametrize(("text", "line", "column", "code_point"), [
    ("name: Ada\nrole: Bell\x07 ringer\n", 2, 11, "U+0007"),
    ("name: Ada\x00\n", 1, 10, "U+0000"),
    ("title: Check-in\x1b[31m\n", 1, 16, "U+001B"),
    ("name: Zoë Ünal\nrole: é\x01\n", 2, 8, "U+0001"),  # columns count characters, not UTF-8 bytes
    ("name: \U0001f600\nrole: \x02\n", 2, 7, "U+0002"),
    ("name: \ufffe\n", 1, 7, "U+FFFE"),
    ("name: \ud800\n", 1, 7, "U+D800"),  # a lone surrogate, which only a str (never a file) can hold
])
def test_control_characters_are_refused_with_their_position(text: str, line: int, column: int,
                                                            code_point: str) -> None:
    assert only_problem(text) == Problem(
        "x.yml", line, column, "yaml-character",
        f"the character {code_point} is not allowed in YAML (control characters are not); remove it")


def test_control_character_lines_are_offset_by_first_line() -> None:
    problem = only_problem("a: 1\nb: \x01\n", first_line=2)
    assert (problem.line, problem.column, problem.code) == (3, 4, "yaml-character")


def test_tabs_and_newlines_are_not_control_characters() -> None:
    assert parse_yaml("bio: \"a\\tb\"\nrole:\tx\n", "x.yml").data == {"bio": "a\tb", "role": "x"}


@pytest.mark.parametrize(("text", "line", "column", "what"), [
    ("title: Check-in: a round\n", 1, 16, "mapping values are not allowed in this context"),
    ("tags:\n  - a\n - b\n", 3, 2, "while parsing a block mapping, did not find expected key"),
    ("bio: \"unclosed\n", 2, 1, "while scanning a quoted scalar, found unexpected end of stream"),
])
def test_syntax_errors_name_the_place_and_the_parser_reason(text: str, line: int, column: int, what: str) -> None:
    assert only_problem(text) == Problem(
        "x.yml", line, column, "yaml-syntax",
        f"YAML syntax error: {what}; check the indentation and quoting here")


def test_only_the_first_problem_of_a_document_is_reported() -> None:
    doc = parse_yaml("a: &x 1\na: 2\nb: *x\n", "x.yml")
    assert [p.code for p in doc.problems] == ["yaml-anchor"]


@pytest.mark.parametrize("text", ["name: Zoë\nrole: é\x01\n", "a: [1, 2\nb: 3\n", "a: 1\na: 2\n", "x: &y 1\n"])
def test_the_pure_python_parser_reports_the_same_problems(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml is used when PyYAML has it; a PyYAML built without it must give the same positions."""
    fast = parse_yaml(text, "x.yml").problems
    monkeypatch.setattr(strictyaml, "_Loader", yaml.SafeLoader)
    assert [(p.line, p.column, p.code) for p in parse_yaml(text, "x.yml").problems] == [
        (p.line, p.column, p.code) for p in fast]


def test_an_error_at_the_end_of_a_file_without_a_final_newline_points_into_its_last_line() -> None:
    assert only_problem("name: Ada\ntopics: [a") == Problem(
        "x.yml", 2, 11, "yaml-syntax", "YAML syntax error: while parsing a flow sequence, did not find expected "
                                       "',' or ']'; check the indentation and quoting here")


def test_unicode_line_separators_do_not_shift_the_lines_editors_show() -> None:
    """YAML 1.1 breaks lines at U+2028, U+2029 and U+0085; editors and GitHub count newlines only."""
    doc = parse_yaml('bio: "pasted\u2028text\u2029here\x85too"\nrole: Engineer\nname: a\nname: b\n', "x.yml",
                     first_line=2)
    assert doc.problems == [Problem("x.yml", 5, 1, "duplicate-key",
                                    "duplicate key 'name' (first defined on line 4); keep one of them")]
    doc = parse_yaml('bio: "pasted\u2028text"\nrole: Engineer\n', "x.yml")
    assert doc.data == {"bio": "pasted\u2028text", "role": "Engineer"}
    assert doc.positions[("role",)] == (2, 7)


# --- Syntax errors, told where the mistake is ------------------------------------------------------------------

@pytest.mark.parametrize("text, where", [
    ("stewards:\n\t- ada\n", (3, 1)),           # a tab indents a list item
    ("tags:\n  -\ta\n", (3, 4)),                # a tab after the dash
    ("expertise:\n  \tfacilitation: x\n", (3, 3)),
])
def test_a_tab_is_called_a_tab_where_it_is(text: str, where: tuple[int, int]) -> None:
    doc = parse_yaml(text, "m.yml", first_line=2)
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (*where, "YAML syntax error: a tab character here; YAML indents with spaces only, so replace it with spaces")]


@pytest.mark.parametrize("text, where, kind", [
    ("name: Noa\ntopics: [retros, workshops\nrole: Designer\n", (2, 27), "list opened with '[' on line 2"),
    ("name: Noa\ntopics: [retros,\n  workshops  \n\nrole: Designer\n", (3, 12), "list opened with '[' on line 2"),
    ("contact: {email: a@example.org\nrole: Designer\n", (1, 31), "mapping opened with '{' on line 1"),
    ("topics: [retros, workshops\n", (1, 27), "list opened with '[' on line 1"),
])
def test_an_unclosed_flow_collection_is_reported_where_it_should_close(text, where, kind) -> None:
    doc = parse_yaml(text, "m.yml")
    close = "]" if kind.startswith("list") else "}"
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (*where, f"YAML syntax error: the {kind} is not closed; end it with '{close}' here (its items are separated "
                 "by ',')")]


def test_a_flow_error_on_the_line_it_opened_keeps_the_parsers_place() -> None:
    doc = parse_yaml("topics: [retros workshops: x: y]\n", "m.yml")
    assert [(p.line, p.column) for p in doc.problems] == [(1, 29)]
    assert "did not find expected ',' or ']'" in doc.problems[0].message
