"""`cop-site codeowners`: .github/CODEOWNERS from the stewards, and the `check` warning while it is out of date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cop_site.cli import main
from cop_site.codeowners import CODEOWNERS, HEADER, generate_codeowners, site_maintainers
from cop_site.loading import load_community
from cop_site.settings import read_settings

REPO_ROOT = Path(__file__).resolve().parents[1]

COMMUNITY = {
    "members/ada-okafor.yml": "name: Ada Okafor\ncontact: {github: adaokafor}\n",
    "members/bo-chen.yml": "name: Bo Chen\ncontact: {email: bo@example.org, github: BoChen}\n",
    "members/cy-oldham.yml": "name: Cy Oldham\nstatus: alumni\ncontact: {github: cyold}\n",
    "members/dee-newman.yml": "name: Dee Newman\ncontact: {email: dee@example.org}\n",
    "practices/facilitation/domain.yml": "title: Facilitation\nsummary: Sessions.\nstewards: [ada-okafor, dee-newman]\n",
    "practices/facilitation/lean-coffee.md":
        "---\ntitle: Lean coffee\nsummary: S.\nstewards: [bo-chen, ada-okafor, cy-oldham, bo-chen]\n---\n",
    "practices/facilitation/retrospective.md": "---\ntitle: Retro\nsummary: S.\nstewards: [dee-newman]\n---\n",
    "practices/facilitation/Open Space.md": "---\ntitle: Open space\nsummary: S.\nstewards: [ada-okafor]\n---\n",
    "practices/knowledge-sharing/domain.yml": "title: Knowledge sharing\nsummary: Notes.\nstewards: [dee-newman]\n",
    "practices/knowledge-sharing/harvest.md": "---\ntitle: Harvest\nsummary: S.\nstewards: [bo-chen, zed]\n---\n",
}

CLEAN = {**{k: v for k, v in COMMUNITY.items() if "Open Space" not in k},
         "practices/knowledge-sharing/harvest.md": "---\ntitle: Harvest\nsummary: S.\nstewards: [bo-chen]\n---\n"}
"""The same without content errors (an invalid file name, an unknown steward), for the tests that run `check`."""

EXPECTED = HEADER + """
# Member profiles: each member reviews their own.
/members/ada-okafor.yml @adaokafor
/members/bo-chen.yml @BoChen
/members/cy-oldham.yml @cyold

# Domains: the domain's stewards review its folder (domain.yml, glossary.yml, practices).
/practices/facilitation/ @adaokafor

