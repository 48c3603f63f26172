"""Scaffolding: `cop-site new member|practice|domain|term` and `cop-site init`, checked and built for real.

Every scaffolded file must pass `cop-site check`; `init` must make a repository that builds with
`mkdocs build --strict` as it is. To see a failing one by hand:
``cop-site init /tmp/x && cd /tmp/x && NO_MKDOCS_2_WARNING=1 mkdocs build --strict``.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cop_site.cli import main
from cop_site.codeowners import CODEOWNERS
from cop_site.loading import load_community
from cop_site.scaffold import (COMMENTS_PARTIAL, GITHUB_FILES, INIT_FILES, InitOptions, ScaffoldError, init_repository,
                               name_to_id, render, scaffold_paths, yaml_value)
from cop_site.strictyaml import parse_yaml
from site_helpers import build_site, parse_html

REPO_ROOT = Path(__file__).resolve().parents[1]

BASE = {
    "members/ada-okafor.yml": "name: Ada Okafor\nexpertise: {facilitation: expert}\ncontact: {github: adaokafor}\n",
    "practices/facilitation/domain.yml": "title: Facilitation\nsummary: Running sessions.\nstewards: [ada-okafor]\n",
    "practices/facilitation/lean-coffee.md": "---\ntitle: Lean coffee\nsummary: Agenda-less.\nstewards: [ada-okafor]\n"
                                             "---\nBody.\n",
    "practices/facilitation/glossary.yml": "- term: Lean coffee\n  definition: A meeting.\n  aliases: [LC]",
}
"""A small clean repository; its glossary has no final newline, on purpose."""


@pytest.fixture
def repo(tmp_path: Path, make_repo) -> Path:
    return make_repo(tmp_path / "repo", BASE)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`cop-site check --strict` on a repository: its exit status and its lines (the summary last)."""
    code = main(["check", "--strict", str(root)])
    return code, capsys.readouterr().out.splitlines()


def git(repo: Path, *args: str, when: str = "2026-03-01T12:00:00Z") -> str:
    """Run git in a test repository with a fixed identity and date, whatever machine runs the tests."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Ada Okafor", "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": "Ada Okafor", "GIT_COMMITTER_EMAIL": "ada@example.org", "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


# --- YAML values ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["Ada Okafor", "yes", "No", "null", "~", "True", "2026-01-31", "123", "1e3",
                                   "a: b", "#hash", "a #b", "@ada", "Lagos, Nigeria", "it's", "-x", "x ", " x", "",
                                   "[x]", "{x}", "line\nbreak", "tab\there", '"quoted"', "back\\slash", "Åsa Öberg",
                                   "日本語", "x\u2028y"])
def test_a_value_reads_back_as_written_alone_and_in_a_list(value: str) -> None:
    doc = parse_yaml(f"key: {yaml_value(value)}  # a note\nlist: [{yaml_value(value)}, {yaml_value(value)}]\n",
                     "x.yml")
    assert doc.problems == [] and doc.data == {"key": value, "list": [value, value]}


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))  # control characters are no text
def test_any_text_reads_back_as_written(value: str) -> None:
    doc = parse_yaml(f"key: {yaml_value(value)}\nlist: [{yaml_value(value)}]\n", "x.yml")
    assert doc.problems == [] and doc.data == {"key": value, "list": [value]}


def test_plain_words_stay_unquoted() -> None:
    assert [yaml_value(v) for v in ("Ada Okafor", "ada@example.org", "Ada O.", "she/her")] == [
        "Ada Okafor", "ada@example.org", "Ada O.", "she/her"]
    assert yaml_value(["a b", "c, d"]) == '[a b, "c, d"]'
    assert yaml_value({"label": "Blog", "url": "https://x.org"}) == '{label: Blog, url: "https://x.org"}'


def test_names_become_ids_without_losing_accented_letters() -> None:
    assert [name_to_id(n) for n in ("Åsa Öberg", "Liam O'Connor", "Zoë  Smith-Jones")] == [
        "asa-oberg", "liam-o-connor", "zoe-smith-jones"]


# --- cop-site new -------------------------------------------------------------------------------------------

def test_a_member_with_only_a_name_is_a_commented_profile(repo, capsys) -> None:
    assert run(capsys, "new", "member", "bo-chen", "--name", "Bo Chen", "--path", str(repo)) == (
        0, "cop-site: wrote members/bo-chen.yml\n", "")
    assert (repo / "members/bo-chen.yml").read_text(encoding="utf-8") == """\
