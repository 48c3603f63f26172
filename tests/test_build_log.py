"""What a build logs about the content: each problem at the level its text says, and one closing count."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cop_site.cli import main
from site_helpers import MINI, build_mini

ONE_OF_EACH = {
    **MINI,
    "practices/facilitation/lean-coffee.md": MINI["practices/facilitation/lean-coffee.md"].replace(
        "stewards: [ada-okafor, cy-oldham]", "stewards: [ada-okafor, cy-oldam]"),
    "members/dee-newman.yml": MINI["members/dee-newman.yml"] + "links: [{label: Blog, url: \"http://example.org\"}]\n",
}
"""The mini community with one content error (an unknown steward) and one warning (an http: link)."""


def content_records(built, level: int) -> list[str]:
    return [r.getMessage() for r in built.records if r.levelno == level and r.getMessage().startswith("cop-site: ")
            and (": error: " in r.getMessage() or ": warning: " in r.getMessage())]


def test_errors_are_logged_at_error_and_warnings_at_warning(tmp_path: Path) -> None:
    built = build_mini(tmp_path, ONE_OF_EACH, strict=False)
    assert content_records(built, logging.ERROR) == [
        "cop-site: practices/facilitation/lean-coffee.md:4:24: error: unknown member 'cy-oldam' in stewards; did you "
        "mean 'cy-oldham'? [unknown-member]"]
    assert content_records(built, logging.WARNING) == [
        "cop-site: members/dee-newman.yml:4:28: warning: link 'http://example.org' uses http:, which readers' browsers "
        "may flag; use https: if the site supports it [insecure-url]"]
    assert content_records(built, logging.INFO) == []


def test_strict_builds_fail_on_a_warning_as_check_strict_does(tmp_path: Path, capsys) -> None:
    files = {**MINI, "members/dee-newman.yml": ONE_OF_EACH["members/dee-newman.yml"]}
    with pytest.raises(AssertionError, match="Aborted with 1 warnings in strict mode"):
        build_mini(tmp_path, files, strict=True)
    assert main(["check", "--strict", str(tmp_path)]) == 1
    assert main(["check", str(tmp_path)]) == 0


def test_the_closing_line_counts_as_check_does_with_plurals(tmp_path: Path, capsys) -> None:
    files = {path: text for path, text in MINI.items()
             if not path.startswith(("members/bo", "members/cy", "members/dee", "practices/knowledge-sharing/"))
             and path != "practices/facilitation/retrospective.md"}
    files["practices/facilitation/lean-coffee.md"] = files["practices/facilitation/lean-coffee.md"].replace(
        "stewards: [ada-okafor, cy-oldham]", "stewards: [ada-okafor]").replace("related: [retrospective]\n", "")
    files["practices/facilitation/glossary.yml"] = "- term: Lean coffee\n  definition: A meeting.\n"
    built = build_mini(tmp_path, files, strict=False)
    assert "cop-site: 1 member, 1 practice, 1 domain, 1 term published" in built.logs(logging.INFO)
    main(["check", str(tmp_path)])
    assert capsys.readouterr().out.splitlines()[-1].endswith("(1 member, 1 practice, 1 domain, 1 term)")
