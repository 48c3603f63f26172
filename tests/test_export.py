"""`cop-site export`: the same site as a plain MkDocs project that builds without the plugin."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from cop_site.cli import main
from cop_site.pages import nav_uris

from site_helpers import MINI, MINI_MEMBERS, MINI_PRACTICES, build_site, write_files


def test_export_builds_strict_with_plain_mkdocs_and_has_every_page(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    repo = write_files(tmp_path / "repo", MINI)
    assert main(["export", str(tmp_path / "out"), str(repo)]) == 0
    config = yaml.safe_load((tmp_path / "out" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "cop-site" not in str(config["plugins"])
    assert config["docs_dir"] == "docs"
    built = build_site(tmp_path / "out" / "mkdocs.yml", strict=True)
    assert built.error is None, built.logs()
    # The same small navigation as the plugin's: overview pages and domains; the rest is reached from those.
    listed = set(nav_uris(config["nav"]))
    assert {"domains/facilitation.md", "people/index.md", "glossary/index.md"} <= listed
    assert not [uri for uri in listed if uri.startswith(("practices/facilitation/", "people/ada"))], listed
    assert not [line for line in built.logs(logging.INFO) if "not included in the \"nav\"" in line]
    for member_id in MINI_MEMBERS:
        assert built.file(f"people/{member_id}/").is_file()
    for key, title in MINI_PRACTICES.items():
        assert built.article(f"practices/{key}/").find("h1").text().rstrip("¶") == title
    for url in ("glossary/", "expertise/", "start-here/", "health/", "changes/", "cop.json", "feed.xml",
                "assets/cop-site/cop-site.css", "practices/facilitation/diagram.png"):
        assert built.file(url).is_file(), url


def test_export_needs_a_mkdocs_yml(tmp_path: Path, capsys) -> None:
    assert main(["export", str(tmp_path / "out"), str(tmp_path)]) == 2
    assert "no mkdocs.yml" in capsys.readouterr().err