# A member profile. The file name is the member's id: practices and domains name their stewards by it.
# Only `name` is required; share what you are comfortable sharing. To fill in a field, remove its "# ".
name: Bo Chen                    # required: your name as you like it shown
# role: Platform engineer        # what you do, in a few words
# pronouns: she/her
# organization: Northwind
# location: "Lagos, Nigeria"
# timezone: Africa/Lagos         # IANA name, so others can find a time to meet
# joined: "2026-01-31"           # the day you joined, YYYY-MM-DD
# status: active                 # active | alumni (alumni keep their page)
# bio: "One to three sentences: what you do and what you care about."  # Markdown
# expertise:                     # domain id -> learning | practitioner | expert
#   facilitation: practitioner
# topics: [retrospectives, remote workshops]  # ask me about
# learning: [facilitation]       # domains or topics you want to learn
# mentor: true                   # open to mentoring newcomers
# contact:                       # github: you are asked to review changes to what you steward
#   email: ada@example.org
#   chat: "@ada"
#   github: adaokafor            # your GitHub user name
#   gitlab: adaokafor
#   mastodon: "@ada@example.social"
#   website: "https://example.org/ada"
# links: [{label: Blog, url: "https://example.org/ada"}]  # https: or mailto: only
# aliases: [Ada O., ada@old.example.org]  # other names and emails you commit as
"""
    assert check(repo, capsys) == (0, ["cop-site: 0 errors, 0 warnings (2 members, 1 practice, 1 domain, 1 term)"])


def test_every_commented_line_of_a_new_member_is_valid_once_uncommented(repo, capsys) -> None:
    main(["new", "member", "bo-chen", "--name", "Bo Chen", "--path", str(repo)])
    path = repo / "members/bo-chen.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line[2:] if line.startswith("# ") and ":" in line.split("#")[1] and
                              not line.startswith("# A ") and not line.startswith("# Only") else line
                              for line in lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    code, lines = check(repo, capsys)
    # The examples are Ada's own: her GitHub handle, taken here by the real Ada, is the one thing another member
    # may not copy.
    assert (code, lines[-1]) == (1, "cop-site: 1 error, 0 warnings (2 members, 1 practice, 1 domain, 1 term)"), lines
    assert lines[0].startswith("members/bo-chen.yml:20:11: error: GitHub handle '@adaokafor' is also the GitHub "
                               "handle of ada-okafor (members/ada-okafor.yml)") and "[identity-claimed]" in lines[0]


def test_every_member_field_has_a_flag_and_reads_back(repo, capsys) -> None:
    code, out, err = run(
        capsys, "new", "member", "bo-chen", "--path", str(repo), "--name", "Bo Chen", "--role", "Librarian: wikis",
        "--pronouns", "he/him", "--organization", "Northwind", "--location", "Oslo, Norway", "--timezone",
        "Europe/Oslo", "--joined", "2026-01-31", "--status", "active", "--bio", "Keeps *the* wiki tidy.",
        "--expertise", "facilitation=practitioner", "--topic", "wikis, search", "--topic", "taxonomy",
        "--learning", "facilitation", "--mentor", "--email", "bo@example.org", "--chat", "@bo", "--github", "bochen",
        "--gitlab", "bo", "--mastodon", "@bo@example.social", "--website", "https://example.org/bo",
        "--link", "Blog=https://example.org/bo/blog", "--alias", "B. Chen", "--alias", "bo@old.example.org")
    assert (code, err) == (0, ""), err
    bo = load_community(repo)[0].members["bo-chen"]
    assert (bo.name, bo.role, bo.pronouns, bo.organization, bo.location, bo.timezone, bo.joined, bo.status, bo.bio) == (
        "Bo Chen", "Librarian: wikis", "he/him", "Northwind", "Oslo, Norway", "Europe/Oslo", "2026-01-31", "active",
        "Keeps *the* wiki tidy.")
    assert dict(bo.expertise) == {"facilitation": "practitioner"}
    assert (bo.topics, bo.learning, bo.mentor, bo.aliases) == (
        ("wikis", "search", "taxonomy"), ("facilitation",), True, ("B. Chen", "bo@old.example.org"))
    assert dict(bo.contact) == {"email": "bo@example.org", "chat": "@bo", "github": "bochen", "gitlab": "bo",
                                "mastodon": "@bo@example.social", "website": "https://example.org/bo"}
    assert [(link.label, link.url) for link in bo.links] == [("Blog", "https://example.org/bo/blog")]
    assert check(repo, capsys)[0] == 0


def test_every_practice_field_has_a_flag_and_the_page_has_an_outline(repo, capsys, make_repo) -> None:
    make_repo(repo, {"practices/knowledge-sharing/domain.yml": "title: KS\nsummary: Notes.\nstewards: [ada-okafor]\n"})
    code, out, err = run(
        capsys, "new", "practice", "facilitation/fishbowl", "--path", str(repo), "--title", "Fishbowl: inner circle",
        "--summary", "A few talk, the rest listen.", "--steward", "ada-okafor", "--domain", "knowledge-sharing",
        "--status", "active", "--level", "practitioner", "--tag", "meetings", "--tag", "large groups",
        "--related", "lean-coffee", "--review-every", "90", "--reviewed", "2026-02-01")
    assert (code, out, err) == (0, "cop-site: wrote practices/facilitation/fishbowl.md\n", "")
    fishbowl = load_community(repo)[0].practices["facilitation/fishbowl"]
    assert (fishbowl.title, fishbowl.summary, fishbowl.stewards, fishbowl.domains, fishbowl.status, fishbowl.level,
            fishbowl.tags, fishbowl.related, fishbowl.review_every, fishbowl.reviewed) == (
        "Fishbowl: inner circle", "A few talk, the rest listen.", ("ada-okafor",), ("knowledge-sharing",), "active",
        "practitioner", ("meetings", "large groups"), ("lean-coffee",), 90, "2026-02-01")
    assert "\n## How to do it\n" in fishbowl.body and "\n## Pitfalls\n" in fishbowl.body
    assert check(repo, capsys) == (0, ["cop-site: 0 errors, 0 warnings (1 member, 2 practices, 2 domains, 1 term)"])


def test_a_new_practice_is_a_draft_until_said_otherwise(repo, capsys) -> None:
    main(["new", "practice", "facilitation/fishbowl", "--path", str(repo), "--summary", "S.", "--steward",
          "ada-okafor"])
    practice = load_community(repo)[0].practices["facilitation/fishbowl"]
    assert (practice.title, practice.status) == ("Fishbowl", "draft")


def test_a_new_domain_passes_check_and_is_only_warned_about_having_no_practices_yet(repo, capsys) -> None:
    code, out, err = run(capsys, "new", "domain", "platforms", "--path", str(repo), "--title", "Platforms",
                         "--summary", "Tools we live on.", "--steward", "ada-okafor")
    assert (code, err) == (0, "")
    assert out == ("cop-site: wrote practices/platforms/domain.yml\n"
                   "practices/platforms/domain.yml:2:1: warning: domain 'platforms' has no practices yet; add one, "
                   "or remove the folder [empty-domain]\n")
    assert load_community(repo)[0].domains["platforms"].stewards == ("ada-okafor",)
    assert main(["check", str(repo)]) == 0


def test_a_term_is_appended_to_the_glossary_leaving_what_was_there(repo, capsys) -> None:
    before = (repo / "practices/facilitation/glossary.yml").read_text(encoding="utf-8")
    code, out, err = run(capsys, "new", "term", "facilitation", "Fishbowl", "--path", str(repo), "--definition",
                         "A *circle* inside a circle.", "--alias", "fish bowl", "--see", "lean-coffee")
    assert (code, out, err) == (0, "cop-site: wrote practices/facilitation/glossary.yml\n", "")
    after = (repo / "practices/facilitation/glossary.yml").read_text(encoding="utf-8")
    assert after == before + """