# Practices: the practice's stewards; these lines come last, so they win over the folder's.
/practices/facilitation/Open\\ Space.md @adaokafor
/practices/facilitation/lean-coffee.md @BoChen @adaokafor
/practices/knowledge-sharing/harvest.md @BoChen
"""


def generate(root: Path):
    community, _ = load_community(root)
    return generate_codeowners(community, site_maintainers(root, read_settings(root)))


def test_practices_domains_and_profiles_go_to_their_stewards_github_handles(tmp_path, make_repo) -> None:
    # Alumni and unknown stewards are not asked; a handle is named once; a space in a path is escaped;
    # a practice whose stewards cannot be asked has no line, so its domain folder's line applies.
    make_repo(tmp_path, COMMUNITY)
    assert generate(tmp_path).text == EXPECTED


def test_members_without_a_github_handle_are_skipped_with_a_note(tmp_path, make_repo) -> None:
    make_repo(tmp_path, COMMUNITY)
    assert generate(tmp_path).notes == (
        "members/dee-newman.yml: dee-newman has no GitHub handle, so is not asked to review their profile, "
        "domain 'facilitation' and 2 more; add `contact: {github: NAME}` to the profile",
        "no maintainers: nobody is asked to review mkdocs.yml, the theme, the workflows, .mailmap or the "
        "hand-written pages; set `maintainers: [\"@org/team\"]` in the cop-site options of mkdocs.yml",
        "practices/facilitation/retrospective.md: no active steward has a GitHub handle; "
        "the stewards of domain 'facilitation' review it",
        "practices/knowledge-sharing/: no active steward of domain 'knowledge-sharing' has a GitHub handle; "
        "nobody is asked to review changes to it",
    )


def test_the_output_does_not_depend_on_the_order_files_are_read_in(tmp_path, make_repo) -> None:
    make_repo(tmp_path / "a", COMMUNITY)
    make_repo(tmp_path / "b", dict(reversed(list(COMMUNITY.items()))))
    assert generate(tmp_path / "a") == generate(tmp_path / "b")


def test_the_command_writes_the_file_and_check_then_has_nothing_to_say(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, CLEAN)
    assert main(["codeowners", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "cop-site: wrote .github/CODEOWNERS (6 rules)\n"
    assert "cop-site: note: members/dee-newman.yml: dee-newman has no GitHub handle" in err
    assert (tmp_path / CODEOWNERS).read_text(encoding="utf-8") == EXPECTED.replace(
        "/practices/facilitation/Open\\ Space.md @adaokafor\n", "")
    assert main(["check", str(tmp_path)]) == 0
    out, _ = capsys.readouterr()
    assert "codeowners" not in out


def test_check_warns_while_the_committed_file_is_out_of_date(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, CLEAN)
    main(["codeowners", str(tmp_path)])
    make_repo(tmp_path, {"practices/knowledge-sharing/harvest.md":
                         "---\ntitle: Harvest\nsummary: S.\nstewards: [ada-okafor]\n---\n"})
    capsys.readouterr()
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        ".github/CODEOWNERS:18:1: warning: CODEOWNERS no longer matches the stewards and maintainers (line 18 is "
        "'/practices/knowledge-sharing/harvest.md @BoChen', where '/practices/knowledge-sharing/harvest.md @adaokafor' "
        "is generated); run `cop-site codeowners` and commit the result [codeowners-outdated]",
        "cop-site: 0 errors, 1 warning (4 members, 3 practices, 2 domains, 0 terms)"]


@pytest.mark.parametrize("change, detail", [
    (lambda lines: lines[:5] + lines[6:], "6:1: warning: CODEOWNERS no longer matches the stewards and maintainers "
                                          "('# Only active members with a GitHub handle"),
    (lambda lines: lines + ["", "/content/ @someone"], "19:1: warning: CODEOWNERS no longer matches the stewards and "
                                                       "maintainers (line 19, an empty line and 1 more line, is not "
                                                       "generated)"),
    (lambda lines: lines[:-2], "16:1: warning: CODEOWNERS no longer matches the stewards and maintainers "
                               "('/practices/facilitation/lean-coffee.md @BoChen @adaokafor' and 1 more line are "
                               "missing at the end)"),
])
def test_the_warning_says_which_line_is_missing_extra_or_different(change, detail, tmp_path, make_repo,
                                                                   capsys) -> None:
    make_repo(tmp_path, CLEAN)
    main(["codeowners", str(tmp_path)])
    path = tmp_path / CODEOWNERS
    path.write_text("\n".join(change(path.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith(f"{CODEOWNERS}:{detail}")


def test_an_out_of_date_file_is_a_warning_so_only_strict_fails(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, CLEAN)
    main(["codeowners", str(tmp_path)])
    make_repo(tmp_path, {"members/dee-newman.yml": "name: Dee Newman\ncontact: {github: deenew}\n"})
    assert main(["check", str(tmp_path)]) == 0
    assert main(["check", "--strict", str(tmp_path)]) == 1
    assert main(["codeowners", "--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("[codeowners-outdated]") == 3
    main(["codeowners", str(tmp_path)])
    assert main(["codeowners", "--check", str(tmp_path)]) == 0
    assert main(["check", "--strict", str(tmp_path)]) == 0


def test_a_shortened_or_emptied_file_is_reported_at_its_first_missing_line(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {**CLEAN, CODEOWNERS: ""})
    main(["check", "--format", "json", str(tmp_path)])
    problems = [p for p in json.loads(capsys.readouterr().out) if p["code"] == "codeowners-outdated"]
    assert [(p["path"], p["line"], p["severity"]) for p in problems] == [(CODEOWNERS, 1, "warning")]
    make_repo(tmp_path, {CODEOWNERS: generate(tmp_path).text + "/extra.md @someone\n"})
    main(["check", str(tmp_path)])
    assert capsys.readouterr().out.splitlines()[0] == (
        ".github/CODEOWNERS:19:1: warning: CODEOWNERS no longer matches the stewards and maintainers (line 19, '/extra.md @someone', "
        "is not generated); run `cop-site codeowners` and commit the result [codeowners-outdated]")


def test_without_a_committed_file_check_says_nothing(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, CLEAN)
    assert main(["check", "--strict", str(tmp_path)]) == 0
    assert "codeowners" not in capsys.readouterr().out
    assert main(["codeowners", "--check", str(tmp_path)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_stdout_prints_the_file_and_writes_nothing(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, COMMUNITY)
    assert main(["codeowners", "--stdout", str(tmp_path)]) == 0
    assert capsys.readouterr().out == EXPECTED
    assert not (tmp_path / ".github").exists()


def test_a_folder_that_is_not_a_cop_repository_is_a_usage_error(tmp_path, capsys) -> None:
    assert main(["codeowners", str(tmp_path)]) == 2
    assert "is it a CoP repository?" in capsys.readouterr().err


def test_this_repositorys_codeowners_is_up_to_date() -> None:
    committed = (REPO_ROOT / CODEOWNERS).read_text(encoding="utf-8")
    assert committed == generate(REPO_ROOT).text, "run `cop-site codeowners` at the repository's root"


@pytest.mark.parametrize("path, pattern", [
    ("members/ada.yml", "/members/ada.yml"),
    ("practices/a b/c#d.md", "/practices/a\\ b/c\\#d.md"),
    ("practices/x/[draft]*.md", "/practices/x/\\[draft\\]\\*.md"),
])
def test_paths_are_anchored_and_escaped(path: str, pattern: str) -> None:
    from cop_site.codeowners import _pattern

    assert _pattern(path) == pattern


SITE = {
    "mkdocs.yml": "site_name: Our CoP\ndocs_dir: pages\nINHERIT: base.yml\ntheme:\n  name: material\n"
                  "  custom_dir: ./overrides/\nhooks: [hooks/links.py]\nplugins:\n  - search\n  - cop-site:\n"
                  "      maintainers: [\"@our-org/site-maintainers\", ops@example.org]\n",
    "base.yml": "site_description: Shared settings.\n",
    "hooks/links.py": "def on_page_markdown(markdown, **kwargs):\n    return markdown\n",
    "pyproject.toml": "[project]\nname = \"our-cop\"\n",
    "overrides/main.html": "{% extends \"base.html\" %}\n",
    "pages/index.md": "# Our CoP\n",
}


def test_the_maintainers_review_the_sites_own_files_and_check_accepts_the_section(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {**CLEAN, **SITE})
    assert main(["codeowners", str(tmp_path)]) == 0
    text = (tmp_path / CODEOWNERS).read_text(encoding="utf-8")
    owners = "@our-org/site-maintainers ops@example.org"
    section = text.split("\n\n")[1].splitlines()
    assert section[2:] == [f"{path} {owners}" for path in (
        "/mkdocs.yml", "/base.yml", "/hooks/links.py", "/overrides/", "/.github/", "/pages/", "/.mailmap",
        "/requirements*.txt", "/pyproject.toml")]
    assert text.index("/pages/") < text.index("/members/ada-okafor.yml")  # the content's own lines come later and win
    from mkdocs.config import load_config

    plugin = load_config(config_file=str(tmp_path / "mkdocs.yml")).plugins["cop-site"]
    assert plugin.config.maintainers == ["@our-org/site-maintainers", "ops@example.org"]
    capsys.readouterr()
    assert main(["check", "--strict", str(tmp_path)]) == 0
    assert main(["codeowners", "--check", str(tmp_path)]) == 0
    assert "codeowners" not in capsys.readouterr().out
    # A line changed by hand is still out of date; so is a file written before the setting existed.
    make_repo(tmp_path, {CODEOWNERS: text.replace(f"/.mailmap {owners}", "/.mailmap @someone-else")})
    assert main(["codeowners", "--check", str(tmp_path)]) == 1
    assert ("line 16 is '/.mailmap @someone-else', where '/.mailmap @our-org/site-maintainers ops@example.org' is "
            "generated") in capsys.readouterr().out


def test_an_invalid_maintainer_is_an_error_for_check_and_the_plugin(tmp_path, make_repo, capsys, caplog) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    make_repo(tmp_path, {**CLEAN, **SITE, "mkdocs.yml": SITE["mkdocs.yml"].replace("ops@example.org", "site team")})
    assert main(["check", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "mkdocs.yml:11:1: error: maintainers: 'site team' is not a GitHub owner; write @user, @org/team or an "
        "e-mail address [invalid-setting]")
    with pytest.raises(Abort):
        load_config(config_file=str(tmp_path / "mkdocs.yml"))
    assert "'site team' is not a GitHub owner; write @user, @org/team or an e-mail address" in caplog.text
