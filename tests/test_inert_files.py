"""Every file a pull request adds is refused or made inert (issue #12), and no hand-written page takes a generated
page's URL or stops the build with its front matter (#13, #14).

- symbolic links in members/, practices/ and docs_dir are refused, never followed: nothing of their target is
  read, published or quoted, and `--strict` fails;
- static files are allowlisted by type; nothing shadows a theme file or a generated page;
- every message is one line, so no log line can become a GitHub Actions workflow command;
- git e-mail addresses are not published; maintainers list them with `cop-site authors`;
- front matter the theme cannot use is dropped and reported, never fatal;
- every URL attribute the sanitizer keeps is checked.

Builds run with the real MkDocs (in this process, or as the `mkdocs` command where the process's own
environment or log output is what is tested), in real git repositories with real symbolic links.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import get_data

from cop_site.cli import main
from cop_site.docs import (DocsPolicy, Theme, check_meta, find_theme, read_front_matter, scan_docs, settle_urls,
                           site_url)
from cop_site.model import Problem, one_line
from cop_site.sanitize import sanitize_html, srcset_urls
from hostile_corpus import commit_files, git
from site_helpers import (MINI, MINI_DOMAINS, MINI_MEMBERS, MINI_PRACTICES, MKDOCS_YML, Built, build_site,
                          site_files, write_files)

SECRET = "COPSITE-SECRET-5b1e9d"
"""In every file a link points at (and in the environment of the builds): it must appear nowhere."""
MATERIAL = Path(resources.files("material")) / "templates"  # type: ignore[arg-type]
BUNDLE = next(p.name for p in (MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js"))


def check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run `cop-site check` in this process: (exit status, everything it printed)."""
    code = main(["check", *args, str(root)])
    out, err = capsys.readouterr()
    return code, out + err


def mkdocs(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The `mkdocs build` command, as CI runs it, with this worktree's cop_site first on the path."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(sys.path), **(env or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"),
                           "-d", str(root / "site"), *args], env=environment, capture_output=True, text=True,
                          timeout=300)


def published_everything(site: Path) -> list[str]:
    """The pages of the mini community that are missing from a built site (none, when all is well)."""
    urls = ["", "contributing/", *(f"people/{m}/" for m in MINI_MEMBERS), *(f"domains/{d}/" for d in MINI_DOMAINS),
            *(f"practices/{p}/" for p in MINI_PRACTICES), "practices/facilitation/diagram.png", "cop.json"]
    return [url for url in urls if not (site / url / "index.html" if url == "" or url.endswith("/")
                                        else site / url).is_file()]


def leaked(site: Path, secret: str = SECRET) -> list[str]:
    """The files of a built site that hold ``secret``."""
    return [path for path, data in site_files(site).items() if secret.encode() in data]


# --- Symbolic links ----------------------------------------------------------------------------------------------

def _outside(base: Path) -> Path:
    """Files outside the repository, each holding SECRET: what a link would publish if it were followed."""
    out = base / "outside"
    write_files(out, {
        "secret.txt": f"{SECRET}\n",
        "eve.yml": f"name: Eve {SECRET}\nrole: {SECRET}\n",
        "domain/domain.yml": f"title: Leaks {SECRET}\nsummary: {SECRET}\nstewards: [ada-okafor]\n",
        "domain/leak.md": f"---\ntitle: Leak {SECRET}\nsummary: {SECRET}\nstewards: [ada-okafor]\n---\n\n{SECRET}\n",
        "page.md": f"# Leak\n\n{SECRET}\n",
        "pages/index.md": f"# Leaks\n\n{SECRET}\n",
        "pages/secret.txt": f"{SECRET}\n",
    })
    return out


