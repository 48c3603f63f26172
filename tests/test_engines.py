"""One site, any engine: the plugin path (MkDocs or ProperDocs) and export + engine + ``cop-site finish`` (MkDocs,
ProperDocs, Zensical) publish the same pages with the same guarantees.

Every site here is built by a real engine in a subprocess, as ``cop-site build`` and CI build it; Zensical's tests
skip when it is not installed (``pip install -e ".[zensical]"``), ProperDocs' likewise. To look at a site by hand:
``cop-site build --engine zensical -d /tmp/site`` in the repository, then ``python -m http.server -d /tmp/site``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cop_site.cli import main
from cop_site.engines.finish import PLAN
from hostile_corpus import HAND_WRITTEN_FRONT_MATTER, hostile_files
from site_helpers import ENGINE, MINI, REPO_ROOT, Built, Node, broken_links, site_files, write_files
from test_hostile import (SEARCH_INDEXES, assert_no_payload_ran, assert_values_are_literal_text,
                          commit_hostile_repository, inert_problems, needs_browser, site_problems, visit_site)

HAS_ZENSICAL = importlib.util.find_spec("zensical") is not None
HAS_PROPERDOCS = importlib.util.find_spec("properdocs") is not None
needs_zensical = pytest.mark.skipif(not HAS_ZENSICAL, reason="Zensical is not installed: pip install -e '.[zensical]'")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1780000000"}
THEME_ONLY = ("md-content__button", "__skip")
"""Elements of the article that are the theme's, not the page's: the edit button, Zensical's skip-link target."""


