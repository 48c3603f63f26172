"""The `cop-site` command line: exit codes, output formats, options, and plugin options read from mkdocs.yml."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from cop_site.cli import main

ADA = "name: Ada Okafor\nexpertise:\n  facilitation: expert\n"
DOMAIN = "title: Facilitation\nsummary: Running sessions.\nstewards: [ada-okafor]\n"
LEAN = "---\ntitle: Lean coffee\nsummary: Agenda-less meetings.\nstewards: [ada-okafor]\n---\nBody.\n"

CLEAN = {
    "members/ada-okafor.yml": ADA,
    "practices/facilitation/domain.yml": DOMAIN,
    "practices/facilitation/lean-coffee.md": LEAN,
}
# One error (unknown steward) and one warning (http: link).
BROKEN = {
    **CLEAN,
    "members/kwame-mensah.yml": "name: Kwame Mensah\nlinks: [{label: Blog, url: \"http://kwame.example.org\"}]\n",
    "practices/facilitation/fishbowl.md": "---\ntitle: Fishbowl\nsummary: An inner circle talks.\nstewards: [zed]\n---\n",
}
# Only a warning: an empty domain.
WARNING_ONLY = {**CLEAN, "practices/gardening/domain.yml": "title: Gardening\nsummary: Growing.\nstewards: [ada-okafor]\n"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# Exit codes


def test_clean_repository_exits_0_and_prints_only_the_summary(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, CLEAN)
    assert run(capsys, "check", str(tmp_path)) == (
        0, "cop-site: 0 errors, 0 warnings (1 member, 1 practice, 1 domain, 0 terms)\n", "")


def test_content_errors_exit_1_and_print_one_sorted_line_each(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, BROKEN)
    code, out, err = run(capsys, "check", str(tmp_path))
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "members/kwame-mensah.yml:2:28: warning: link 'http://kwame.example.org' uses http:, which readers' "
        "browsers may flag; use https: if the site supports it [insecure-url]",
        "practices/facilitation/fishbowl.md:4:12: error: unknown member 'zed' in stewards; "
        "known members include: ada-okafor, kwame-mensah [unknown-member]",
        "cop-site: 1 error, 1 warning (2 members, 2 practices, 1 domain, 0 terms)",
    ]


def test_check_defaults_to_the_current_folder(tmp_path, make_repo, capsys, monkeypatch) -> None:
    make_repo(tmp_path, BROKEN)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "check")[0] == 1


def test_a_missing_path_is_a_usage_error(tmp_path, capsys) -> None:
    missing = tmp_path / "nowhere"
    assert run(capsys, "check", str(missing)) == (2, "", f"cop-site: error: {missing} is not a folder\n")


def test_a_file_instead_of_a_folder_is_a_usage_error(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {"notes.txt": "hi\n"})
    code, out, err = run(capsys, "check", str(tmp_path / "notes.txt"))
    assert (code, out) == (2, "") and "is not a folder" in err


def test_a_folder_without_members_or_practices_is_a_usage_error(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {"README.md": "# Not a CoP\n"})
    assert run(capsys, "check", str(tmp_path)) == (
        2, "", f"cop-site: error: {tmp_path} has neither members/ nor practices/; is it a CoP repository? "
               "(`cop-site init DIR` makes one)\n")


@pytest.mark.parametrize("args", [
    ["check", "--format", "xml"],
    ["check", "--no-such-option"],
    ["schema", "nothing"],
    ["frobnicate"],
    [],
])
def test_bad_arguments_exit_2_with_usage(args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    assert "usage: cop-site" in capsys.readouterr().err


def test_version_is_printed(capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("cop-site 0.")


# --strict and the summary


def test_warnings_alone_pass_unless_strict(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, WARNING_ONLY)
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert out.splitlines()[-1] == "cop-site: 0 errors, 1 warning (1 member, 1 practice, 2 domains, 0 terms)"
    assert run(capsys, "check", "--strict", str(tmp_path))[0] == 1


def test_summary_counts_are_plural_and_grouped_by_thousands(tmp_path, make_repo, capsys) -> None:
    files = dict(CLEAN)
    files.update({f"members/m{i}.yml": f"name: Someone {i}\nexpertise: {{nowhere: expert}}\n" for i in range(1001)})
    files["practices/facilitation/glossary.yml"] = "- term: Round\n  definition: Everyone speaks once.\n"
    make_repo(tmp_path, files)
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert out.splitlines()[-1] == "cop-site: 1,001 errors, 0 warnings (1,002 members, 1 practice, 1 domain, 1 term)"


# --format github


def test_github_format_prints_workflow_annotations_and_the_summary_on_stderr(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, BROKEN)
    code, out, err = run(capsys, "check", "--format", "github", str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        "::warning file=members/kwame-mensah.yml,line=2,col=28,title=cop-site insecure-url::link "
        "'http://kwame.example.org' uses http:, which readers' browsers may flag; use https: if the site supports it",
        "::error file=practices/facilitation/fishbowl.md,line=4,col=12,title=cop-site unknown-member::unknown member "
        "'zed' in stewards; known members include: ada-okafor, kwame-mensah",
    ]
    assert err == "cop-site: 1 error, 1 warning (2 members, 2 practices, 1 domain, 0 terms)\n"


def test_github_format_escapes_percent_newlines_and_property_separators(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {**CLEAN, "members/a,b:c.yml": "name: X\n",
                         "members/bo.yml": "name: Bo\nlinks: [{label: x, url: \"javascript:a\\r\\n100%\"}]\n"})
    code, out, _ = run(capsys, "check", "--format", "github", str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        "::error file=members/a%2Cb%3Ac.yml,line=1,col=1,title=cop-site invalid-id::member id 'a,b:c' (the file "
        "name) must be a lowercase slug of letters, digits and dashes; rename the file to 'a-b-c.yml'",
        "::error file=members/bo.yml,line=2,col=25,title=cop-site url-scheme::link 'javascript:a\\r\\n100%25' uses "
        "the scheme 'javascript:', which is not allowed; use https: or mailto:",  # one line before it is escaped
    ]


# --format json


def test_json_format_is_a_list_of_problems_with_every_field(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, BROKEN)
    code, out, err = run(capsys, "check", "--format", "json", str(tmp_path))
    assert (code, err) == (1, "")
    assert json.loads(out) == [
        {"path": "members/kwame-mensah.yml", "line": 2, "column": 28, "severity": "warning", "code": "insecure-url",
         "message": "link 'http://kwame.example.org' uses http:, which readers' browsers may flag; "
                    "use https: if the site supports it"},
        {"path": "practices/facilitation/fishbowl.md", "line": 4, "column": 12, "severity": "error",
         "code": "unknown-member",
         "message": "unknown member 'zed' in stewards; known members include: ada-okafor, kwame-mensah"},
    ]


def test_json_format_of_a_clean_repository_is_an_empty_list(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, CLEAN)
    code, out, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    assert code == 0 and json.loads(out) == []


# cop-site schema


@pytest.mark.parametrize("name", ["member", "practice", "domain", "glossary"])
def test_schema_prints_a_valid_json_schema(name: str, capsys) -> None:
    code, out, _ = run(capsys, "schema", name)
    schema = json.loads(out)
    assert code == 0
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_member_schema_accepts_the_profile_from_the_design() -> None:
    profile = {"name": "Ada Okafor", "role": "Platform engineer", "joined": "2021-03-01", "status": "active",
               "bio": "Short.", "expertise": {"facilitation": "expert", "knowledge-sharing": "practitioner"},
               "topics": ["retrospectives"], "learning": ["community-building"], "mentor": True,
               "contact": {"email": "ada@example.org", "chat": "@ada", "github": "adaokafor"},
               "links": [{"label": "Blog", "url": "https://example.org/ada"}], "aliases": ["Ada O."]}
    from cop_site.schemas import validator

    assert list(validator("member").iter_errors(profile)) == []


# Plugin options in mkdocs.yml


def test_check_reads_members_dir_and_practices_dir_from_mkdocs_yml(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {
        "mkdocs.yml": "site_name: CoP\nplugins: [search, {cop-site: {members_dir: people, practices_dir: know-how}}]\n",
        "people/ada-okafor.yml": ADA,
        "know-how/facilitation/domain.yml": DOMAIN,
        "know-how/facilitation/lean-coffee.md": LEAN.replace("[ada-okafor]", "[ada-okafor, zed]"),
        "members/ignored.yml": "not: a profile\n",
    })
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert out.splitlines() == [
        "know-how/facilitation/lean-coffee.md:4:24: error: unknown member 'zed' in stewards; "
        "known members include: ada-okafor [unknown-member]",
        "cop-site: 1 error, 0 warnings (1 member, 1 practice, 1 domain, 0 terms)",
    ]


def test_plugin_options_are_found_in_the_mapping_form_and_despite_mkdocs_tags(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {
        "mkdocs.yml": ("site_name: !ENV [SITE_NAME, CoP]\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                       "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                       "plugins:\n  search: {}\n  cop-site:\n    members_dir: people\n"),
        "people/ada-okafor.yml": "name: Ada Okafor\n",
    })
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert out == "cop-site: 0 errors, 0 warnings (1 member, 0 practices, 0 domains, 0 terms)\n"


def test_config_file_option_names_another_mkdocs_file(tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {"site/mkdocs.yml": "plugins:\n  - cop-site:\n      members_dir: people\n",
                         "people/ada-okafor.yml": "name: Ada Okafor\n"})
    assert run(capsys, "check", "--config-file", "site/mkdocs.yml", str(tmp_path))[0] == 0
    assert run(capsys, "check", str(tmp_path))[0] == 2  # without it: the default members/ is not there


@pytest.mark.parametrize("mkdocs_yml", ["plugins: 5\n", "plugins: cop-site\n", "plugins: [[1], {}, null]\n",
                                        "- not a mapping\n", "plugins: [\n", "\xff"])
def test_a_strange_mkdocs_yml_falls_back_to_the_default_layout(mkdocs_yml: str, tmp_path, make_repo, capsys) -> None:
    make_repo(tmp_path, {**CLEAN, "mkdocs.yml": mkdocs_yml})
    assert run(capsys, "check", str(tmp_path))[0] == 0


# The console script, for real


def test_console_script_checks_a_repository(tmp_path, make_repo) -> None:
    make_repo(tmp_path, BROKEN)
    script = shutil.which("cop-site", path=str(Path(sys.executable).parent)) or shutil.which("cop-site")
    assert script, "the cop-site console script is not installed; run pip install -e '.[test]'"
    result = subprocess.run([script, "check", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "cop-site: 1 error, 1 warning (2 members, 2 practices, 1 domain, 0 terms)"


def test_every_flag_and_argument_of_every_command_says_what_it_is_for() -> None:
    import argparse

    from cop_site.cli import build_parser

    def walk(parser: argparse.ArgumentParser, name: str):
        for action in parser._actions:  # argparse keeps no public list of them
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    yield from walk(sub, f"{name} {sub_name}")
            elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
                yield f"{name} {'/'.join(action.option_strings) or action.dest}", action.help

    missing = [flag for flag, text in walk(build_parser(), "cop-site") if not text]
    assert missing == []