- term: Fishbowl
  definition: "A *circle* inside a circle."  # inline Markdown
  aliases: [fish bowl]           # other spellings, linked too
  see: [lean-coffee]             # practices that explain it: <domain>/<id> or <id>
"""
    terms = load_community(repo)[0].terms
    assert [(t.term, t.definition, t.aliases, t.see) for t in terms][1] == (
        "Fishbowl", "A *circle* inside a circle.", ("fish bowl",), ("lean-coffee",))
    assert check(repo, capsys)[0] == 0


def test_a_domain_without_a_glossary_gets_one(repo, capsys, make_repo) -> None:
    make_repo(repo, {"practices/platforms/domain.yml": "title: P\nsummary: S.\nstewards: [ada-okafor]\n"})
    assert main(["new", "term", "platforms", "Chat ops", "--path", str(repo), "--definition", "Work in chat."]) == 0
    text = (repo / "practices/platforms/glossary.yml").read_text(encoding="utf-8")
    assert text.startswith("# This domain's terms.") and "- term: Chat ops\n" in text
    assert [t.term for t in load_community(repo)[0].terms if t.domain == "platforms"] == ["Chat ops"]


@pytest.mark.parametrize("args, existing", [
    (["member", "ada-okafor", "--name", "Ada Again"], "members/ada-okafor.yml"),
    (["practice", "facilitation/lean-coffee", "--summary", "S.", "--steward", "ada-okafor"],
     "practices/facilitation/lean-coffee.md"),
    (["domain", "facilitation", "--summary", "S."], "practices/facilitation/domain.yml"),
])
def test_new_refuses_to_overwrite_a_file(repo, capsys, args, existing) -> None:
    before = (repo / existing).read_bytes()
    code, out, err = run(capsys, "new", *args, "--path", str(repo))
    assert (code, out) == (2, "")
    assert err == f"cop-site: error: {existing} already exists; edit it, or choose another id (nothing was written)\n"
    assert (repo / existing).read_bytes() == before


@pytest.mark.parametrize("words", ["Lean coffee", "lean  COFFEE", "lc"])
def test_a_term_the_glossary_already_has_is_refused(repo, capsys, words) -> None:
    before = (repo / "practices/facilitation/glossary.yml").read_bytes()
    code, _, err = run(capsys, "new", "term", "facilitation", words, "--path", str(repo), "--definition", "D.")
    assert code == 2 and "is already in practices/facilitation/glossary.yml" in err
    assert (repo / "practices/facilitation/glossary.yml").read_bytes() == before


def test_a_file_that_would_not_pass_check_is_not_written(repo, capsys) -> None:
    code, out, err = run(capsys, "new", "practice", "facilitation/fishbowl", "--path", str(repo), "--summary", "S.",
                         "--steward", "ada-okafr")
    assert (code, out) == (2, "")
    assert err == ("cop-site: error: nothing was written: practices/facilitation/fishbowl.md would not pass "
                   "`cop-site check`:\n  practices/facilitation/fishbowl.md:4:12: error: unknown member 'ada-okafr' "
                   "in stewards; did you mean 'ada-okafor'? [unknown-member]\n")
    assert not (repo / "practices/facilitation/fishbowl.md").exists()
    before = (repo / "practices/facilitation/glossary.yml").read_bytes()
    assert main(["new", "term", "facilitation", "Fishbowl", "--path", str(repo), "--definition", "D.", "--see",
                 "fishbowl"]) == 2
    assert (repo / "practices/facilitation/glossary.yml").read_bytes() == before
    assert main(["new", "member", "bo-chen", "--path", str(repo), "--name", "Bo", "--expertise", "gardening=expert"]) == 2
    assert main(["new", "member", "bo-chen", "--path", str(repo), "--name", "Bo", "--email", "not-an-email"]) == 2
    assert not (repo / "members/bo-chen.yml").exists()
    assert "contact.email is 'not-an-email'; it must be an email address" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["member", "Bo Chen", "--name", "Bo"], "member id 'Bo Chen' must be a lowercase slug of letters, digits and "
                                            "dashes; for example 'bo-chen'"),
    (["practice", "fishbowl", "--summary", "S.", "--steward", "ada-okafor"],
     "name the practice as <domain>/<id>, such as 'facilitation/fishbowl'"),
    (["practice", "facilitaton/fishbowl", "--summary", "S.", "--steward", "ada-okafor"],
     "there is no domain 'facilitaton' (practices/facilitaton/); did you mean 'facilitation'?; create it first "
     "with `cop-site new domain facilitaton`"),
    (["member", "bo-chen"], "a member needs a name: give --name, or run this in a terminal to be asked"),
    (["practice", "facilitation/fishbowl", "--steward", "ada-okafor"],
     "a practice needs a summary (--summary): one sentence on what it is for"),
    (["practice", "facilitation/fishbowl", "--summary", "S."],
     "a practice needs at least one steward (--steward MEMBER-ID): who keeps it current"),
    (["domain", "platforms"], "a domain needs a summary (--summary): one sentence on what its practices are about"),
    (["term", "facilitation", "Fishbowl"], "a term needs a definition (--definition): one or two sentences, "
                                           "inline Markdown"),
    (["member", "bo-chen", "--name", "Bo", "--link", "https://example.org"],
     "--link 'https://example.org' must be written LABEL=URL, such as 'Blog=https://example.org'"),
])
def test_what_cannot_be_written_is_a_usage_error_that_says_what_to_do(repo, capsys, args, message) -> None:
    before = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*"))
    assert run(capsys, "new", *args, "--path", str(repo)) == (2, "", f"cop-site: error: {message}\n")
    assert sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*")) == before


def test_new_outside_a_cop_repository_is_a_usage_error(tmp_path, capsys) -> None:
    code, _, err = run(capsys, "new", "member", "ada", "--name", "Ada", "--path", str(tmp_path))
    assert code == 2 and "is it a CoP repository?" in err


class Terminal(io.StringIO):
    """Standard input that says it is a terminal, with the answers a person would type."""

    def isatty(self) -> bool:
        return True


def test_in_a_terminal_new_asks_for_what_the_flags_left_out(repo, capsys, monkeypatch) -> None:
    # Title (Enter keeps the default), summary, stewards, level.
    monkeypatch.setattr(sys, "stdin", Terminal("\nA few talk, the rest listen.\nada-okafor\nexpert\n"))
    code, out, err = run(capsys, "new", "practice", "facilitation/fishbowl", "--path", str(repo))
    assert (code, out) == (0, "cop-site: wrote practices/facilitation/fishbowl.md\n")
    assert err == ("Title [Fishbowl]: Summary: one sentence on what it is for: Stewards: member ids, comma-separated: "
                   "Written for: newcomer, practitioner or expert: ")
    fishbowl = load_community(repo)[0].practices["facilitation/fishbowl"]
    assert (fishbowl.title, fishbowl.summary, fishbowl.stewards, fishbowl.level) == (
        "Fishbowl", "A few talk, the rest listen.", ("ada-okafor",), "expert")


def test_in_a_terminal_a_required_answer_is_asked_again(repo, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal("\n\nCommon words.\n\n\n"))
    assert main(["new", "term", "facilitation", "Jargon", "--path", str(repo)]) == 0
    assert capsys.readouterr().err.count("Definition: one or two sentences: ") == 3
    assert [t.definition for t in load_community(repo)[0].terms if t.term == "Jargon"] == ["Common words."]


def test_a_real_terminal_is_asked_too(repo) -> None:
    master, slave = os.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "cop_site.cli", "new", "member", "bo-chen", "--path",
                                    str(repo)], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        os.close(slave)
        os.write(master, b"\nLibrarian\nbochen\n\nfacilitation=practitioner\nwikis, search\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(master)
    assert (process.returncode, out) == (0, "cop-site: wrote members/bo-chen.yml\n"), err
    assert err.startswith("Name, as you would like it shown [Bo Chen]: Role")
    bo = load_community(repo)[0].members["bo-chen"]
    assert (bo.name, bo.role, bo.contact.get("github"), dict(bo.expertise), bo.topics) == (
        "Bo Chen", "Librarian", "bochen", {"facilitation": "practitioner"}, ("wikis", "search"))


def test_without_a_terminal_nothing_is_asked(repo, capsys) -> None:
    process = subprocess.run([sys.executable, "-m", "cop_site.cli", "new", "member", "bo-chen", "--path", str(repo)],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert (process.returncode, process.stdout) == (2, "")
    assert process.stderr == "cop-site: error: a member needs a name: give --name, or run this in a terminal to be asked\n"


# --- cop-site init ------------------------------------------------------------------------------------------

INIT_PATHS = [
    ".github/CODEOWNERS", ".github/dependabot.yml", ".github/pull_request_template.md", ".github/workflows/check.yml",
    ".github/workflows/digest.yml", ".github/workflows/publish.yml", ".gitignore", "README.md", "content/contributing.md", "content/index.md",
    "members/ada-okafor.yml", "mkdocs.yml", "practices/ways-of-working/domain.yml",
    "practices/ways-of-working/glossary.yml", "practices/ways-of-working/writing-a-practice.md", "requirements.txt",
    "theme/partials/comments.html"]


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository made by `cop-site init`, committed with real git; tests only read it."""
    root = tmp_path_factory.mktemp("init") / "our-cop"
    assert main(["init", str(root), "--site-name", "Our CoP", "--repo", "our-org/our-cop", "--name", "Ada Okafor",
                 "--github", "adaokafor", "--email", "ada@example.org"]) == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "A new community of practice")
    return root