LINKS = {
    # case: (the link, in the repository; what it points at: outside/..., /absolute, or @repo/...)
    "file outside, next to a practice": ("practices/facilitation/notes.txt", "outside/secret.txt"),
    "the process environment": ("practices/facilitation/env.txt", "/proc/self/environ"),
    "the repository's .git/config": ("content/config.txt", "@repo/.git/config"),
    "a member file": ("members/eve-outsider.yml", "outside/eve.yml"),
    "a domain folder": ("practices/leaks", "outside/domain"),
    "a content/ page": ("content/leak.md", "outside/page.md"),
    "a content/ folder": ("content/leaks", "outside/pages"),
    "a practice": ("practices/facilitation/leak.md", "outside/domain/leak.md"),
    "CODEOWNERS": (".github/CODEOWNERS", "outside/secret.txt"),
}


def linked_repo(tmp_path: Path, link: str, target: str) -> Path:
    """The mini community in a git repository (with SECRET in its .git/config) and one symbolic link."""
    repo = tmp_path / "repo"
    commit_files(repo, MINI)
    git(repo, "config", "cop.token", SECRET)
    (repo / link).parent.mkdir(parents=True, exist_ok=True)
    destination = (Path(target) if target.startswith("/") else
                   repo / target[len("@repo/"):] if target.startswith("@repo/") else _outside(tmp_path) / target[8:])
    (repo / link).symlink_to(destination, target_is_directory=destination.is_dir())
    return repo


@pytest.mark.parametrize("case", LINKS)
def test_a_symbolic_link_is_refused_and_nothing_of_its_target_is_read(case: str, tmp_path: Path, capsys) -> None:
    link, target = LINKS[case]
    if target.startswith("/") and not Path(target).exists():
        pytest.skip(f"{target} does not exist on this platform")
    repo = linked_repo(tmp_path, link, target)
    env = {"COP_SITE_TEST_TOKEN": SECRET}  # what /proc/self/environ would show of the build

    code, out = check(repo, capsys)
    assert code == 1
    assert f"{link}:1:1: error: this is a symbolic link; links are never followed" in out and "[symlink]" in out
    assert SECRET not in out

    plain = mkdocs(repo, env=env)
    assert plain.returncode == 0, plain.stderr
    assert f"{link}:1:1: error: this is a symbolic link" in plain.stderr and SECRET not in plain.stderr
    assert published_everything(repo / "site") == []
    assert leaked(repo / "site") == []
    assert [url for url in ("people/eve-outsider", "domains/leaks", "practices/leaks", "leak", "leaks", "config.txt",
                            "practices/facilitation/notes.txt", "practices/facilitation/env.txt",
                            "practices/facilitation/leak") if (repo / "site" / url).exists()] == []

    strict = mkdocs(repo, "--strict", env=env)
    assert strict.returncode != 0 and SECRET not in strict.stderr


def test_the_folders_themselves_may_not_be_links(tmp_path: Path, capsys) -> None:
    outside = write_files(tmp_path / "outside", {"members/eve.yml": f"name: {SECRET}\n", "docs/index.md": SECRET})
    repo = write_files(tmp_path / "repo", {key: value for key, value in MINI.items() if not key.startswith("members/")})
    (repo / "members").symlink_to(outside / "members", target_is_directory=True)
    code, out = check(repo, capsys)
    assert code == 1 and "members:1:1: error: this is a symbolic link" in out and SECRET not in out
    repo_docs = write_files(tmp_path / "repo2", {k: v for k, v in MINI.items() if not k.startswith("content/")})
    (repo_docs / "content").symlink_to(outside / "docs", target_is_directory=True)
    built = build_site(repo_docs / "mkdocs.yml", strict=False)
    assert built.error is None and "cop-site: content:1:1: error: this is a symbolic link; links are never " \
        "followed, so nothing it points to is read or published (commit the file itself instead) [symlink]" \
        in built.logs()
    assert leaked(built.site) == [] and built.file("people/ada-okafor/").is_file()


