"""The GitHub side: workflows that check pull requests and publish main, hardened and audited by zizmor.

The same files are this repository's own `.github/` and what `cop-site init` writes; both come from
cop_site/templates/scaffold/github/. After changing a template, rewrite this repository's copies with
``COP_SITE_UPDATE_GOLDEN=1 python -m pytest tests/test_workflows.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cop_site.cli import main
from cop_site.provenance import installed_requirement
from cop_site.scaffold import InitOptions, github_files, init_repository

REPO_ROOT = Path(__file__).resolve().parents[1]

THIS_PROJECT = {"install": 'python -m pip install -e ".[test]"', "tests": "python -m pytest -q -p no:cacheprovider"}
"""How this repository's own workflows install cop-site and run its tests."""

PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "cop"
    init_repository(root, InitOptions(repo="our-org/our-cop", github="adaokafor"))
    return root


@pytest.fixture(params=["this repository", "cop-site init"])
def repository(request: pytest.FixtureRequest, initialised: Path) -> Path:
    return REPO_ROOT if request.param == "this repository" else initialised


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def zizmor(*args: str) -> subprocess.CompletedProcess:
    executable = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    if not Path(executable).is_file():
        pytest.fail("zizmor is not installed; `pip install -e \".[test]\"` installs it")
    env = {key: value for key, value in os.environ.items() if key not in ("GH_TOKEN", "GITHUB_TOKEN")}
    return subprocess.run([executable, "--offline", "--format", "json", "--no-progress", *args],
                          capture_output=True, text=True, env=env, timeout=120)


# --- zizmor -------------------------------------------------------------------------------------------------

def test_zizmor_finds_nothing_in_the_workflows(repository: Path) -> None:
    result = zizmor(str(repository / ".github" / "workflows"))
    findings = json.loads(result.stdout or "[]")
    assert [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in findings] == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_zizmor_finds_nothing_in_dependabot_and_the_pre_commit_hooks(repository: Path) -> None:
    inputs = [str(repository / ".github" / "dependabot.yml")]
    if repository == REPO_ROOT:
        inputs.append(str(REPO_ROOT / ".pre-commit-hooks.yaml"))
    result = zizmor("--collect=dependabot,pre-commit", *inputs)
    assert (result.returncode, json.loads(result.stdout or "[]")) == (0, []), result.stdout + result.stderr


