"""`cop-site export`: the same site as a plain MkDocs project that builds without the plugin."""

from __future__ import annotations

from pathlib import Path

import yaml

from cop_site.cli import main

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


def test_edit_links_of_the_export_open_the_real_source_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    repo = write_files(tmp_path / "repo", MINI)
    assert main(["export", str(tmp_path / "out"), str(repo)]) == 0
    built = build_site(tmp_path / "out" / "mkdocs.yml", strict=True)
    assert built.error is None, built.logs()
    base = "https://github.com/example/cop/edit/main/"

    def edit_link(url: str) -> str | None:
        link = built.doc(url).find("a", rel="edit")
        return link.attrs["href"] if link is not None else None

    assert edit_link("people/ada-okafor/") == base + "members/ada-okafor.yml"
    assert edit_link("practices/facilitation/lean-coffee/") == base + "practices/facilitation/lean-coffee.md"
    assert edit_link("domains/facilitation/") == base + "practices/facilitation/domain.yml"
    assert edit_link("contributing/") == base + "content/contributing.md"
    assert edit_link("people/") is None and edit_link("glossary/") is None  # generated listings have no source
    sources = {path for path in (tmp_path / "repo").rglob("*") if path.is_file()}
    for path in built.html_files():
        link = built.doc(path.relative_to(built.site).parent.as_posix() + "/").find("a", rel="edit") \
            if path.name == "index.html" else None
        if link is not None:
            assert tmp_path / "repo" / link.attrs["href"].removeprefix(base) in sources, link.attrs["href"]
