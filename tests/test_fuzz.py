"""Property tests: whatever a contributor commits, loading and checking return problems and never raise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop_site.model import Problem
from cop_site.strictyaml import parse_yaml
from cop_site.validation import load_and_check

FAST = settings(max_examples=100, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

MEMBER_FIELDS = ["name", "role", "pronouns", "organization", "location", "timezone", "joined", "status", "bio",
                 "expertise", "topics", "learning", "mentor", "contact", "links", "aliases", "label", "url",
                 "email", "website", "facilitation", "nme"]
PRACTICE_FIELDS = ["title", "summary", "stewards", "domains", "status", "level", "tags", "related", "review_every",
                   "reviewed", "hide", "search", "boost", "exclude", "steward"]
TRICKY_SCALARS = ["yes", "no", "on", "~", "null", "true", "false", "0", "-1", "99999999999999999999", "1.5", "1e999",
                  ".inf", "2026-05-01", "2026-13-45", "ada-okafor", "zed", "facilitation", "facilitation/lean-coffee",
                  "lean-coffee", "expert", "alumni", "draft", "newcomer", "https://example.org", "http://example.org",
                  "javascript:alert(1)", "mailto:a@example.org", "Europe/Berlin", "'quoted'", '"double"', "&a x",
                  "*a", "!tag x", "!!str x", "|", ">", "[", "]", "{", "}", ":", "- x", "? x", "# c", "%", "@x", "`x",
                  "", " ", "\t", "é", "\u2028", "\x85", "\x07", "\ufeff"]


def yamlish(keys: list[str], mapping: bool = False) -> st.SearchStrategy[str]:
    """YAML-like text from a small grammar: block and flow mappings and lists of tricky scalars, randomly keyed.

    With ``mapping``, the document is a mapping of (mostly) known keys, as a profile or front matter is.
    """
    scalar = st.one_of(st.sampled_from(TRICKY_SCALARS), st.text(max_size=6))
    key = st.one_of(st.sampled_from(keys), st.text(max_size=4))
    tree = st.recursive(
        scalar.map(lambda s: ("scalar", s)),
        lambda children: st.one_of(
            st.lists(st.tuples(key, children), max_size=3).map(lambda items: ("map", items)),
            st.lists(children, max_size=3).map(lambda items: ("list", items)),
            st.lists(st.tuples(key, scalar), max_size=3).map(lambda items: ("flowmap", items)),
            st.lists(scalar, max_size=3).map(lambda items: ("flowlist", items)),
        ),
        max_leaves=8,
    )
    if mapping:
        tree = st.lists(st.tuples(st.sampled_from(keys), tree), min_size=1, max_size=6).map(lambda i: ("map", i))
    return st.tuples(tree, st.sampled_from([0, 1, 2]), st.sampled_from(["\n", "\r\n"])).map(
        lambda t: render(t[0], indent=t[1]).replace("\n", t[2]))


def render(node: tuple, indent: int = 0) -> str:
    kind, value = node
    pad = " " * indent
    if kind == "scalar":
        return f"{pad}{value}\n"
    if kind == "flowmap":
        return pad + "{" + ", ".join(f"{k}: {v}" for k, v in value) + "}\n"
    if kind == "flowlist":
        return pad + "[" + ", ".join(value) + "]\n"
    out = ""
    for item in value:
        child = item[1] if kind == "map" else item
        lead = f"{pad}{item[0]}:" if kind == "map" else f"{pad}-"
        if child[0] in ("scalar", "flowmap", "flowlist"):
            out += f"{lead} {render(child).lstrip()}"
        else:
            out += f"{lead}\n{render(child, indent + 2)}"
    return out


def assert_well_formed(problems: list[Problem], files: dict[str, bytes]) -> None:
    """Each problem names a file, a real 1-based position in it, a code and a message."""
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path and not problem.path.startswith("/") and "\\" not in problem.path
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.code and problem.message.strip(), problem
        assert problem.severity in ("error", "warning")
        if problem.path in files:  # \r alone ends a line for YAML and for most editors
            assert problem.line <= len(re.split(rb"\r\n|\r|\n", files[problem.path])), problem
    assert problems == sorted(problems, key=lambda p: p.sort_key)


BASE = {
    "members/ada-okafor.yml": b"name: Ada Okafor\nexpertise: {facilitation: expert}\n",
    "practices/facilitation/domain.yml": b"title: Facilitation\nsummary: Sessions.\nstewards: [ada-okafor]\n",
    "practices/facilitation/lean-coffee.md": b"---\ntitle: Lean coffee\nsummary: Talk.\nstewards: [ada-okafor]\n---\n",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mini repository per test module; each example rewrites the file under test."""
    root = tmp_path_factory.mktemp("fuzz")
    for relative, content in BASE.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)
    return root