@pytest.fixture(scope="module")
def built(initialised: Path, tmp_path_factory: pytest.TempPathFactory):
    result = build_site(initialised / "mkdocs.yml", site_dir=tmp_path_factory.mktemp("site"))
    assert result.error is None, "\n".join(result.logs(0))
    return result


def test_init_writes_a_whole_repository(initialised) -> None:
    files = sorted(p.relative_to(initialised).as_posix() for p in initialised.rglob("*")
                   if p.is_file() and ".git" not in p.relative_to(initialised).parts)
    assert files == INIT_PATHS


def test_an_initialised_repository_passes_check_without_a_warning(initialised, capsys) -> None:
    assert check(initialised, capsys) == (0, ["cop-site: 0 errors, 0 warnings (1 member, 1 practice, 1 domain, 2 terms)"])


def test_an_initialised_repository_builds_strictly_with_its_history(built) -> None:
    assert [line for line in built.logs(30)] == []
    assert "cop-site: 1 member, 1 practice, 1 domain, 2 terms published" in built.logs(20)
    assert not any("not in a git repository" in line for line in built.logs(20))
    practice = built.doc("practices/ways-of-working/writing-a-practice/")
    article = practice.find("article", cls="md-content__inner")
    text = article.text()
    assert "Write a practice page" in text and "Created 2026-03-01" in text.replace("**", "")
    assert "Ask a steward: Ada Okafor (ada@example.org)" in text
    assert article.find("a", href="mailto:ada@example.org") is not None
    assert "Ada Okafor" in built.article("people/ada-okafor/").text()
    assert "Our CoP" in built.article("").text()


