"""`cop-site export`: the same site as a plain MkDocs project that builds without the plugin."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import yaml

from cop_site.cli import main
from cop_site.pages import nav_uris

from site_helpers import MINI, MINI_MEMBERS, MINI_PRACTICES, build_site, write_files


def test_export_builds_strict_with_plain_mkdocs_and_has_every_page(tmp_path: Path, capsys) -> None:
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


def test_edit_links_of_the_export_open_the_real_source_files(tmp_path: Path) -> None:
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


def test_export_escapes_front_matter_titles_generated_pages_and_says_to_finish(tmp_path: Path, capsys) -> None:
    files = {**MINI, "content/about.md": "---\ntitle: \"About <b>us</b> & co\"\ndescription: '\"><x>'\n---\n\n"
                                         "# About\n", "content/plain.md": "# Plain <i>page</i>\n"}
    files["members/bo-chen.yml"] = files["members/bo-chen.yml"].replace("name: Bo Chen", "name: \"Bo <b>Chen</b>\"")
    repo = write_files(tmp_path / "repo", files)
    assert main(["export", str(tmp_path / "out"), str(repo)]) == 0
    assert "run `cop-site finish` on the site before publishing it" in capsys.readouterr().out
    out = tmp_path / "out"
    about = (out / "docs/about.md").read_text(encoding="utf-8")
    assert about.startswith("---\ntitle: About &lt;b&gt;us&lt;/b&gt; &amp; co\ndescription: '&quot;&gt;&lt;x&gt;'\n---\n")
    assert (out / "docs/plain.md").read_text(encoding="utf-8") == "# Plain <i>page</i>\n"  # no front matter: as is
    profile = (out / "docs/people/bo-chen.md").read_text(encoding="utf-8")
    assert profile.startswith("---\nedit_url: ") and "\ntitle: Bo &lt;b&gt;Chen&lt;/b&gt;\n" in profile.split("\n---\n")[0]
    plan = json.loads((out / "docs/cop-site-finish.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{32}", plan["nonce"])
    site_feed = [["Mini CoP: new and updated practices", "feed.xml"]]
    page = ["page", "", 0.0, False, [], []]  # what search knows of it (search.Marks): a hand-written page
    assert plan["search"] is True
    assert plan["pages"]["plain/index.html"] == ["plain/", None, True, site_feed, page]  # <title> from its heading
    assert plan["pages"]["about/index.html"] == ["about/", None, False, site_feed, page]
    assert plan["pages"]["practices/facilitation/lean-coffee/index.html"] == [
        "practices/facilitation/lean-coffee/", ["facilitation"], False,
        [["Facilitation: new and updated practices", "domains/facilitation/feed.xml"], *site_feed],
        ["practice", "newcomer", 0.0, False, [], []]]
    content = (out / "theme/partials/content.html").read_text(encoding="utf-8")
    assert f"<!--cop-site:content:{plan['nonce']}-->" in content and "@NONCE@" not in content
    config_text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "cop-site finish SITE_DIR" in config_text.split("\nsite_name:")[0]
    config = yaml.safe_load(config_text)
    assert config["theme"]["custom_dir"] == "theme" and config["theme"]["variant"] == "classic"
    assert "cop-site finish" in (out / "README.md").read_text(encoding="utf-8")


def test_a_second_export_has_a_new_nonce(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", MINI)
    nonces = set()
    for _ in range(2):
        assert main(["export", str(tmp_path / "out"), str(repo)]) == 0
        nonces.add(json.loads((tmp_path / "out/docs/cop-site-finish.json").read_text(encoding="utf-8"))["nonce"])
    assert len(nonces) == 2
