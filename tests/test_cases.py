"""Golden cases: each tests/cases/<name>/files/ is a repository; expected.txt is what `cop-site check` prints.

expected.txt starts with ``# exit: N``, then one problem a line, exactly as printed (the summary is left out).
Regenerate after a deliberate change with ``COP_SITE_UPDATE_GOLDEN=1 python -m pytest tests/test_cases.py``
and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cop_site.cli import main

CASES = Path(__file__).parent / "cases"

# Files too big to commit, written into the case's copy before the check runs.
GENERATED = {
    "file-too-large": {
        "members/bo-large.yml": "name: Bo Large\nbio: " + "x" * (256 * 1024) + "\n",
        "practices/facilitation/huge.md": "---\ntitle: Huge\nsummary: Big.\nstewards: [ada-okafor]\n---\n"
                                          + "word " * (1024 * 1024 // 5 + 1),
    },
}


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if (p / "files").is_dir()))
def test_check_prints_the_expected_problems(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            make_repo) -> None:
    folder = CASES / case
    repo = tmp_path / "repo"
    shutil.copytree(folder / "files", repo)
    make_repo(repo, GENERATED.get(case, {}))

    code = main(["check", str(repo)])
    printed = capsys.readouterr().out.splitlines()
    assert printed and printed[-1].startswith("cop-site: "), printed
    actual = [f"# exit: {code}", *printed[:-1]]

    expected_file = folder / "expected.txt"
    if os.environ.get("COP_SITE_UPDATE_GOLDEN") == "1":
        expected_file.write_text("\n".join(actual) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines() if expected_file.exists() else []
    assert actual == expected, (
        f"`cop-site check` output differs from tests/cases/{case}/expected.txt; if the change is intended, "
        "regenerate it with COP_SITE_UPDATE_GOLDEN=1 python -m pytest tests/test_cases.py, and review the diff")