def test_an_initialised_repository_is_published_where_github_pages_serves_it(initialised, built) -> None:
    mkdocs_yml = (initialised / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_url: "https://our-org.github.io/our-cop/"' in mkdocs_yml
    assert 'repo_url: "https://github.com/our-org/our-cop"' in mkdocs_yml
    assert "plugins:\n  - search\n  - cop-site:\n      maintainers: [\"@adaokafor\"]" in mkdocs_yml
    assert "  name: material\n" in mkdocs_yml
    assert "https://our-org.github.io/our-cop/practices/ways-of-working/writing-a-practice/" in (
        built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert ("# yaml-language-server: $schema=https://our-org.github.io/our-cop/schemas/member.schema.json"
            in (initialised / "members/ada-okafor.yml").read_text(encoding="utf-8"))


def test_an_initialised_repository_has_its_codeowners_up_to_date(initialised, capsys) -> None:
    # The first member maintains the site from day one: its own files are theirs to review.
    text = (initialised / CODEOWNERS).read_text(encoding="utf-8")
    assert "/practices/ways-of-working/writing-a-practice.md @adaokafor" in text
    for pattern in ("/mkdocs.yml", "/theme/", "/.github/", "/content/", "/.mailmap", "/requirements*.txt"):
        assert f"\n{pattern} @adaokafor\n" in text
    assert main(["codeowners", "--check", str(initialised)]) == 0


def test_init_without_any_option_builds_too(tmp_path, capsys) -> None:
    root = tmp_path / "x"
    code, out, err = run(capsys, "init", str(root))
    assert (code, err) == (0, "")
    assert out.startswith(f"cop-site: created a community of practice in {root} (17 files). Next:\n")
    assert (root / "members/first-steward.yml").is_file()
    assert check(root, capsys) == (0, ["cop-site: 0 errors, 0 warnings (1 member, 1 practice, 1 domain, 2 terms)"])
    result = build_site(root / "mkdocs.yml")
    assert result.error is None and result.logs(30) == [], result.logs(20)


def test_init_refuses_a_folder_with_any_of_its_files_and_writes_nothing(tmp_path, capsys, make_repo) -> None:
    make_repo(tmp_path, {"mkdocs.yml": "site_name: Mine\n", "README.md": "Mine\n", "LICENSE": "MIT\n"})
    code, out, err = run(capsys, "init", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"cop-site: error: {tmp_path} already has README.md, mkdocs.yml; choose an empty folder or move "
                   "those files away (nothing was written)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LICENSE", "README.md", "mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Mine\n"


def test_init_into_a_fresh_clone_keeps_what_is_there(tmp_path, capsys, make_repo) -> None:
    make_repo(tmp_path, {"LICENSE": "MIT\n"})
    git(tmp_path, "init", "-q", "-b", "main")
    assert main(["init", str(tmp_path), "--domain", "data-engineering"]) == 0
    assert (tmp_path / "LICENSE").read_text() == "MIT\n"
    domain = load_community(tmp_path)[0].domains["data-engineering"]
    assert (domain.title, domain.summary) == (
        "Data engineering", "What this community knows about data engineering: its practices, its words and the "
        "people to ask.")
    assert (tmp_path / "practices/data-engineering/writing-a-practice.md").is_file()


def test_a_failed_init_leaves_nothing_behind(tmp_path) -> None:
    with pytest.raises(ScaffoldError, match="must be a lowercase slug"):
        init_repository(tmp_path / "x", InitOptions(domain_id="Data Engineering"))
    with pytest.raises(ScaffoldError, match="would not pass `cop-site check`"):
        init_repository(tmp_path / "x", InitOptions(github="not a handle"))
    assert not (tmp_path / "x").exists()
    (tmp_path / "y").mkdir()
    with pytest.raises(ScaffoldError, match="unknown-member|would not pass"):
        init_repository(tmp_path / "y", InitOptions(email="nope"))
    assert list((tmp_path / "y").iterdir()) == []


def test_init_in_a_terminal_asks_for_the_site_and_its_first_member(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal("Data Guild\nÅsa Öberg\nasa-o\ndata-guild/cop\n"))
    assert main(["init", str(tmp_path / "x")]) == 0
    root = tmp_path / "x"
    assert 'site_name: Data Guild\n' in (root / "mkdocs.yml").read_text(encoding="utf-8")
    asa = load_community(root)[0].members["asa-oberg"]
    assert (asa.name, asa.contact.get("github")) == ("Åsa Öberg", "asa-o")


def test_init_names_cop_site_in_requirements_as_asked(tmp_path) -> None:
    spec = "cop-site @ git+https://github.com/example/cop-site@0123456789abcdef0123456789abcdef01234567"
    assert main(["init", str(tmp_path / "x"), "--requirement", spec]) == 0
    assert (tmp_path / "x/requirements.txt").read_text().splitlines()[-1] == spec


# --- Discussion ---------------------------------------------------------------------------------------------

GISCUS = """
extra:
  giscus:
    repo: our-org/our-cop
    repo_id: R_kgDOtest
    category: Practices
    category_id: DIC_kwDOtest
"""


def test_comments_are_off_until_giscus_is_configured(built) -> None:
    for url in ("", "practices/ways-of-working/writing-a-practice/", "people/ada-okafor/"):
        assert "giscus" not in built.html(url)


def test_with_giscus_configured_practice_pages_and_only_they_get_a_discussion(tmp_path, capsys) -> None:
    root = tmp_path / "x"
    main(["init", str(root), "--site-name", "Our <CoP>"])
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write(GISCUS)
    result = build_site(root / "mkdocs.yml")
    assert result.error is None, result.logs(20)
    page = parse_html(result.html("practices/ways-of-working/writing-a-practice/"))
    script = page.find("script", src="https://giscus.app/client.js")
    assert script is not None
    assert {k: v for k, v in script.attrs.items() if k.startswith("data-")} == {
        "data-repo": "our-org/our-cop", "data-repo-id": "R_kgDOtest", "data-category": "Practices",
        "data-category-id": "DIC_kwDOtest", "data-mapping": "pathname", "data-strict": "0",
        "data-reactions-enabled": "1", "data-emit-metadata": "0", "data-input-position": "top",
        "data-theme": "preferred_color_scheme", "data-lang": "en", "data-loading": "lazy"}
    assert page.find("h2", id="__comments") is not None
    for url in ("", "practices/", "people/first-steward/", "domains/ways-of-working/", "glossary/"):
        assert "giscus.app" not in result.html(url), url


def test_this_repositorys_theme_has_the_same_discussion_partial_init_writes() -> None:
    assert (REPO_ROOT / "theme/partials/comments.html").read_text(encoding="utf-8") == render(COMMENTS_PARTIAL)


# --- Packaging ----------------------------------------------------------------------------------------------

def test_every_scaffold_template_is_used() -> None:
    used = {*GITHUB_FILES, *INIT_FILES, "init/first-practice.md", "new/member.yml", "new/practice.md",
            "new/domain.yml", "new/glossary.yml", "new/term.yml"}
    assert set(scaffold_paths()) == used


def test_package_data_ships_every_file_the_package_reads() -> None:
    # setuptools' globs skip names that start with a dot, so no template may have one.
    patterns = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    package = REPO_ROOT / "cop_site"
    shipped = {p for pattern in patterns["cop_site"] for p in package.glob(pattern) if p.is_file()}
    needed = {p for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
              and "__pycache__" not in p.parts}
    assert needed - shipped == set()
    assert not [p for p in needed if any(part.startswith(".") for part in p.relative_to(package).parts)]