def test_a_link_in_a_hidden_or_nested_folder_of_a_domain_is_refused_too(tmp_path: Path, capsys) -> None:
    repo = write_files(tmp_path / "repo", {**MINI, "practices/facilitation/img/a.png": b"x"})
    outside = _outside(tmp_path)
    (repo / "practices/facilitation/img/deep.txt").symlink_to(outside / "secret.txt")
    (repo / "practices/facilitation/img/up").symlink_to(repo, target_is_directory=True)  # a loop, never entered
    code, out = check(repo, capsys)
    assert code == 1 and SECRET not in out
    assert "practices/facilitation/img/deep.txt:1:1: error" in out and "practices/facilitation/img/up:1:1: error" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_never_opened(tmp_path: Path, capsys) -> None:
    repo = write_files(tmp_path / "repo", MINI)
    os.mkfifo(repo / "members" / "pipe.yml")  # opening it would wait for a writer forever
    os.mkfifo(repo / "content" / "pipe.md")
    code, out = check(repo, capsys)
    assert code == 1 and "members/pipe.yml:1:1: error: not a regular file" in out
    built = build_site(repo / "mkdocs.yml", strict=False)
    assert built.error is None and not built.file("pipe/").exists() and published_everything(built.site) == []


def test_export_copies_no_link_and_no_refused_file(tmp_path: Path, capsys) -> None:
    repo = linked_repo(tmp_path, "content/leak.md", "outside/page.md")
    write_files(repo, {"content/evil.html": "<script>__pwned=1</script>", "content/about.md": "---\n"
                       "template: nowhere.html\ntitle: About\n---\n\n# About\n"})
    (repo / "content/leaks").symlink_to(tmp_path / "outside" / "pages", target_is_directory=True)
    assert main(["export", str(tmp_path / "out"), str(repo)]) == 0
    docs = tmp_path / "out" / "docs"
    assert not (docs / "leak.md").exists() and not (docs / "leaks").exists() and not (docs / "evil.html").exists()
    assert leaked(docs) == []
    assert yaml.safe_load((docs / "about.md").read_text(encoding="utf-8").split("---")[1]) == {"title": "About"}
    built = build_site(tmp_path / "out" / "mkdocs.yml", strict=True)  # plain MkDocs: no template to miss
    assert built.error is None, built.logs()


# --- Static files by type, theme files and generated pages ----------------------------------------------------

STATIC = {
    "content/evil.html": "<!doctype html><script>__pwned=1</script>",
    "content/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="__pwned=1"><circle r="4"/></svg>',
    "content/app.js": "__pwned = 1;",
    "content/style.css": "body{background:url(https://evil.example/x)}",
    f"content/assets/javascripts/{BUNDLE}": "__pwned = 1;",
    "content/main.html": "{{ config.extra.secret }}",
    "content/handout.pdf": b"%PDF-1.4\n%%EOF\n",
    "content/fonts/inter.woff2": b"wOF2",
}


def test_html_svg_javascript_css_and_theme_files_from_contributors_are_refused(tmp_path: Path, capsys) -> None:
    repo = write_files(tmp_path / "repo", {**MINI, **STATIC})
    code, out = check(repo, capsys)
    assert code == 1
    for name, kind in (("evil.html", ".html"), ("pic.svg", ".svg"), ("app.js", ".js"), ("style.css", ".css")):
        assert f"content/{name}:1:1: error: not published: a '{kind}' file can run script" in out, name
    assert (f"content/assets/javascripts/{BUNDLE}:1:1: error: not published: the theme has its own file at this "
            f"path (material/templates/assets/javascripts/{BUNDLE})") in out
    assert "content/main.html:1:1: error: not published: the theme has its own file at this path" in out
    assert "handout.pdf" not in out and "inter.woff2" not in out

    built = build_site(repo / "mkdocs.yml", strict=False)
    assert built.error is None
    for name in ("evil.html", "pic.svg", "app.js", "style.css", "main.html"):
        assert not (built.site / name).exists(), name
    bundle = built.site / "assets" / "javascripts" / BUNDLE
    assert bundle.read_bytes() == (MATERIAL / "assets" / "javascripts" / BUNDLE).read_bytes()
    assert (built.site / "handout.pdf").is_file() and (built.site / "fonts" / "inter.woff2").is_file()
    assert published_everything(built.site) == []
    assert build_site(repo / "mkdocs.yml", strict=True).error is not None


