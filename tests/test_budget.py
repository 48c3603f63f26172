"""No pull request can stall or break publishing: every contributor file costs bounded time whatever its shape,
a page that still renders too long is published without its body and reported, and every output is well-formed.

Times are never asserted (benchmarks/shapes.py measures them): a test that runs a pass on a megabyte gives it a
generous timeout, so that a pass gone quadratic fails here instead of hanging the suite.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import subprocess
import sys
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

import pytest

from cop_site.budget import TRIAL_BYTES, RenderBudget
from cop_site.glossary import TermMatcher, link_terms, prose
from cop_site.history import parse_log
from cop_site.loading import Layout, notice
from cop_site.markdown_cost import costly_shape
from cop_site.markup import _NOT_TEXT, clean_text, escape_inline, inline_markdown, plain_text
from cop_site.model import Term
from cop_site.page_guard import RenderGuard
from cop_site.sanitize import limit_depth, sanitize_html
from cop_site.settings import markdown_config
from cop_site.strictyaml import parse_yaml
from hostile_corpus import commit_files
from hostile_corpus.shapes import LIMIT, SHAPES, practice_file, shape_corpus
from site_helpers import MINI, REPO_ROOT, build_mini, write_files

MB = 1_000_000
EXTENSIONS, CONFIGS = markdown_config(REPO_ROOT)


def within(seconds: float, function: Callable, *args):
    """``function(*args)``, run in a forked process that is stopped after ``seconds``: a guard against a hang."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("ok", function(*args)))
        except BaseException:  # noqa: BLE001 - sent to the parent, which raises it
            send.send(("error", traceback.format_exc()))

    process = context.Process(target=child, daemon=True)
    process.start()
    if not receive.poll(seconds):
        process.kill()
        process.join()
        raise AssertionError(f"{getattr(function, '__name__', function)} did not finish within {seconds} s")
    status, value = receive.recv()
    process.join()
    assert status == "ok", value
    return value


# --- Our own passes are linear: each runs on a megabyte of its worst inputs -----------------------------------------

def _prose_of_all(texts: list[str]) -> int:
    return sum(len(prose(text)) for text in texts)