def check_with(repo: Path, relative: str, content: bytes) -> None:
    (repo / relative).parent.mkdir(parents=True, exist_ok=True)
    (repo / relative).write_bytes(content)
    try:
        _, problems = load_and_check(repo)
        assert_well_formed(problems, {**BASE, relative: content})
    finally:
        (repo / relative).unlink()


def text_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@FAST
@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=300).map(text_bytes),
                         yamlish(MEMBER_FIELDS, mapping=True).map(text_bytes)))
def test_any_member_file_gives_problems_not_exceptions(repo: Path, content: bytes) -> None:
    check_with(repo, "members/noa-levi.yml", content)


@FAST
@given(front=st.one_of(st.binary(max_size=300), st.text(max_size=200).map(text_bytes),
                       yamlish(PRACTICE_FIELDS, mapping=True).map(text_bytes)),
       opening=st.sampled_from([b"", b"---\n", b"---\r\n", b"--- \n"]),
       closing=st.sampled_from([b"", b"---\n", b"...\n", b"---"]),
       body=st.one_of(st.just(b"Body.\n"), st.binary(max_size=100)))
def test_any_practice_file_gives_problems_not_exceptions(repo: Path, front: bytes, opening: bytes, closing: bytes,
                                                         body: bytes) -> None:
    check_with(repo, "practices/facilitation/check-in.md", opening + front + b"\n" + closing + body)


@FAST
@given(content=st.one_of(st.binary(max_size=200), yamlish(["term", "definition", "aliases", "see", "title",
                                                           "summary", "stewards"]).map(text_bytes)),
       name=st.sampled_from(["practices/facilitation/glossary.yml", "practices/gardening/domain.yml"]))
def test_any_glossary_or_domain_file_gives_problems_not_exceptions(repo: Path, content: bytes, name: str) -> None:
    check_with(repo, name, content)
    if name.startswith("practices/gardening/"):
        (repo / "practices/gardening").rmdir()


def paths_of(value: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths_of(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += paths_of(item, (*path, index))
    return out


@settings(max_examples=200, deadline=None, database=None)
@given(text=yamlish(MEMBER_FIELDS + PRACTICE_FIELDS), first_line=st.integers(1, 5))
def test_yamlish_text_never_raises_and_every_value_has_a_position(text: str, first_line: int) -> None:
    doc = parse_yaml(text, "x.yml", first_line=first_line, max_depth=4)
    lines = len(re.split(r"\r\n|\r|\n", text)) + first_line - 1
    for problem in doc.problems:
        assert problem.path == "x.yml" and problem.code and problem.message
        assert first_line <= problem.line <= lines and problem.column >= 1, problem
    if doc.ok and doc.data is not None:
        for path in paths_of(doc.data):
            line, column = doc.positions[path]
            assert first_line <= line <= lines and column >= 1


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(max_size=200))
def test_any_text_never_raises_in_parse_yaml(text: str) -> None:
    doc = parse_yaml(text, "x.yml")
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in doc.problems)