def test_files_the_maintainers_trust_are_published_whatever_their_type(tmp_path: Path, capsys) -> None:
    config = MKDOCS_YML.replace("  - cop-site\n", "  - cop-site:\n      trusted_files: [\"code/*\"]\n") + \
        "extra_css: [code/style.css]\n"
    repo = write_files(tmp_path / "repo", {**MINI, "mkdocs.yml": config, "content/code/style.css": "p{color:red}",
                                           "content/other.css": "p{}"})
    code, out = check(repo, capsys)
    assert code == 1 and "content/other.css" in out and "content/code/style.css" not in out
    built = build_site(repo / "mkdocs.yml", strict=False)
    assert (built.site / "code" / "style.css").read_text() == "p{color:red}" and not (built.site / "other.css").exists()


def test_site_code_in_the_themes_custom_dir_is_published(tmp_path: Path, capsys) -> None:
    config = MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: theme\n") + \
        "extra_css: [stylesheets/site.css]\n"
    repo = write_files(tmp_path / "repo", {**MINI, "mkdocs.yml": config, "theme/stylesheets/site.css": "p{}"})
    assert check(repo, capsys)[0] == 0
    built = build_site(repo / "mkdocs.yml", strict=True)
    assert built.error is None and (built.site / "stylesheets" / "site.css").read_text() == "p{}"
    assert 'href="stylesheets/site.css"' in built.html("")


IMPOSTOR = "IMPOSTOR-TEXT-0c4d"
SHADOWS = {
    "content/people/ada-okafor.md": f"# Ada Okafor\n\n{IMPOSTOR}: write to me at evil@evil.example\n",
    "content/people/bo-chen/index.md": f"# Bo Chen\n\n{IMPOSTOR}\n",
    "content/practices/facilitation/lean-coffee/index.md": f"# Lean coffee\n\n{IMPOSTOR}\n",
    "content/practices/facilitation/retrospective.md": f"# Retrospective\n\n{IMPOSTOR}\n",
    "content/cop.json": json.dumps({"members": [{"name": IMPOSTOR}]}),
}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = write_files(tmp_path_factory.mktemp("baseline"), MINI)
    return build_site(root / "mkdocs.yml", strict=True)


def test_a_hand_written_page_at_a_generated_pages_url_is_an_error_naming_both(tmp_path: Path, capsys,
                                                                             baseline: Built) -> None:
    repo = write_files(tmp_path / "repo", {**MINI, **SHADOWS})
    code, out = check(repo, capsys)
    assert code == 1
    expected = {
        "content/people/ada-okafor.md": ("/people/ada-okafor/", "the page generated from members/ada-okafor.yml",
                                         "people/ada-okafor.md"),
        "content/people/bo-chen/index.md": ("/people/bo-chen/", "the page generated from members/bo-chen.yml",
                                            "people/bo-chen.md"),
        "content/practices/facilitation/lean-coffee/index.md": (
            "/practices/facilitation/lean-coffee/", "the page generated from practices/facilitation/lean-coffee.md",
            "practices/facilitation/lean-coffee.md"),
        "content/practices/facilitation/retrospective.md": (
            "/practices/facilitation/retrospective/",
            "the page generated from practices/facilitation/retrospective.md", "practices/facilitation/retrospective.md"),
        "content/cop.json": ("/cop.json", "the generated cop.json", "cop.json"),
    }
    built = build_site(repo / "mkdocs.yml", strict=False)
    for source, (url, what, uri) in expected.items():
        line = (f"{source}:1:1: error: not published: {url} is the address of {what}, which is published instead; "
                f"rename this file, or, if it is meant to replace that page, ask the maintainers to list '{uri}' in "
                "the cop-site plugin's replace_pages in mkdocs.yml [url-collision]")
        assert line in out.splitlines()
        assert f"cop-site: {line}" in built.logs()
    assert leaked(built.site, IMPOSTOR) == []
    for url in ("people/ada-okafor/", "people/bo-chen/", "practices/facilitation/lean-coffee/",
                "practices/facilitation/retrospective/"):
        assert built.article(url).text() == baseline.article(url).text(), url
    assert json.loads(built.html("cop.json")) == json.loads(baseline.html("cop.json"))
    assert build_site(repo / "mkdocs.yml", strict=True).error is not None


