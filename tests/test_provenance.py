"""`cop-site init` names the cop-site that is running in requirements.txt, and only a valid requirement of it.

The slow test at the end does what a new user does: build the wheel, install it in a fresh virtual environment,
run `cop-site init` there, and install the new community's requirements.txt in a second environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from cop_site.cli import main
from cop_site.provenance import check_requirement, installed_requirement, requirement_from

REPO_ROOT = Path(__file__).resolve().parents[1]
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("direct_url, line, local", [
    (None, "cop-site==1.2.0", False),  # from a package index: no direct_url.json
    ({"url": "https://github.com/example/cop-site", "vcs_info": {"vcs": "git", "commit_id": COMMIT,
                                                                 "requested_revision": "main"}},
     f"cop-site @ git+https://github.com/example/cop-site@{COMMIT}", False),
    ({"url": "https://github.com/example/mono", "subdirectory": "tools/cop-site",
      "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
     f"cop-site @ git+https://github.com/example/mono@{COMMIT}#subdirectory=tools/cop-site", False),
    ({"url": "https://example.org/dist/cop_site-1.2.0-py3-none-any.whl", "archive_info": {"hash": "sha256=00"}},
     "cop-site @ https://example.org/dist/cop_site-1.2.0-py3-none-any.whl", False),
    ({"url": "file:///tmp/dist/cop_site-1.2.0-py3-none-any.whl", "archive_info": {}},
     "cop-site @ file:///tmp/dist/cop_site-1.2.0-py3-none-any.whl", True),
    ({"url": "file:///home/ada/cop-site", "dir_info": {"editable": True}}, "cop-site @ file:///home/ada/cop-site",
     True),
])
def test_the_requirement_installs_the_same_cop_site_as_pip_recorded_it(direct_url, line: str, local: bool) -> None:
    requirement = requirement_from("1.2.0", json.dumps(direct_url) if direct_url else None)
    assert requirement.line == line
    assert check_requirement(requirement.line) == line
    assert ("CI machines do not have" in requirement.note) == local


def test_an_unreadable_record_falls_back_to_the_release() -> None:
    assert requirement_from("1.2.0", "{not json").line == "cop-site==1.2.0"
    assert requirement_from("1.2.0", '{"archive_info": {}}').line == "cop-site==1.2.0"


@pytest.mark.parametrize("spec, reason", [
    ("not a valid spec @@", "is not a valid requirement ("),
    ("cop-site @", "is not a valid requirement ("),
    ("requests>=2", "names 'requests', not cop-site"),
    ("-e git+https://github.com/example/cop-site", "is a pip option, not a requirement"),
])
def test_init_refuses_an_invalid_requirement_before_asking_or_writing_anything(spec: str, reason: str, tmp_path,
                                                                               capsys) -> None:
    assert main(["init", str(tmp_path / "x"), "--requirement", spec]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"cop-site: error: --requirement '{spec}' {reason}")
    assert err.rstrip().endswith("write it such as 'cop-site==1.2.0' or "
                                 "'cop-site @ git+https://github.com/OWNER/cop-site@COMMIT'")
    assert not (tmp_path / "x").exists()


def test_init_writes_the_requirement_and_names_it_in_its_next_steps(tmp_path, capsys) -> None:
    spec = f"cop-site @ git+https://github.com/example/cop-site@{COMMIT}"
    assert main(["init", str(tmp_path / "x"), "--requirement", f"  {spec} "]) == 0
    assert (tmp_path / "x/requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == spec
    assert f"  requirements.txt installs '{spec}' in the workflows; Dependabot proposes its updates\n" in (
        capsys.readouterr().out)


def test_by_default_init_names_the_running_cop_site(tmp_path, capsys) -> None:
    assert main(["init", str(tmp_path / "x")]) == 0
    running = installed_requirement()
    assert (tmp_path / "x/requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == running.line
    assert f"  requirements.txt installs '{running.line}' in the workflows; " in capsys.readouterr().out


def _venv(path: Path) -> Path:
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(path)
    return path / "bin" / "python"


def _run(*args: str | Path, cwd: Path) -> str:
    """Run a command outside the source tree: there, Python would import cop_site (and read the metadata of an
    editable install's *.egg-info) from the tree instead of the environment under test."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    env.update(NO_MKDOCS_2_WARNING="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
def test_a_community_made_by_an_installed_wheel_installs_cop_site_from_its_requirements(tmp_path) -> None:
    # The wheel, as a release would build it, from a copy (building writes build/ and *.egg-info/ in the tree).
    source = tmp_path / "source"
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(".git", "node_modules", "site", "results",
                                                                      "__pycache__", "*.egg-info", "build", "dist"))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp_path / "dist", source,
         cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("cop_site-*.whl"))
    with zipfile.ZipFile(wheel) as built:
        names = built.namelist()
        metadata = built.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode("utf-8")
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata and "Classifier: Programming Language :: Python :: 3.13" in metadata
    assert "Project-URL: Source, https://" in metadata
    # Installed in a fresh environment; the dependencies are the ones this Python already has.
    user = _venv(tmp_path / "user")
    _run(user, "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
    out = _run(user, "-m", "cop_site.cli", "init", tmp_path / "our-cop", cwd=tmp_path)
    requirement = f"cop-site @ {wheel.as_uri()}"
    assert (tmp_path / "our-cop/requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == requirement
    assert f"requirements.txt installs '{requirement}' in the workflows; it names a file on this machine" in out
    # What the community's workflows do: install its requirements.txt, check, and build.
    ci = _venv(tmp_path / "ci")
    _run(ci, "-m", "pip", "install", "--quiet", "-r", tmp_path / "our-cop/requirements.txt", cwd=tmp_path)
    installed = _run(ci, "-c", "import importlib.metadata as m; d = m.distribution('cop-site'); "
                               "print(d.read_text('direct_url.json')); print(d.locate_file('cop_site'))", cwd=tmp_path)
    assert json.loads(installed.splitlines()[0])["url"] == wheel.as_uri()
    assert str(tmp_path / "ci") in installed.splitlines()[1]
    _run(ci, "-m", "cop_site.cli", "check", tmp_path / "our-cop", cwd=tmp_path)
    _run(ci, "-m", "mkdocs", "build", "--strict", "-f", tmp_path / "our-cop/mkdocs.yml", cwd=tmp_path)
    assert (tmp_path / "our-cop/site/index.html").is_file()
    # The sdist, through the build backend's own hook (what `python -m build --sdist` calls): the package and what
    # describes it, no tests (they need the example community, git and a browser: a clone of the repository).
    _run(user, "-m", "pip", "install", "--quiet", "setuptools>=77", cwd=tmp_path)
    _run(user, "-c", "from setuptools import build_meta; build_meta.build_sdist('sdist')", cwd=source)
    with tarfile.open(next((source / "sdist").glob("cop_site-*.tar.gz"))) as sdist:
        members = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "cop_site/cli.py",
            "cop_site/templates/scaffold/init/mkdocs.yml"} <= members
    assert [name for name in members if name.startswith(("tests/", "benchmarks/"))] == []