def test_prose_is_linear_on_a_megabyte_of_unclosed_syntax() -> None:
    units = ["<", "[", "`", "```\n", "~~~\n", "[a](", "`` `", "<a", "```\nx\n", "# h ", "\n", "[a]", "``` `"]
    texts = [unit * (MB // len(unit)) for unit in units] + [shape.body(MB) for shape in SHAPES]
    assert within(120, _prose_of_all, texts) > 0


def test_prose_leaves_out_code_headings_links_and_tags() -> None:
    text = ("Lead text `code term` and ``x`y`` here [link term](u) <b>tag</b> end `unclosed\n"
            "# Heading term\n```\nfenced term\n```\n~~~\nunclosed fence term\n")
    words = prose(text).split()
    assert "code" not in words and "link" not in words and "Heading" not in words and "fenced" not in words
    assert {"Lead", "text", "here", "end", "`unclosed", "unclosed", "fence"} <= set(words)


def _costly_all(texts: list[str]) -> list[str | None]:
    return [None if (found := costly_shape(text)) is None else found.code for text in texts]


def test_the_pre_scan_is_linear_on_every_shape_and_on_its_own_worst_inputs() -> None:
    ours = ["# " + " #" * (MB // 2), "a\n|\n|" + " " * MB + "x", "# a 1" * (MB // 5), "*[" + "a" * MB,
            "`#!" * (MB // 3), "<a " + "markdow " * (MB // 8), "# " + "a_1" * (MB // 3), "\n" * MB,
            "- - - " * (MB // 6), "[" * MB + "]" * MB, "](" * (MB // 2), "[a](\"" * (MB // 5), "<!--" * (MB // 4),
            "<a x='" * (MB // 6), ">" * MB + "a", "    " * (MB // 4) + "x", "> " * (MB // 2) + "x", "|" * MB]
    found = within(240, _costly_all, [shape.body(LIMIT) for shape in SHAPES] + ours)
    assert len(found) == len(SHAPES) + len(ours)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_each_costly_shape_is_found_before_it_is_rendered(shape) -> None:
    found = costly_shape(shape.body(LIMIT))
    assert (found is not None) == shape.costly, found
    if found is not None:
        assert found.code in ("too-complex", "too-deep") and len(found.message) < 400


def test_the_pre_scan_passes_what_markdown_writers_write() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted((REPO_ROOT / "practices").rglob("*.md")) + sorted((REPO_ROOT / "content").rglob("*.md")):
        assert costly_shape(path.read_text(encoding="utf-8")) is None, path
    assert costly_shape(readme) is None
    # A long legitimate page: fifty sections of prose, lists, tables, code and links.
    section = ("## Section {n}\n\nSome *prose* with a [link](https://example.org/{n}) and `code`, twice: "
               "[again](https://example.org/) **and** _more_.\n\n- item one\n- item [two](x.md)\n- item `three`\n\n"
               "| a | b |\n|---|---|\n| `x` | [y](z) |\n\n```python\nprint({n})\n```\n\n!!! note\n    A note.\n\n")
    assert costly_shape("".join(section.format(n=n) for n in range(50))) is None


def _link_all(pages: list[str]) -> int:
    matcher = TermMatcher([Term(source="g.yml", term="open space", domain="a", definition="D"),
                           Term(source="g.yml", term="lean", domain="a", definition="L", aliases=("LC",))])
    return sum(len(link_terms(page, matcher, href=lambda t: "#", tooltip=lambda t: "t")[0]) for page in pages)


def test_glossary_linking_is_linear_on_a_megabyte_of_html() -> None:
    pages = ["<" * MB, "<code>" * (MB // 6), "<a" * (MB // 2), "<!--" * (MB // 4), "open space " * (MB // 11),
             "<p>open space</p>" * (MB // 17), '<span class="' + "cop-meta " * (MB // 9), "<code>open space " * (MB // 17),
             "</code>" * (MB // 7) + "open space", "<a href='" + "open space " * (MB // 11)]
    assert within(120, _link_all, pages) > 0


def _sanitize_all(pages: list[str]) -> list[int]:
    return [len(limit_depth(page)) for page in pages] + [len(sanitize_html(page)) for page in pages]


def test_the_sanitizer_is_linear_on_a_megabyte_of_html_and_never_reopens_elements_per_paragraph() -> None:
    reopened = "<p>" + "".join(f"<b id=b{i}>" for i in range(200)) + "<p>x" * (MB // 4)
    listed = "<ul>" + "<li><b id=1><i id=2>x" * (MB // 22)
    pages = [reopened, listed, "<div>" * (MB // 5), "<p>" * (MB // 3), "</b>" * (MB // 4), "<li>" * (MB // 4),
             "<a href=x>" * (MB // 10), '<div title="<div>">' * (MB // 19)]
    sizes = within(240, _sanitize_all, pages)
    # What the parser gives back grows with what it was given: 10 KB of such HTML once made 8 MB.
    assert all(size < 3 * len(page) for size, page in zip(sizes[len(pages):], pages)), sizes


def test_formatting_elements_markdown_closes_are_kept() -> None:
    html = "<p><em>a</em> <strong>b <code>c</code></strong> <a href=\"x\">d</a></p><ul><li><em>e</em></li></ul>" * 40
    assert sanitize_html(html) == html


def _escape_all(text: str) -> int:
    return (len(escape_inline(text)) + len(inline_markdown(text)) + len(plain_text(text)) + len(clean_text(text))
            + len(clean_text(text + "\x01")))


@pytest.mark.parametrize("unit", ["*", "[a](", "<", "&", "{", "- ", "\x01", "\ufffe", "é", "\U0001fffe", " \n"])
def test_escaping_and_cleaning_are_linear_on_a_megabyte(unit: str) -> None:
    assert within(60, _escape_all, unit * (MB // len(unit))) > 0


def _parse_yaml_all(texts: list[str]) -> list[list[str]]:
    return [[p.code for p in parse_yaml(text, "x.yml").problems] for text in texts]


def test_yaml_reading_is_linear_at_the_size_limit() -> None:
    n = 256 * 1024
    texts = ["bio: " + "word " * (n // 5), "".join(f"k{i}: v\n" for i in range(n // 10)), "t: [" + "a, " * (n // 3) + "]",
             'bio: "' + "\\u0041" * (n // 6) + '"', "t:\n" + "- a\n" * (n // 4), "bio: " + "- " * (n // 2),
             "? " * (n // 2), "bio: |\n" + "  line\n" * (n // 7), "{" + "a: b, " * (n // 6) + "}",
             "bio: a" + " #" * (n // 2), "bio: " + "[" * 30 + "a, " * (n // 3), "&a " * (n // 3), "'" * n]
    assert len(within(120, _parse_yaml_all, texts)) == len(texts)


def _parse_git_log(output: str) -> tuple[int, int]:
    history = parse_log(output, "", {}, ())
    change = history.files["a.md"].changes[0]
    return len(change.author.name), len(change.subject)


def test_git_output_with_a_megabyte_in_a_name_or_subject_is_read_in_linear_time_and_cut() -> None:
    sha = "a" * 40
    record = f"\x1e{sha}\x1f{'N' * MB}\x1f{'e' * MB}@x\x1f2026-01-01T00:00:00+00:00\x1f{'S' * MB}\0\nM\0a.md\0"
    many = "".join(f"\x1e{i:040x}\x1fN{i}\x1fe{i}@x\x1f2026-01-01T00:00:00+00:00\x1fS\0\nM\0a.md\0"
                   for i in range(20_000))
    name, subject = within(60, _parse_git_log, record + many)
    assert name <= 200 and subject <= 300


def _assemble(root: Path) -> int:
    from cop_site.assemble import assemble
    from cop_site.pages import Options

    return len(assemble(root, Layout(), Options(), history=False).pages)


def test_a_community_of_megabyte_practices_is_loaded_checked_and_generated_in_linear_time(tmp_path: Path) -> None:
    shape_corpus(tmp_path, [shape.name for shape in SHAPES[:12]] + ["prose", "quotes", "table-columns"])
    assert within(240, _assemble, tmp_path) > 15


# --- The render budget: a page that still renders too long --------------------------------------------------------

def test_a_page_over_its_budget_is_stopped_and_one_within_it_passes() -> None:
    budget = RenderBudget(EXTENSIONS, CONFIGS, seconds=0.5)
    try:
        verdicts = budget.trial({"slow": "*_" * 60_000, "fine": "# Fine\n\nA *short* page.\n"})
    finally:
        budget.close()
    assert verdicts["slow"].failure == "took more than 0.5 s to render" and not verdicts["slow"].ok
    assert verdicts["fine"].ok and verdicts["fine"].seconds < 0.5


def test_a_page_that_makes_an_extension_raise_is_reported_not_fatal(tmp_path: Path) -> None:
    budget = RenderBudget(["pymdownx.snippets"], {"pymdownx.snippets": {"check_paths": True,
                                                                        "base_path": [str(tmp_path)]}})
    try:
        verdict = budget.trial({"page": '--8<-- "missing.md"\n'})["page"]
    finally:
        budget.close()
    assert verdict.failure.startswith("rendering failed: SnippetMissingError"), verdict


class _PluginExtension:
    """An extension object another plugin might add to markdown_extensions, holding what cannot be pickled."""

    def __init__(self) -> None:
        import markdown

        self.extension = markdown.Extension()
        self.callback = lambda: None

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        self.extension.extendMarkdown(md)


def test_extensions_that_cannot_reach_the_worker_are_left_out_of_trials_and_said_so() -> None:
    budget = RenderBudget([*EXTENSIONS, _PluginExtension()], CONFIGS, seconds=5)
    try:
        assert budget.trial({"page": "# A page\n\n!!! note\n    Text.\n"})["page"].ok
    finally:
        budget.close()
    assert budget.note == ("these Markdown extensions cannot be handed to the render budget's worker, so trial "
                           "renders run without them: _PluginExtension")


def test_a_worker_that_cannot_start_leaves_pages_as_they_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    budget = RenderBudget(EXTENSIONS, CONFIGS, seconds=5)
    try:
        assert budget.trial({"page": "*_" * 60_000})["page"].ok
    finally:
        budget.close()
    assert budget.note.startswith("pages are not tried before they are rendered: the worker cannot start")


def test_the_guard_puts_a_notice_in_place_of_a_body_that_renders_too_long() -> None:
    body = "*_" * 60_000
    page = f"# Title\n\nHeader.\n\n{body}\n\nFooter.\n"
    guard = RenderGuard(EXTENSIONS, CONFIGS, seconds=0.5)
    try:
        guard.watch_practice("p.md", page, "practices/d/p.md", body, 7)
        markdown, problem = guard.finish("p.md", page)
    finally:
        guard.close()
    assert markdown == f"# Title\n\nHeader.\n\n{notice('practice')}\n\nFooter.\n"
    assert str(problem) == ("practices/d/p.md:7:1: error: this practice took more than 0.5 s to render (split it, or "
                            "simplify it); published without its body [too-slow]")


def test_small_pages_are_not_tried() -> None:
    guard = RenderGuard(EXTENSIONS, CONFIGS, seconds=0.001)
    page = "x" * (TRIAL_BYTES - 1)
    guard.watch_practice("p.md", page, "p.md", page, 1)
    assert not guard.budget.submitted("p.md")
    assert guard.finish("p.md", page) == (page, None)
    guard.close()


def _mini_with(tmp_path: Path, options: str, extra: dict[str, str | bytes]) -> dict[str, str | bytes]:
    files = {**MINI, **extra}
    files["mkdocs.yml"] = MINI["mkdocs.yml"].replace("  - cop-site\n", f"  - cop-site:\n{options}")
    return files


@pytest.mark.parametrize("value", ["-1", "soon", "true"])
def test_render_budget_must_be_seconds(tmp_path: Path, value: str) -> None:
    write_files(tmp_path, _mini_with(tmp_path, f"      render_budget: {value}\n", {}))
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, capture_output=True,
                         text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert out.returncode != 0
    assert "render_budget" in out.stderr and "expected a number of seconds, 0 or more" in out.stderr


def test_check_build_and_export_agree_on_a_practice_that_renders_too_long(tmp_path: Path, capsys) -> None:
    from cop_site.cli import main
    from cop_site.engines.export import export_site

    # 200 KB of list items: within every limit of the pre-scan, and a few tenths of a second to render.
    slow = ("---\ntitle: Slow\nsummary: S.\nstewards: [ada-okafor]\n---\n\nText.\n\n"
            + "- a list item of a few words, like many\n" * 5_000)
    files = _mini_with(tmp_path, "      render_budget: 0.05\n", {"practices/facilitation/slow.md": slow})
    root = tmp_path / "repo"
    write_files(root, files)
    expected = ("practices/facilitation/slow.md:6:1: error: this practice took more than 0.05 s to render (split it, "
                "or simplify it); published without its body [too-slow]")
    assert main(["check", str(root)]) == 1
    assert expected in capsys.readouterr().out
    built = build_mini(root, files, strict=False)
    assert f"cop-site: {expected}" in built.logs()
    article = built.article("practices/facilitation/slow/")
    assert "Not shown" in article.text() and "a list item" not in built.html("practices/facilitation/slow/")
    problems = export_site(root, tmp_path / "out").problems
    assert expected in [str(p) for p in problems]
    assert notice("practice") in (tmp_path / "out/docs/practices/facilitation/slow.md").read_text(encoding="utf-8")


# --- Hand-written pages: read by cop-site before MkDocs reads them -------------------------------------------------

_LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8))
HAND_WRITTEN = {
    "content/huge.md": "# Huge\n\n" + "word " * 220_000,
    "content/latin1.md": "# Latin\n\ncaf\xe9\n".encode("latin-1"),
    "content/laughs.md": f"---\n{_LAUGHS}---\n\n# Laughs\n\nText.\n",
    "content/meta.md": "a: b\n" * 200 + "\n# Meta\n",
    "content/shape.md": "# Shape\n\n" + "*_" * 40_000 + "\n",
    "content/controls.md": "# Con\x01trols\n\nA bell\x07 and U+FFFE \ufffe, kept out.\n",
}


def test_hand_written_pages_that_cost_too_much_are_reported_and_the_rest_is_published(tmp_path: Path) -> None:
    built = build_mini(tmp_path, {**MINI, **HAND_WRITTEN}, strict=False)
    logs = "\n".join(built.logs(logging.INFO))
    for expected in (r"content/huge\.md:1:1: error: file is 1,100,008 bytes, over the limit of 1,048,576",
                     r"content/latin1\.md:3:1: error: not published: the page is not valid UTF-8 \(byte 0xe9\); save it as UTF-8",
                     r"content/laughs\.md:2:4: error: YAML anchors \(&a\) are not allowed",
                     r"content/meta\.md:1:1: error: the page starts with more than 100 lines of 'key: value' metadata",
                     r"content/shape\.md:3:1: error: this paragraph has more than 1,000 characters of inline syntax",
                     r"content/controls\.md:1:6: warning: the character U\+0001 is not text"):
        assert re.search(expected, logs), expected
    for url in ("huge/", "laughs/", "meta/", "shape/"):
        assert "Not shown" in built.article(url).text(), url
    assert not (built.site / "latin1").exists()
    assert built.article("shape/").find("h1").text().rstrip("¶") == "Shape"
    controls = built.html("controls/")
    assert "Controls" in controls and "A bell and U+FFFE , kept out." in controls
    assert built.article("").find("h1") is not None  # the others are published as they are


# --- Every output is well-formed ------------------------------------------------------------------------------------

EVIL_NAME = "Eve\x01 \x0bControl\x7f"
EVIL_SUBJECT = "Sub\x01ject\x0b with \x1b[31m colour\x85"
"""Git keeps control characters as they are (it rewrites U+FFFE and U+FFFF, which it takes for broken UTF-8)."""


@pytest.fixture(scope="module")
def controls(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("controls") / "repo"
    files = {**MINI, "practices/facilitation/bell.md": (
        "---\ntitle: Bell\nsummary: A practice with characters that are not text.\nstewards: [ada-okafor]\n---\n\n"
        "Raw \x01 and \x0b and \ufffe; references &#1; &#x0B; &#xFFFE; &#x1FFFE; &#128; &#129; and <b title=\"&#2;\">"
        "bold</b>.\n")}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1780000000")
        commit_files(root, files, when="2026-01-05T10:00:00Z", message="Start")
        commit_files(root, {"practices/facilitation/bell.md": files["practices/facilitation/bell.md"] + "More.\n",
                            "members/ada-okafor.yml": files["members/ada-okafor.yml"] + "pronouns: she/her\n"},
                     who=EVIL_NAME, email="eve\x01@example.org", when="2026-02-02T10:00:00Z", message=EVIL_SUBJECT)
        from site_helpers import build_site

        built = build_site(root / "mkdocs.yml", strict=False, site_dir=root.parent / "site")
    assert built.error is None, built.error
    return built


def test_git_names_and_subjects_with_control_characters_are_committed_as_they_are(controls) -> None:
    root = controls.site.parent / "repo"
    logged = subprocess.run(["git", "log", "-1", "--format=%aN|%s"], cwd=root, capture_output=True, check=True).stdout
    assert logged.decode("utf-8") == f"{EVIL_NAME}|{EVIL_SUBJECT}\n"


def test_every_feed_sitemap_and_data_file_parses(controls) -> None:
    site = controls.site
    xml_files = sorted(site.rglob("*.xml"))
    json_files = sorted(site.rglob("*.json"))
    assert {p.name for p in xml_files} >= {"feed.xml", "sitemap.xml"}
    assert {p.name for p in json_files} >= {"cop.json", "search_index.json"}
    for path in xml_files:
        ET.parse(path)  # raises on a character XML forbids
    for path in json_files:
        json.loads(path.read_text(encoding="utf-8"))
    feed = ET.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert "Eve Control" in {e.findtext(f"{atom}author/{atom}name") for e in feed.iter(f"{atom}entry")}


def test_no_page_or_data_file_holds_a_character_that_is_not_text(controls) -> None:
    for path in sorted(controls.site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert clean_text(text) == text, (path, _NOT_TEXT.search(text))
    changes = controls.html("changes/")
    assert "Eve Control" in changes and "Subject with [31m colour" in changes
    bell = " ".join(controls.article("practices/facilitation/bell/").text().split())
    assert "Raw and and ; references € and bold." in bell  # &#128; is the euro sign, as browsers read it


def test_characters_that_are_not_text_in_a_body_are_reported_as_a_warning(controls) -> None:
    assert ("cop-site: practices/facilitation/bell.md:7:5: warning: the character U+0001 is not text (a control "
            "character or a noncharacter); it is left out of the page, with any others like it: remove them "
            "[control-character]") in controls.logs(logging.INFO)


# --- Every shape at the size limit, all at once -------------------------------------------------------------------

@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """One community with a practice of every shape at the size limit: checked, then built, each in its own process
    with a generous timeout."""
    root = tmp_path_factory.mktemp("shapes")
    shape_corpus(root, [shape.name for shape in SHAPES])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    check = subprocess.run([sys.executable, "-m", "cop_site.cli", "check", "."], cwd=root, env=env,
                           capture_output=True, text=True, timeout=900)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "site"], cwd=root, env=env,
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    assert "Traceback" not in check.stdout + check.stderr + build.stderr
    return root, check.stdout, build.stderr


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_a_practice_of_each_shape_at_the_size_limit_is_checked_built_and_reported(shapes, shape) -> None:
    root, check, build = shapes
    source = f"practices/shapes/{shape.name}.md"
    assert len(practice_file(shape).encode()) <= LIMIT < len(practice_file(shape).encode()) + 1024
    reported = rf"{re.escape(source)}:\d+:1: error: .*\[(?:too-complex|too-deep|too-slow)\]$"
    pattern = re.compile(rf"cop-site: {reported}", re.M)
    assert bool(re.search(rf"^{reported}", check, re.M)) == shape.costly, check[-2000:]
    page = (root / "site/practices/shapes" / shape.name / "index.html").read_text(encoding="utf-8")
    if shape.costly:
        assert pattern.search(build), f"{shape.name} is not reported"
        assert "Not shown" in page
    else:
        assert not pattern.search(build), f"{shape.name} is reported"
        assert "Not shown" not in page and len(page) > 100_000