def test_maintainers_may_let_a_hand_written_page_replace_a_generated_one(tmp_path: Path, capsys) -> None:
    config = MKDOCS_YML.replace("  - cop-site\n", "  - cop-site:\n      replace_pages: [people/ada-okafor.md, "
                                                  "\"practices/*/lean-coffee.md\"]\n")
    repo = write_files(tmp_path / "repo", {**MINI, **SHADOWS, "mkdocs.yml": config})
    code, out = check(repo, capsys)
    assert "content/people/ada-okafor.md" not in out and "lean-coffee/index.md" not in out
    assert "content/people/bo-chen/index.md:1:1: error" in out  # not allowed: still an error
    built = build_site(repo / "mkdocs.yml", strict=False)
    assert IMPOSTOR in built.article("people/ada-okafor/").text()
    assert IMPOSTOR in built.article("practices/facilitation/lean-coffee/").text()
    assert IMPOSTOR not in built.article("people/bo-chen/").text()
    assert "cop-site: content/people/ada-okafor.md replaces the generated people/ada-okafor.md, as replace_pages " \
        "allows" in built.logs(logging.INFO)


def test_two_hand_written_pages_at_one_url_keep_the_first(tmp_path: Path, capsys) -> None:
    repo = write_files(tmp_path / "repo", {**MINI, "content/guide.md": "# One\n", "content/guide/index.md": "# Two\n"})
    code, out = check(repo, capsys)
    assert code == 1 and "content/guide/index.md:1:1: error: not published: content/guide.md is already published " \
        "at /guide/; keep one of the two [url-collision]" in out
    built = build_site(repo / "mkdocs.yml", strict=False)
    assert built.article("guide/").find("h1").text().rstrip("¶") == "One"


def test_an_index_wins_over_a_readme_beside_it_as_in_mkdocs(tmp_path: Path, capsys) -> None:
    repo = write_files(tmp_path / "repo", {**MINI, "content/guide/README.md": "# Readme\n",
                                           "content/guide/index.md": "# Index\n"})
    code, out = check(repo, capsys)
    assert "content/guide/README.md:1:1: error: not published: content/guide/index.md is already published" in out
    built = build_site(repo / "mkdocs.yml", strict=False)
    assert built.article("guide/").find("h1").text().rstrip("¶") == "Index"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_urls_are_compared_as_mkdocs_makes_them(directory_urls: bool) -> None:
    same = ["people/ada.md", "people/ada/index.md", "people/ada/README.md"] if directory_urls else \
        ["people/ada/index.md", "people/ada/README.md"]
    assert len({site_url(p, directory_urls) for p in same}) == 1
    assert site_url("people/ada.md", directory_urls) == ("people/ada/" if directory_urls else "people/ada.html")
    assert site_url("cop.json", directory_urls) == "cop.json" and site_url("a/x.MD", directory_urls) == "a/x.MD"


def test_planned_pages_are_pages_every_build_has(tmp_path: Path) -> None:
    from cop_site.assemble import assemble
    from cop_site.loading import Layout
    from cop_site.pages import Options
    from cop_site.urls import planned_pages

    repo = write_files(tmp_path / "repo", MINI)
    built = assemble(repo, Layout(), Options(docs_dir="content"), history=False)
    generated = {page.uri: page.source for page in built.pages}
    planned = planned_pages(built.site.community)
    assert planned.items() - {**generated, "practices/facilitation/diagram.png":
                              "practices/facilitation/diagram.png"}.items() == set()
    assert len(planned) > 15


# --- One line per message ------------------------------------------------------------------------------------------

INJECTED = "\n::error file=README.md,line=1::pwned\n::add-mask::x"


