"""What the package declares: floors that CI tests, one version, a README that reads well on a package index.

tests/constraints-lowest.txt pins every dependency (and test dependency) at the floor pyproject.toml declares;
.ci/run installs it in a second environment and runs the tests there too. After changing a floor, rewrite it with
``COP_SITE_UPDATE_GOLDEN=1 python -m pytest tests/test_packaging.py``.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from cop_site.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOWEST = REPO_ROOT / "tests" / "constraints-lowest.txt"


def lowest_constraints() -> str:
    """One ``name==floor`` line per dependency, from the ``>=`` of each requirement in pyproject.toml."""
    extras = PYPROJECT["project"]["optional-dependencies"]
    requirements = [*PYPROJECT["project"]["dependencies"], *extras["test"], *extras["zensical"], *extras["properdocs"]]
    lines = []
    for text in requirements:
        requirement = Requirement(text)
        floors = [spec.version for spec in requirement.specifier if spec.operator in (">=", "==")]
        assert len(floors) == 1, f"{text}: declare one floor (>=, or == for a pin) so that CI can test it"
        lines.append(f"{requirement.name}=={floors[0]}")
    return ("# The lowest versions pyproject.toml allows; .ci/run tests them. Written by tests/test_packaging.py.\n"
            + "\n".join(sorted(lines, key=str.casefold)) + "\n")


def test_the_lowest_constraints_are_the_floors_pyproject_declares() -> None:
    expected = lowest_constraints()
    if os.environ.get("COP_SITE_UPDATE_GOLDEN") == "1":
        LOWEST.write_text(expected, encoding="utf-8")
    assert LOWEST.read_text(encoding="utf-8") == expected, (
        "tests/constraints-lowest.txt differs from pyproject.toml's floors; COP_SITE_UPDATE_GOLDEN=1 rewrites it")


def test_ci_tests_at_the_lowest_and_at_the_newest_versions() -> None:
    script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--constraint tests/constraints-lowest.txt" in script
    assert "--upgrade --upgrade-strategy eager" in script


def test_the_version_comes_from_the_package_metadata(capsys) -> None:
    try:
        main(["--version"])
    except SystemExit as stopped:
        assert stopped.code == 0
    assert capsys.readouterr().out == f"cop-site {PYPROJECT['project']['version']}\n"


def test_the_readme_has_no_link_that_breaks_on_a_package_index_page() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme) + re.findall(r'(?:src|href)="([^"]+)"', readme)
    assert targets and [t for t in targets if not t.startswith(("https://", "http://", "mailto:", "#"))] == []


def test_the_package_names_its_license_urls_and_python_versions() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (REPO_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert {"Source", "Issues", "Changelog"} <= set(project["urls"])
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (11, 12, 13)} <= set(project["classifiers"])
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]  # the first to read license = "MIT"


def test_test_modules_have_names_of_their_own() -> None:
    """pytest imports each test module by its file name (rootdir-based "prepend" mode): two files of one name, in
    tests/ and tests/e2e/, stop the whole run at collection."""
    names = [path.name for path in (REPO_ROOT / "tests").rglob("*.py")
             if "node_modules" not in path.parts and path.name not in ("__init__.py", "conftest.py")]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
