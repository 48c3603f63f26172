"""`cop-site demo`: the example community replayed with a history of its own, and what its site then shows."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cop_site.cli import main
from cop_site.replay import MARKER, ReplayError, replay, versions

from site_helpers import REPO_ROOT, parse_html


def page_text(path: Path) -> str:
    """The text of a built page's article."""
    return parse_html(path.read_text(encoding="utf-8")).find("article").text()

EXAMPLE = ("mkdocs.yml", "content", "theme", "members", "practices")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("demo")
    out, site = root / "example", root / "site"
    assert main(["demo", "--out", str(out), "--build", str(site)]) == 0
    return out, site


def tracked(*paths: str) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "--", *paths], cwd=REPO_ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    return [p for p in listed if (REPO_ROOT / p).is_file()]


def test_every_file_of_the_example_is_written_as_it_is(demo) -> None:
    out, _site = demo
    example = tracked(*EXAMPLE)
    assert len(example) > 40
    for path in example:
        assert (out / path).read_bytes() == (REPO_ROOT / path).read_bytes(), path
    assert subprocess.run(["git", "status", "--porcelain"], cwd=out, capture_output=True, text=True).stdout == ""


def test_the_history_has_authors_and_earlier_versions(demo) -> None:
    out, _site = demo
    log = subprocess.run(["git", "log", "--format=%an|%ad", "--date=short", "--", "practices/facilitation/fishbowl.md"],
                         cwd=out, capture_output=True, text=True, check=True).stdout.splitlines()
    assert log == ["Aroha Ngata|2026-09-10", "Mei-Lin Chen|2025-02-05", "Aroha Ngata|2025-02-03"]
    oldest = subprocess.run(["git", "log", "--reverse", "--format=%H", "--", "practices/facilitation/fishbowl.md"],
                            cwd=out, capture_output=True, text=True, check=True).stdout.split()[0]
    early = subprocess.run(["git", "show", f"{oldest}:practices/facilitation/fishbowl.md"], cwd=out,
                           capture_output=True, text=True, check=True).stdout
    final = (REPO_ROOT / "practices/facilitation/fishbowl.md").read_text()
    assert len(early) < len(final) and "reviewed:" not in early and final.startswith(early.split("\n---\n")[0])


def test_profiles_show_evidence_and_the_site_shows_its_history(demo) -> None:
    _out, site = demo
    priya = page_text(site / "people/priya-raman/index.html")
    assert "author of 1 practice" in priya
    changes = page_text(site / "changes/index.html")
    assert "Week of 2026-11-23" in changes and "Sofía Álvarez" in changes
    health = page_text(site / "health/index.html")
    assert "measured on 2026-11-23" in health  # built as of the last commit, whatever the day
    assert "Community building" in health and "Platforms" in health  # the domains with something to fix
    assert "Run a quarterly community health check" in page_text(site / "health/community-building/index.html")
    assert "Run hybrid meetings" in page_text(site / "health/platforms/index.html")
    assert "<entry>" in (site / "feed.xml").read_text()


def test_a_folder_that_is_not_a_demo_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(ReplayError, match="was not made by cop-site demo"):
        replay(REPO_ROOT, REPO_ROOT / "example-history.yml", tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me" and not (tmp_path / MARKER).exists()


def test_a_script_that_names_a_missing_file_is_refused(tmp_path: Path) -> None:
    script = tmp_path / "history.yml"
    script.write_text("commits:\n- [2025-01-01, mei-lin-chen, Start, [no/such/file.md]]\n")
    with pytest.raises(ReplayError, match="neither a file nor a folder"):
        replay(REPO_ROOT, script, tmp_path / "out")


def test_versions_grow_to_the_final_text() -> None:
    text = "---\ntitle: T\nreviewed: \"2026-01-01\"\n---\n\nIntro.\n\n## How\n\nSteps.\n\n## Pitfalls\n\nSome.\n"
    steps = versions(text, "x.md", 3)
    assert steps[-1] == text and len(steps[0]) < len(steps[1]) < len(text)
    assert all("reviewed:" not in v for v in steps[:-1])
    yml = "name: A\nstatus: alumni\nrole: R\ntopics: [a]\n"
    assert versions(yml, "m.yml", 2) == ["name: A\nrole: R\n", yml]