def test_no_contributor_text_can_start_a_line_of_a_log(tmp_path: Path, capsys) -> None:
    repo = write_files(tmp_path / "repo", {
        **MINI,
        "members/eve.yml": f"name: Eve\n{json.dumps('role' + INJECTED)}: x\nstatus: {json.dumps('x' + INJECTED)}\n",
        f"members/ca{INJECTED}.yml": "name: Ca\n",
        f"content/page{INJECTED}.md": "# Page\n",
        f"content/dir{INJECTED}/README.md": "# A\n",
        f"content/dir{INJECTED}/index.md": "# B\n",  # MkDocs itself warns that one excludes the other
        "content/front.md": f"---\ntemplate: {json.dumps('x' + INJECTED)}\n---\n\n# Front\n",
    })
    code, text = check(repo, capsys)
    problems = json.loads(check(repo, capsys, "--format", "json")[1])
    code_github, github = check(repo, capsys, "--format", "github")
    assert code == code_github == 1 and len(problems) >= 5
    assert [line for line in text.splitlines() if line.lstrip().startswith("::")] == []
    lines = github.splitlines()
    assert len(lines) == len(problems) + 1 and lines[-1].startswith("cop-site: ")  # the summary, on stderr
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines[:-1])
    assert any("pwned" in line for line in lines)  # the text is there, on its line

    build = mkdocs(repo)
    assert build.returncode == 0, build.stderr
    assert "pwned" in build.stderr
    assert [line for line in build.stderr.splitlines() if line.lstrip().startswith("::")] == []


def test_one_line_escapes_control_characters_once() -> None:
    assert one_line("a\nb\r\tc\x1b[31md\u2028e\x85") == "a\\nb\\r\\tc\\x1b[31md\\u2028e\\x85"
    assert one_line(one_line("a\n::error::")) == "a\\n::error::"
    problem = Problem("members/a\nb.yml", 1, 1, "code", "bad 'x\n::error::y'")
    assert str(problem) == "members/a\\nb.yml:1:1: error: bad 'x\\n::error::y' [code]"


# --- Privacy: git e-mail addresses ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def authored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """The mini community, committed by a member who published her address, a member who did not, an outsider,
    an author whose name is an address, and a subject that names one."""
    repo = tmp_path_factory.mktemp("authored") / "repo"
    commit_files(repo, MINI, when="2026-01-05T10:00:00Z")
    lean = "practices/facilitation/lean-coffee.md"
    commit_files(repo, {lean: MINI[lean] + "\nMore.\n"}, who="Bo Chen", email="bo.private@example.net",
                 when="2026-01-06T10:00:00Z")
    commit_files(repo, {lean: MINI[lean] + "\nMore and more.\n"}, who="Eve Outsider",
                 email="eve.secret@corp.example", when="2026-01-07T10:00:00Z")
    commit_files(repo, {lean: MINI[lean] + "\nEven more.\n"}, who="carol@home.example",
                 email="carol@home.example", when="2026-01-08T10:00:00Z",
                 message="Fix a typo dave@typo.example found")
    return repo, build_site(repo / "mkdocs.yml", strict=True)


def test_no_git_email_address_is_published_unless_a_member_published_it(authored: tuple[Path, Built]) -> None:
    repo, built = authored
    assert built.error is None, built.logs()
    files = site_files(built.site)
    for address in ("bo.private@example.net", "eve.secret@corp.example", "carol@home.example", "dave@typo.example",
                    "corp.example", "home.example", "typo.example"):
        assert [path for path, data in files.items() if address.encode() in data] == [], address
    assert "ada@example.org" in built.article("people/ada-okafor/").text()  # in her contact.email
    health = built.article("health/").text()
    assert "Eve Outsider" in health and "carol@…" in health and "Email" not in health
    assert "Fix a typo dave@… found" in built.article("changes/").text()
    contributors = built.article("practices/facilitation/lean-coffee/").text()
    assert "Eve Outsider" in contributors and "Bo Chen" in contributors


def test_maintainers_see_the_addresses_with_cop_site_authors(authored: tuple[Path, Built], capsys) -> None:
    repo, _ = authored
    assert main(["authors", str(repo)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["     1  Ada Okafor <ada@example.org>  ada-okafor",
                     "     1  Bo Chen <bo.private@example.net>  bo-chen",
                     "     1  carol@home.example <carol@home.example>  (not a member)",
                     "     1  Eve Outsider <eve.secret@corp.example>  (not a member)"]
    assert main(["authors", "--unmatched", "--format", "json", str(repo)]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"name": "carol@home.example", "email": "carol@home.example", "commits": 1, "member": None},
        {"name": "Eve Outsider", "email": "eve.secret@corp.example", "commits": 1, "member": None}]


# --- Front matter of hand-written pages --------------------------------------------------------------------------

BAD_FRONT = """\
---
title: About us
template: nowhere.html
icon: material/no-such-icon
hide: 5
search: yes
tags: [[nested]]
status: {a: 1}
---

