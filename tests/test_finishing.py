"""Finishing pages (term links, then sanitizing) in a worker process gives exactly what finishing them here gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cop_site.finishing import Finisher, worker_helps
from cop_site.model import Term
from hostile_corpus import hostile_files
from site_helpers import MINI, build_mini, build_site, site_files, write_files

TERMS = [Term(source="g.yml", term="open space", domain="a", definition="Self-organising <meeting>"),
         Term(source="g.yml", term="lean coffee", domain="b", definition="A structured meeting", aliases=("LC",))]
PAGES = {
    "plain.md": "<p>Nothing to link.</p>",
    "terms.md": "<p>An open space, then LC.</p><pre><code>open space</code></pre>",
    "hostile.md": '<p onclick="x()">open space<script>alert(1)</script><a href="javascript:alert(1)">go</a></p>',
    "furniture.md": '<div class="cop-meta"><p>open space</p></div><p>open space</p>',
    "unicode.md": "<p>Zoë’s open   space 🎉 and \u202e reversed</p>",
    "big.md": "<ul>" + "<li>open space and lean coffee</li>" * 5000 + "</ul>",
}


def finish_all(finisher: Finisher, pages: dict[str, str]) -> dict[str, str]:
    for key, html in pages.items():
        finisher.hand_over(key, html, "../glossary/", ("a",))
    try:
        return {key: finisher.collect(key, html) for key, html in pages.items()}
    finally:
        finisher.close()


@pytest.fixture(scope="module")
def here() -> dict[str, str]:
    return finish_all(Finisher(TERMS, worker=False), PAGES)


def test_a_worker_finishes_every_page_exactly_as_this_process_does(here: dict[str, str]) -> None:
    finisher = Finisher(TERMS, worker=True)
    assert finisher.parallel, finisher.note
    assert finish_all(finisher, PAGES) == here
    assert not finisher.parallel and finisher.note == ""  # closed, and not for a failure
    # What "finished" means, so that the comparison is not between two unfinished copies:
    assert '<a class="cop-term" href="../glossary/a/#a-open-space"' in here["terms.md"]
    assert "script" not in here["hostile.md"] and "javascript" not in here["hostile.md"]
    assert "onclick" not in here["hostile.md"]


def test_without_sanitizing_or_terms_a_worker_still_agrees() -> None:
    for terms, sanitize in (((), True), (TERMS, False), ((), False)):
        alone = finish_all(Finisher(terms, sanitize=sanitize), PAGES)
        assert finish_all(Finisher(terms, sanitize=sanitize, worker=True), PAGES) == alone
    assert "<script>" in alone["hostile.md"]  # sanitize=False really leaves the page as it is


def test_a_page_changed_after_it_was_handed_over_is_finished_as_it_is_now(here: dict[str, str]) -> None:
    finisher = Finisher(TERMS, worker=True)
    finisher.hand_over("terms.md", PAGES["terms.md"], "../glossary/", ("a",))
    try:
        changed = finisher.collect("terms.md", PAGES["hostile.md"])
    finally:
        finisher.close()
    assert changed == here["hostile.md"]


def test_when_the_worker_dies_every_page_is_still_finished_here(here: dict[str, str]) -> None:
    finisher = Finisher(TERMS, worker=True)
    finisher._worker.kill()  # the real process, killed as the OOM killer would  # noqa: SLF001
    finisher._worker.wait()  # noqa: SLF001
    assert finish_all(finisher, PAGES) == here
    assert "the worker process stopped" in finisher.note
    assert not finisher.parallel


def test_when_no_worker_can_start_pages_are_finished_here(here: dict[str, str], monkeypatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    finisher = Finisher(TERMS, worker=True)
    assert not finisher.parallel and finisher.note.startswith("pages are finished in the build's own process")
    assert finish_all(finisher, PAGES) == here


def test_a_page_never_handed_over_is_sanitized_when_collected() -> None:
    finisher = Finisher(TERMS, worker=True)
    try:
        collected = finisher.collect("hostile.md", PAGES["hostile.md"])
    finally:
        finisher.close()
    assert collected == Finisher(TERMS).finish(PAGES["hostile.md"])  # no glossary given: sanitized, not linked
    assert "<script" not in collected and "cop-term" not in collected


def test_a_worker_is_only_started_for_a_big_site_on_a_machine_with_a_core_to_spare() -> None:
    assert not worker_helps(10)
    assert worker_helps(10_000) == ((os.cpu_count() or 1) > 1)


def _with_parallel(files: dict[str, str], parallel: bool) -> dict[str, str]:
    config = files["mkdocs.yml"]
    assert "  - cop-site\n" in config
    return {**files, "mkdocs.yml": config.replace(
        "  - cop-site\n", f"  - cop-site:\n      parallel: {str(parallel).lower()}\n")}


def test_the_hostile_community_built_with_a_worker_is_byte_for_byte_the_one_built_without(tmp_path: Path,
                                                                                         monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    sites = {}
    for parallel in (True, False):
        root = write_files(tmp_path / str(parallel), _with_parallel(hostile_files(), parallel))
        built = build_site(root / "mkdocs.yml", strict=False)
        assert built.error is None, built.error
        assert ("pages are finished in a worker process beside the build" in "\n".join(built.logs(0))) == parallel
        sites[parallel] = site_files(built.site)
    assert sites[True].keys() == sites[False].keys()
    assert [name for name in sites[True] if sites[True][name] != sites[False][name]] == []
    assert b"evil.example" in b"".join(sites[True].values())  # the payloads are there, as inert text


@pytest.mark.parametrize("extra", [{}, {"practices/facilitation/raw.md": MINI["practices/facilitation/lean-coffee.md"]
                                        .replace("title: Lean coffee", "title: Raw HTML")
                                        + '\n<p onmouseover="alert(1)">A retrospective <script>x()</script></p>\n'}])
def test_a_site_built_with_a_worker_is_byte_for_byte_the_site_built_without(tmp_path: Path, extra,
                                                                           monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # the sitemap's dates and gzip header
    sites = {}
    for parallel in (True, False):
        built = build_mini(tmp_path / str(parallel), _with_parallel({**MINI, **extra}, parallel))
        assert ("pages are finished in a worker process beside the build" in "\n".join(built.logs(0))) == parallel
        sites[parallel] = site_files(built.site)
    assert sites[True].keys() == sites[False].keys()
    assert [name for name in sites[True] if sites[True][name] != sites[False][name]] == []
    practice = sites[True]["practices/facilitation/retrospective/index.html"].decode()
    assert 'class="cop-term"' in practice  # terms were linked, in the worker


def test_with_another_plugin_after_it_pages_are_finished_before_that_plugin_sees_them(tmp_path: Path) -> None:
    hook = ("def on_page_content(html, page, **kwargs):\n"
            "    return html + f'<p>The hook saw a script: {\"<script\" in html}.</p>'\n")
    raw = ('---\ntitle: Raw\nsummary: Raw HTML.\nstewards: [ada-okafor]\n---\n\n'
           '<p onmouseover="alert(1)">A retrospective <script>x()</script></p>\n')
    files = _with_parallel({**MINI, "hooks.py": hook, "practices/facilitation/raw.md": raw}, True)
    files["mkdocs.yml"] += "hooks: [hooks.py]\n"
    built = build_mini(tmp_path, files)
    logs = "\n".join(built.logs(0))
    assert "another plugin reads or changes a page's HTML after cop-site" in logs
    assert "worker process beside the build" not in logs
    page = built.html("practices/facilitation/raw/")
    assert "The hook saw a script: False." in page and "alert(1)" not in page