def test_zizmor_does_audit_offline(tmp_path: Path) -> None:
    # The test above means something only if zizmor, offline, still finds what it should.
    workflow = tmp_path / ".github" / "workflows" / "bad.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: bad\non: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                        "      - uses: actions/checkout@v4\n"
                        "      - run: echo \"${{ github.event.pull_request.title }}\"\n")
    result = zizmor(str(workflow.parent))
    found = {f["ident"] for f in json.loads(result.stdout)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"} <= found
    assert result.returncode != 0
    dependabot = tmp_path / ".github" / "dependabot.yml"
    dependabot.write_text("version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n"
                          "    schedule: {interval: weekly}\n")
    result = zizmor("--collect=dependabot", str(dependabot))
    assert {f["ident"] for f in json.loads(result.stdout)} == {"dependabot-cooldown"}


# --- What the hardening means, line by line -----------------------------------------------------------------

def workflows(repository: Path) -> dict[str, dict]:
    return {path.name: load(path) for path in sorted((repository / ".github" / "workflows").glob("*.yml"))}


WRITES = {("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
          ("release.yml", "publish"): {"id-token": "write"},
          ("digest.yml", "digest"): {"contents": "read", "discussions": "write"}}
"""The only jobs that may do more than read the repository: deploying the site, publishing a release, posting
the digest."""


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_action_is_pinned_to_a_full_commit_with_its_version_in_a_comment(repository: Path) -> None:
    for path in sorted((repository / ".github" / "workflows").glob("*.yml")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"\s*(-\s+)?uses:", line)]
        assert lines and all(PINNED.match(line) for line in lines), [l for l in lines if not PINNED.match(l)]


def test_the_same_action_is_pinned_to_the_same_commit_everywhere(repository: Path) -> None:
    pins: dict[str, set[str]] = {}
    for path in (repository / ".github" / "workflows").glob("*.yml"):
        for match in filter(None, map(PINNED.match, path.read_text(encoding="utf-8").splitlines())):
            pins.setdefault(match.group(1), set()).add(match.group(2))
    assert {action for action, shas in pins.items() if len(shas) > 1} == set()
    assert {"actions/checkout", "actions/setup-python", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(pins)


def test_the_digest_is_off_until_a_category_is_set_and_posts_only_news(repository: Path) -> None:
    workflow = workflows(repository)["digest.yml"]
    job = workflow["jobs"]["digest"]
    assert job["if"] == "vars.COP_DIGEST_CATEGORY != ''"
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    runs = [s["run"] for s in steps(workflow) if "run" in s]
    assert "cop-site digest --days 7 --if-any > digest.md" in runs
    assert any(run.lstrip().startswith("if [ ! -s digest.md ]") for run in runs)


def test_workflows_only_read_and_only_the_deploy_release_and_digest_jobs_write(repository: Path) -> None:
    for name, workflow in workflows(repository).items():
        assert "pull_request_target" not in workflow["on"], name
        assert workflow["permissions"] == {"contents": "read"}, name
        for job_name, job in workflow["jobs"].items():
            assert job.get("permissions") == WRITES.get((name, job_name)), (name, job_name)


def test_checkouts_keep_no_credentials_and_fetch_the_whole_history(repository: Path) -> None:
    for name, workflow in workflows(repository).items():
        checkouts = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts, name
        for step in checkouts:
            assert step["with"]["persist-credentials"] is False and step["with"]["fetch-depth"] == 0


def test_no_run_step_reads_an_expression(repository: Path) -> None:
    # Not only github.event.*: a run: line with no expression at all cannot be injected into.
    for name, workflow in workflows(repository).items():
        assert [s["run"] for s in steps(workflow) if "run" in s and "${{" in s["run"]] == [], name


def test_pull_requests_are_checked_built_strictly_and_tested(repository: Path) -> None:
    workflow = workflows(repository)["check.yml"]
    assert list(workflow["on"]) == ["pull_request"]
    runs = "\n".join(s.get("run", "") for s in steps(workflow))
    assert "cop-site check --strict --format github" in runs and "mkdocs build --strict" in runs
    assert ("python -m pytest" in runs) == (repository == REPO_ROOT)


def test_main_is_built_dated_by_its_last_commit_and_deployed_to_pages_one_at_a_time(repository: Path) -> None:
    workflow = workflows(repository)["publish.yml"]
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    build_step = next(s for s in build["steps"] if "mkdocs build" in s.get("run", ""))
    assert build_step["run"].splitlines() == ['SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"',
                                              "export SOURCE_DATE_EPOCH", "mkdocs build --strict"]
    upload = build["steps"][-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@") and upload["with"] == {"path": "site"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_source_date_epoch_line_gives_the_last_commits_time(tmp_path: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "A",
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": "2026-03-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-03-01T12:00:00Z"}
    for args in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "x"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True)
    script = 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"\nexport SOURCE_DATE_EPOCH\necho "$SOURCE_DATE_EPOCH"'
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "1772366400"


def test_dependabot_keeps_the_actions_and_the_python_packages_current(repository: Path) -> None:
    config = yaml.safe_load((repository / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert sorted(u["package-ecosystem"] for u in config["updates"]) == ["github-actions", "pip"]


def test_the_pull_request_template_says_what_a_good_practice_page_has(repository: Path) -> None:
    template = (repository / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for words in ("## A good practice page", "`summary`", "steward", "`level`", "`related`", "glossary.yml",
                  "cop-site codeowners", "cop-site check"):
        assert words in template


# --- Releases ----------------------------------------------------------------------------------------------

def test_a_version_tag_builds_checks_and_publishes_with_trusted_publishing_only() -> None:
    workflow = workflows(REPO_ROOT)["release.yml"]
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["concurrency"] == {"group": "release", "cancel-in-progress": False}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert '[ "v$version" != "$GITHUB_REF_NAME" ]' in runs  # the tag is the version pyproject.toml declares
    assert "python -m build\n" in runs and "python -m twine check --strict dist/*" in runs
    assert publish["needs"] == "build" and publish["environment"]["name"] == "pypi"
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/download-artifact",
                                                                  "pypa/gh-action-pypi-publish"]
    assert "with" not in publish["steps"][-1]  # no password, no token: the job's OIDC identity is the credential
    assert "secrets." not in (REPO_ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert not (set(workflows(REPO_ROOT)) - {"check.yml", "publish.yml", "release.yml", "digest.yml"})


def test_the_release_workflow_is_only_this_repositorys(initialised: Path) -> None:
    assert not (initialised / ".github/workflows/release.yml").exists()


# --- This repository's files are the templates -------------------------------------------------------------

def test_this_repositorys_github_files_are_the_scaffold_rendered_for_it() -> None:
    expected = github_files(**THIS_PROJECT)
    if os.environ.get("COP_SITE_UPDATE_GOLDEN"):
        for relative, text in expected.items():
            (REPO_ROOT / relative).parent.mkdir(parents=True, exist_ok=True)
            (REPO_ROOT / relative).write_text(text, encoding="utf-8")
    for relative, text in expected.items():
        assert (REPO_ROOT / relative).read_text(encoding="utf-8") == text, (
            f"{relative} differs from its template; COP_SITE_UPDATE_GOLDEN=1 rewrites it")


def test_init_writes_the_same_workflows_installing_from_requirements(initialised: Path) -> None:
    for relative, text in github_files("python -m pip install -r requirements.txt").items():
        assert (initialised / relative).read_text(encoding="utf-8") == text
    assert (initialised / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        installed_requirement().line)


# --- pre-commit ---------------------------------------------------------------------------------------------

def test_pre_commit_hooks_run_cop_site_on_the_whole_repository() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["cop-site-check", "cop-site-codeowners"]
    for hook in hooks:
        assert (hook["language"], hook["pass_filenames"]) == ("python", False)
        files = re.compile(hook["files"])
        assert files.search("members/ada-okafor.yml") and files.search("practices/facilitation/lean-coffee.md")
        assert not files.search("content/index.md") and not files.search("cop_site/members.py")


@pytest.mark.parametrize("hook", ["cop-site check", "cop-site codeowners --check"])
def test_each_hook_passes_on_this_repository(hook: str, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(REPO_ROOT)  # pre-commit runs hooks at the repository's root
    assert main(hook.split()[1:]) == 0, capsys.readouterr()