def cop_site(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``cop-site`` command line in a subprocess of this Python, as CI does."""
    return subprocess.run([sys.executable, "-m", "cop_site.cli", *map(str, args)], cwd=cwd, env=ENV,
                          capture_output=True, text=True)


def engine(*args: str | Path, name: str = ENGINE, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a site engine (``python -m mkdocs|properdocs|zensical``) in a subprocess."""
    return subprocess.run([sys.executable, "-m", name, *map(str, args)], cwd=cwd, env=ENV, capture_output=True,
                          text=True)


def built(done: subprocess.CompletedProcess, site: Path) -> Built:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return Built(site)


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def article_tree(node: Node | None, folder: str = "") -> list | None:
    """A page's article as comparable data, without the theme's own elements in it (THEME_ONLY) and without
    ``data-search-exclude``, which Zensical honours but does not print. Relative links and sources are resolved
    from the page's ``folder``: engines write the same target differently (``feed.xml``, ``../x/feed.xml``)."""
    if node is None:
        return None

    def value(name: str, text: str) -> str:
        if name in ("href", "src") and not re.match(r"[a-z]+:|#|/", text):
            path, _, rest = text.partition("#")
            return posixpath.normpath(posixpath.join(folder, path)) + ("/" if path.endswith("/") else "") + rest
        return text

    out: list = [node.tag, sorted((k, value(k, v)) for k, v in node.attrs.items() if k != "data-search-exclude")]
    for child in node.children:
        if isinstance(child, Node):
            if not (child.classes & set(THEME_ONLY) or child.attrs.get("id") in THEME_ONLY):
                out.append(article_tree(child, folder))
        elif child.strip():
            out.append(" ".join(child.split()))
    return out


def search_entries(site: Path) -> list[dict]:
    """The entries of the site's search index (Material's or Zensical's)."""
    for name, key in SEARCH_INDEXES.items():
        if (site / name).is_file():
            return json.loads((site / name).read_text(encoding="utf-8"))[key]
    raise AssertionError(f"{site} has no search index")


def search_problems(site: Path) -> list[str]:
    """Markup in the search index that would run where the search shows it (as HTML)."""
    found = []
    for entry in search_entries(site):
        values = [entry.get("title"), entry.get("text"), *(entry.get("path") or []), *(entry.get("tags") or [])]
        for value in (v for v in values if isinstance(v, str)):
            found += inert_problems(f"<html><head></head><body><article>{value}</article></body></html>",
                                    f"search:{entry.get('location')}")
    return found


# --- The example community on every engine -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """The example community: the plugin's build, and each other path that is installed."""
    folder = tmp_path_factory.mktemp("engines-example")
    sites = {"plugin": built(cop_site("build", "--engine", ENGINE, "--strict", "-d", folder / "plugin", REPO_ROOT),
                             folder / "plugin"),
             "export": built(cop_site("build", "--engine", ENGINE, "--via-export", "--strict", "-d",
                                      folder / "export", REPO_ROOT), folder / "export")}
    if HAS_ZENSICAL:
        sites["zensical"] = built(cop_site("build", "--engine", "zensical", "-d", folder / "zensical", REPO_ROOT),
                                  folder / "zensical")
    if HAS_PROPERDOCS and ENGINE != "properdocs":
        sites["properdocs"] = built(engine("build", "--strict", "-f", REPO_ROOT / "mkdocs.yml", "-d",
                                           folder / "properdocs", name="properdocs", cwd=REPO_ROOT),
                                    folder / "properdocs")
    return sites


def test_every_engine_publishes_the_same_pages(example: dict[str, Built]) -> None:
    expected = pages(example["plugin"].site)
    assert len(expected) > 50
    for name, site in example.items():
        assert pages(site.site) == expected, f"{name}: {sorted(set(pages(site.site)) ^ set(expected))}"


@pytest.mark.skipif(not HAS_PROPERDOCS, reason="ProperDocs is not installed: pip install -e '.[properdocs]'")
def test_properdocs_builds_the_example_strict_with_the_pages_mkdocs_builds(example: dict[str, Built]) -> None:
    site = example.get("properdocs", example["plugin"])  # when the tests run under ProperDocs, the plugin's build
    assert pages(site.site) == pages(example["plugin"].site)
    assert site.article("practices/facilitation/lean-coffee/").find("a", cls="cop-term") is not None


def test_export_finished_shows_what_the_plugin_shows_page_for_page(example: dict[str, Built]) -> None:
    plugin = example["plugin"]
    for name in ("export", "zensical"):
        if name not in example:
            continue
        differ = [rel for rel in pages(plugin.site)
                  if article_tree(plugin.doc(rel).find("article"), posixpath.dirname(rel))
                  != article_tree(example[name].doc(rel).find("article"), posixpath.dirname(rel))]
        assert differ == [], f"{name}: the page's content differs from the plugin's on {differ}"


def test_glossary_terms_are_linked_with_their_definition_on_every_engine(example: dict[str, Built]) -> None:
    for name, site in example.items():
        terms = site.article("practices/facilitation/lean-coffee/").find_all("a", cls="cop-term")
        assert terms, f"{name}: no glossary link on the lean coffee practice"
        for term in terms:
            assert re.fullmatch(r"(\.\./)+glossary/[\w-]+/#[\w-]+", term.attrs["href"]), (name, term.attrs)
            assert term.attrs["title"].strip(), f"{name}: a term without its definition as tooltip"
        practices = [p.removesuffix("index.html") for p in pages(site.site) if p.startswith("practices/")]
        linked = sum(bool(site.article(url).find("a", cls="cop-term")) for url in practices)
        assert linked > 10, f"{name}: only {linked} practices link a term"


def test_every_engine_names_the_site_and_domain_feeds_for_feed_readers(example: dict[str, Built]) -> None:
    for name, site in example.items():
        for url, expected in (("", ["feed.xml"]), ("domains/facilitation/", ["feed.xml", "../../feed.xml"]),
                              ("practices/facilitation/lean-coffee/",
                               ["../../../domains/facilitation/feed.xml", "../../../feed.xml"])):
            links = [link.attrs["href"] for link in site.doc(url).find_all("link")
                     if link.attrs.get("type") == "application/atom+xml"]
            assert links == expected, (name, url, links)
        assert (site.site / "domains/facilitation/feed.xml").is_file() and (site.site / "domains/facilitation/badge.svg").is_file()
        # The theme's script fetches sitemap.xml from the folder of every alternate link: each must be there.
        missing = {posixpath.normpath(posixpath.join(posixpath.dirname(rel), posixpath.dirname(link.attrs["href"]),
                                                     "sitemap.xml"))
                   for rel in pages(site.site) for link in site.doc(rel.removesuffix("index.html")).find_all("link")
                   if link.attrs.get("rel") == "alternate"}
        missing = sorted(path for path in missing if not (site.site / path).is_file())
        assert missing == [], f"{name}: alternate links whose folder has no sitemap.xml: {missing}"


def test_no_engine_leaves_a_marker_or_the_plan_in_the_site(example: dict[str, Built]) -> None:
    for name, site in example.items():
        assert not (site.site / PLAN).exists(), name
        marked = [p for p in pages(site.site) if "cop-site:content:" in (site.site / p).read_text(encoding="utf-8")
                  or "cop-site:toc:" in (site.site / p).read_text(encoding="utf-8")]
        assert marked == [], f"{name}: markers left in {marked}"


def test_the_example_holds_nothing_that_runs_on_any_engine(example: dict[str, Built]) -> None:
    for name, site in example.items():
        problems = site_problems(site) + search_problems(site.site)
        assert problems == [], f"{name}:\n" + "\n".join(problems[:20])


# --- The hostile corpus on every engine --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Built, int]]:
    """The hostile community built by the plugin, and exported, built and finished by each engine installed: each
    with the number of problems the export had before it was finished (the control: finish had work to do)."""
    folder = tmp_path_factory.mktemp("engines-hostile")
    repo = commit_hostile_repository(folder / "repo")
    sites = {"plugin": (built(cop_site("build", "--engine", ENGINE, "-d", folder / "plugin", repo),
                              folder / "plugin"), 0)}
    for name in [ENGINE] + (["zensical"] if HAS_ZENSICAL else []):
        project = folder / f"export-{name}"
        assert cop_site("export", project, repo).returncode == 0
        if name == "zensical":
            done = engine("build", name=name, cwd=project)
        else:
            done = engine("build", "-d", "site", name=name, cwd=project)
        assert done.returncode == 0, done.stderr[-3000:]
        site = Built(project / "site")
        before = len(site_problems(site))
        finished = cop_site("finish", site.site)
        assert finished.returncode == 0, finished.stdout + finished.stderr
        sites[name] = (site, before)
    return sites


def test_the_hostile_corpus_finished_has_every_page_and_nothing_that_runs(
        hostile_sites: dict[str, tuple[Built, int]]) -> None:
    plugin, _ = hostile_sites["plugin"]
    assert len(hostile_sites) > 1
    for name, (site, before) in hostile_sites.items():
        assert pages(site.site) == pages(plugin.site), name
        problems = site_problems(site) + search_problems(site.site)
        assert problems == [], f"{name}:\n" + "\n".join(problems[:30])
        assert name == "plugin" or before > 100, f"{name}: the unfinished export had only {before} live payloads"


def test_the_hostile_values_are_literal_text_on_every_engine(hostile_sites: dict[str, tuple[Built, int]]) -> None:
    for name, (site, _) in hostile_sites.items():
        assert_values_are_literal_text(site)


def test_hostile_terms_are_linked_on_every_engine(hostile_sites: dict[str, tuple[Built, int]]) -> None:
    plugin, _ = hostile_sites["plugin"]
    url = "practices/alpha/p00/"
    expected = [(a.attrs["href"], a.attrs["title"]) for a in plugin.article(url).find_all("a", cls="cop-term")]
    assert expected
    for name, (site, _) in hostile_sites.items():
        assert [(a.attrs["href"], a.attrs["title"]) for a in site.article(url).find_all("a", cls="cop-term")] == \
            expected, name


@needs_zensical
@needs_browser
def test_browser_sees_no_payload_run_on_the_zensical_site(hostile_sites: dict[str, tuple[Built, int]]) -> None:
    site, _ = hostile_sites["zensical"]
    assert_no_payload_ran(site, visit_site(site.site))


@needs_browser
def test_the_header_search_finds_payloads_as_text_on_every_path(hostile_sites: dict[str, tuple[Built, int]]) -> None:
    """Pagefind's index of the hostile site, from the plugin and from each export + finish: queries for the
    payloads find them, and the results show them as text."""
    queries = ["onerror", "script", "javascript", "onload", "svg"]
    for name, (site, _) in hostile_sites.items():
        assert (site.site / "pagefind" / "pagefind.js").is_file(), name
        (visit,) = visit_site(site.site, [""], search=queries)
        assert not visit.ran() and not visit.errors, f"{name}: {visit}"
        assert len(visit.results) == len(queries) and all(visit.results), f"{name}: {visit.results}"


def _plain_bodies(files: dict[str, str]) -> dict[str, str]:
    """The hostile sources with everything that is Markdown by design (practice bodies, bios, definitions, the
    bodies of hand-written pages) made plain; every other field keeps its payloads."""
    out = {}
    for path, text in files.items():
        if path.startswith("members/"):
            text = re.sub(r"^bio: .*$", "bio: A plain bio.", text, flags=re.M)
        elif path.endswith("glossary.yml"):
            text = re.sub(r"^(  definition: ).*$", r"\1A plain definition.", text, flags=re.M)
        elif path.endswith(".md"):
            front = text[: text.index("\n---\n", 4) + 5] if text.startswith("---\n") else ""
            text = front + "\n# A page\n\nA plain body.\n"
        out[path] = text
    return out


@pytest.mark.parametrize("name", [ENGINE, pytest.param("zensical", marks=needs_zensical)])
def test_the_export_is_safe_for_any_engine_but_the_bodies_finish_sanitizes(tmp_path: Path, name: str) -> None:
    repo = write_files(tmp_path / "repo", _plain_bodies({**hostile_files(), **HAND_WRITTEN_FRONT_MATTER}))
    assert cop_site("export", tmp_path / "export", repo).returncode == 0
    done = engine("build", *([] if name == "zensical" else ["-d", "site"]), name=name, cwd=tmp_path / "export")
    assert done.returncode == 0, done.stderr[-3000:]
    site = Built(tmp_path / "export" / "site")
    problems = site_problems(site)  # not finished: what the export wrote is safe as it is
    assert problems == [], "\n".join(problems[:30])
    about = site.doc("about/")
    assert about.find("title").text() == "About &lt;img src=x onerror=__pwned=1&gt; - Hostile CoP"
    assert about.find("meta", name="description").attrs["content"] == '"><script>__pwned=1</script>'


# --- finish: once, whole, the same in parallel ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini community exported and built by the test's engine, not finished."""
    folder = tmp_path_factory.mktemp("engines-mini")
    files = dict(MINI)
    files["practices/facilitation/lean-coffee.md"] += (
        "\n<!--/cop-site:content:" + "0" * 32 + "--><script>__pwned=1</script>"
        "<!--/cop-site:content:--><img src=x onerror=__pwned=1>\n")
    repo = write_files(folder / "repo", files)
    assert cop_site("export", folder / "export", repo).returncode == 0
    done = engine("build", "-d", "site", cwd=folder / "export")
    assert done.returncode == 0, done.stderr
    return folder / "export" / "site"


def test_content_cannot_close_its_region_early(exported_site: Path, tmp_path: Path) -> None:
    site = Path(shutil.copytree(exported_site, tmp_path / "site"))
    assert cop_site("finish", site).returncode == 0
    lean = Built(site).html("practices/facilitation/lean-coffee/")
    assert inert_problems(lean, "practices/facilitation/lean-coffee/") == []
    article = Built(site).article("practices/facilitation/lean-coffee/")
    assert not article.find_all("script") and not article.find_all("img", src="x")
    assert "Retrospectives close the loop" in article.text(), "the body after the forged markers is gone"


def test_finish_runs_once_and_refuses_a_finished_site(exported_site: Path, tmp_path: Path) -> None:
    site = Path(shutil.copytree(exported_site, tmp_path / "site"))
    first = cop_site("finish", site)
    assert first.returncode == 0, first.stderr
    assert re.search(r"cop-site: finished (\d+) pages in .* \(3 with glossary links; search/search_index\.json "
                     r"sanitized; \1 pages in the search index\)", first.stdout), first.stdout
    assert (site / "pagefind" / "pagefind.js").is_file()
    files = site_files(site)
    second = cop_site("finish", site)
    assert second.returncode == 2
    assert "finished already, or was not built from `cop-site export`" in second.stderr
    assert site_files(site) == files, "a refused run changed the site"


def test_finish_refuses_a_site_the_plugin_built(tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", MINI)
    assert cop_site("build", "--engine", ENGINE, "-d", tmp_path / "site", repo).returncode == 0
    done = cop_site("finish", tmp_path / "site")
    assert done.returncode == 2 and "cop-site-finish.json does not exist" in done.stderr


def test_parallel_and_serial_finishing_give_the_same_site(exported_site: Path, tmp_path: Path) -> None:
    serial = Path(shutil.copytree(exported_site, tmp_path / "serial"))
    parallel = Path(shutil.copytree(exported_site, tmp_path / "parallel"))
    assert cop_site("finish", "--no-parallel", serial).returncode == 0
    done = cop_site("finish", "--parallel", parallel)
    assert done.returncode == 0, done.stderr
    assert site_files(serial) == site_files(parallel)


def test_a_page_the_theme_did_not_mark_is_reported_and_never_published(tmp_path: Path) -> None:
    files = {**MINI, "mkdocs.yml": MINI["mkdocs.yml"].replace("  name: material\n",
                                                              "  name: material\n  custom_dir: overrides\n"),
             # A site's own content partial that prints the body otherwise than `{{ page.content }}`.
             "overrides/partials/content.html": "<h1>{{ page.title }}</h1>{{ page.content | safe }}"}
    repo = write_files(tmp_path / "repo", files)
    done = cop_site("build", "--engine", ENGINE, "--via-export", "-d", tmp_path / "site", repo)
    assert done.returncode == 1
    assert re.search(r"^people/ada-okafor/index\.html:1:1: error: the page has no marked content, so it was not "
                     r"sanitized.*\[unmarked-page\]$", done.stdout, re.M), done.stdout
    assert not (tmp_path / "site").exists(), "an unfinished site was published"


# --- cop-site build: usage ------------------------------------------------------------------------------------------

def test_a_missing_engine_is_a_usage_error_that_says_what_to_install(tmp_path: Path, monkeypatch, capsys) -> None:
    repo = write_files(tmp_path / "repo", MINI)
    monkeypatch.setitem(sys.modules, "zensical", None)  # how Python marks a module that cannot be imported
    assert main(["build", "--engine", "zensical", str(repo)]) == 2
    err = capsys.readouterr().err
    assert "the zensical engine is not installed" in err and "pip install 'cop-site[zensical]'" in err
    assert not (repo / "site").exists()


@pytest.mark.parametrize("where", ["repo", ".", "content"])
def test_build_never_replaces_the_repository_or_its_pages(tmp_path: Path, capsys, where: str) -> None:
    repo = write_files(tmp_path / "repo", MINI)
    site = {"repo": repo, ".": tmp_path, "content": repo / "content"}[where]
    before = site_files(repo)
    assert main(["build", "--engine", ENGINE, "-d", str(site), str(repo)]) == 2
    assert "cop-site: error: the site folder" in capsys.readouterr().err
    assert site_files(repo) == before


# --- Theme partials that run in Jinja2 and in MiniJinja --------------------------------------------------------------

GISCUS = "extra:\n  giscus: {repo: example/cop, repo_id: R1, category: General, category_id: C1}\n"


@needs_zensical
@pytest.mark.parametrize("origin", ["example", "init"])
def test_the_giscus_partial_renders_in_zensical(tmp_path: Path, origin: str) -> None:
    repo = tmp_path / "repo"
    if origin == "example":
        for name in ("content", "members", "practices", "theme"):
            shutil.copytree(REPO_ROOT / name, repo / name)
        shutil.copyfile(REPO_ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    else:
        assert main(["init", str(repo), "--site-name", "Init CoP", "--name", "Ada Okafor"]) == 0
    with open(repo / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(GISCUS)
    site = built(cop_site("build", "--engine", "zensical", "-d", tmp_path / "site", repo), tmp_path / "site")
    practice = next(p for p in pages(site.site) if p.startswith("practices/") and p.count("/") == 3)
    scripts = [s for s in site.doc(practice.removesuffix("index.html")).find_all("script")
               if s.attrs.get("src") == "https://giscus.app/client.js"]
    assert len(scripts) == 1 and scripts[0].attrs["data-repo"] == "example/cop"
    assert not site.doc("people/").find_all("script", src="https://giscus.app/client.js")


def test_terms_link_to_the_glossary_without_directory_urls_too(tmp_path: Path) -> None:
    files = {**MINI, "mkdocs.yml": MINI["mkdocs.yml"] + "use_directory_urls: false\n"}
    repo = write_files(tmp_path / "repo", files)
    site = built(cop_site("build", "--engine", ENGINE, "--via-export", "-d", tmp_path / "site", repo),
                 tmp_path / "site")
    terms = site.article("practices/facilitation/lean-coffee.html").find_all("a", cls="cop-term")
    assert [t.attrs["href"] for t in terms][:1] == ["../../glossary/facilitation/index.html#facilitation-retrospective"]
    assert broken_links(site.site, "https://example.org/mini/") == []