# About

A hand-written page.
"""


def test_front_matter_the_theme_cannot_use_is_dropped_and_reported(tmp_path: Path, capsys) -> None:
    repo = write_files(tmp_path / "repo", {
        **MINI, "content/about.md": BAD_FRONT,
        "content/loop.md": "---\ntitle: &a [*a]\n---\n\n# Loop\n",
        "content/laughs.md": "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                             "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
                             "e: [*d, *d, *d, *d, *d, *d, *d, *d]\n---\n\n# Laughs\n",
        "content/plain.md": "template: nowhere.html\nicon: nope\n\n# Plain\n",  # MultiMarkdown-style meta
        "content/good.md": "---\ntemplate: main.html\nicon: material/home\nhide: [toc]\nsearch: {boost: 2}\n---\n\n# G\n",
        "content/broken.md": "---\ntitle: [unclosed\n---\n\n# Broken\n",
    })
    code, out = check(repo, capsys)
    assert code == 1
    for line in (
            "content/about.md:3:1: error: template 'nowhere.html' is not a page template of this site; the templates "
            "are: main.html (the page is published without it) [unknown-template]",
            "content/about.md:4:1: error: icon 'material/no-such-icon' is not an icon of the theme",
            "content/about.md:5:1: error: hide must be a list of: navigation, toc, footer, feedback, path, tags",
            "content/about.md:6:1: error: search must be a mapping",
            "content/about.md:7:1: error: tags must be a list of text",
            "content/about.md:8:1: error: status must be text",
            "content/loop.md:1:1: error: front matter holds more than 10,000 values",
            "content/laughs.md:1:1: error: front matter holds more than 10,000 values",
            "content/plain.md:1:1: error: template 'nowhere.html'", "content/plain.md:2:1: error: icon 'nope'",
            "content/broken.md:1:1: warning: front matter is not read"):
        assert any(found.startswith(line) for found in out.splitlines()), line
    assert "content/good.md" not in out

    built = build_site(repo / "mkdocs.yml", strict=False)
    assert built.error is None, built.logs()
    assert built.article("about/").find("h1").text().rstrip("¶") == "About"
    assert "<title>About us - Mini CoP</title>" in built.html("about/")
    for page in ("loop/", "laughs/", "plain/", "good/", "broken/"):
        assert built.file(page).is_file(), page
    assert "cop-site: content/about.md:3:1: error: template 'nowhere.html'" in "\n".join(built.logs())
    assert build_site(repo / "mkdocs.yml", strict=True).error is not None


def test_front_matter_is_read_as_mkdocs_reads_it() -> None:
    for text in ("---\ntitle: x\nlist: [1, 2]\n---\n\nBody\n", "title: x\nmore: y\n    continued\n\nBody\n",
                 "---\n- a list\n---\nBody\n", "---\ntitle: [\n---\n", "# Only a body\n", "---\n---\nx\n",
                 "Title: Upper\n\n# x\n", "---\ntitle: x\n...\nbody\n", "key:value\nother: 1\n"):
        body, data = get_data(text)
        front = read_front_matter(text)
        assert front.data == data, text
        assert front.body.lstrip("\n") == body or (front.unread and front.body == text), text


def test_templates_and_icons_are_looked_up_in_the_theme(tmp_path: Path) -> None:
    custom = write_files(tmp_path / "theme", {"home.html": "{% extends 'main.html' %}", "partials/x.html": "",
                                              ".icons/our/logo.svg": "<svg/>"})
    theme = Theme((custom, MATERIAL), custom)
    assert theme.has_template("main.html") and theme.has_template("home.html")
    assert not any(theme.has_template(name) for name in (
        "partials/x.html", "blog-post.html", "partials/header.html", "../theme/home.html", "/etc/passwd", ".icons/x"))
    assert theme.has_icon("material/home") and theme.has_icon("our/logo") and theme.has_icon("fontawesome/brands/github")
    assert not any(theme.has_icon(name) for name in ("material/nope", "../../etc/passwd", "material/../material/home",
                                                     ".hidden/x", ""))
    kept, found = check_meta({"template": "home.html", "icon": "our/logo", "title": "x"}, theme)
    assert kept == {"template": "home.html", "icon": "our/logo", "title": "x"} and found == []
    assert theme.templates() == ["main.html", "home.html"]
    kept, found = check_meta({"template": "hom.html", "title": "x"}, theme)
    assert kept == {"title": "x"} and found == [("template", "unknown-template", "template 'hom.html' is not a page "
                                                 "template of this site; did you mean 'home.html' or 'main.html'? "
                                                 "(the page is published without it)")]
    found = find_theme(tmp_path, {"theme": {"name": "material", "custom_dir": "theme"}})
    assert [d.resolve() for d in found.dirs[:2]] == [custom.resolve(), MATERIAL.resolve()] and found.known


# --- The scan on its own ---------------------------------------------------------------------------------------------

def test_the_scan_lists_what_may_be_published(tmp_path: Path) -> None:
    repo = write_files(tmp_path, {"content/index.md": "# Home\n", "content/a.png": b"x", "content/b.svg": "<svg/>",
                                  "content/.hidden.html": "x", "content/x.MD": "# y", "content/people/ada.md": "# A",
                                  "content/latin1.md": "caf\xe9".encode("latin-1")})
    scan = scan_docs(repo, "content", Theme((MATERIAL,)), DocsPolicy())
    assert scan.files == ["a.png", "index.md", "people/ada.md"]
    assert {(p.path, p.code) for p in scan.problems} == {("content/b.svg", "unsafe-file"),
                                                          ("content/x.MD", "unsafe-file"),
                                                          ("content/latin1.md", "encoding")}
    settle_urls(scan, {"people/ada.md": "members/ada.yml"}, DocsPolicy())
    assert scan.files == ["a.png", "index.md"] and scan.problems[-1].code == "url-collision"


# --- Every URL attribute is checked --------------------------------------------------------------------------------

@pytest.mark.parametrize("html, kept", [
    ('<img srcset="javascript:alert(1) 1x, ok.png 2x">', "<img>"),
    ('<img srcset="ok.png 1x, data:image/svg+xml;base64,PHN2Zz4= 2x">', "<img>"),
    ('<img srcset="ok.png 1x,  VBScript:x 2x">', "<img>"),
    ('<img srcset="a.png 1x, https://example.org/b.png 2x" src="a.png">',
     '<img srcset="a.png 1x, https://example.org/b.png 2x" src="a.png">'),
    ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', "<svg><a><text>x</text></a></svg>"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<svg><a>x</a></svg>"),
    ('<video poster="javascript:alert(1)"></video>', ""),
    ('<a href=" java\tscript:alert(1)">x</a>', "<a>x</a>"),
    ('<img src="data:image/png;base64,AAAA">', "<img>"),
    ('<a href="mailto:ada@example.org">m</a>', '<a href="mailto:ada@example.org">m</a>'),
])
def test_every_url_attribute_is_checked(html: str, kept: str) -> None:
    assert sanitize_html(html) == kept


def test_srcset_candidates_are_split_as_browsers_split_them() -> None:
    assert srcset_urls("a.png 1x, b.png 2x") == ["a.png", "b.png"]
    assert srcset_urls("data:image/png;base64,AA, b.png 2x") == ["data:image/png;base64,AA", "b.png"]
    assert srcset_urls("a.png (x, y) 1x,b.png") == ["a.png", "b.png"]
    assert srcset_urls("a.png,, ,b.png") == ["a.png", "b.png"]
