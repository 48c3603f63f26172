"""Nobody can pose as another member or take their credit: aliases, .mailmap, look-alike names, in real git
repositories.

Each attack is a pull request on a branch of a community with a real history: `cop-site check` names both files (or
the .mailmap line and the members whose credit moves), and the site built from the branch credits the member who
was impersonated exactly as the site built from main did.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cop_site.cli import main
from cop_site.history import read_history
from cop_site.identity import invisible_characters, owners, skeleton
from cop_site.loading import load_community
from cop_site.mailmap import entry_for, parse_mailmap

from site_helpers import MINI, build_site, clone_on_branch, commit, git, write_files

ADA = "Ada Okafor <ada@example.org>"
BO = "Bo Chen <bo@example.org>"
MALLORY = "Mallory Quinn <mallory@example.net>"
LEAN = "practices/facilitation/lean-coffee.md"
RETRO = "practices/facilitation/retrospective.md"
HARVEST = "practices/knowledge-sharing/knowledge-harvest.md"


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """The mini community on main, with a history: Ada wrote the facilitation practices, Bo the harvest."""
    root = tmp_path_factory.mktemp("origin")
    git(root, "init", "-q", "-b", "main")
    commit(root, MINI, "Start the community", when="2026-01-05T09:00:00Z")
    for n, when in enumerate(("2026-01-12T09:00:00Z", "2026-01-19T09:00:00Z", "2026-01-26T09:00:00Z")):
        commit(root, {LEAN: str(MINI[LEAN]) + f"\nAda's note {n}.\n", RETRO: str(MINI[RETRO]) + f"\nAnd {n}.\n"},
               f"Ada's round {n}", when=when)
    for n, when in enumerate(("2026-02-02T10:00:00Z", "2026-02-09T10:00:00Z", "2026-02-16T10:00:00Z")):
        commit(root, {HARVEST: str(MINI[HARVEST]) + f"\nBo's note {n}.\n"}, f"Bo's round {n}", who=BO, when=when)
    return root


@pytest.fixture
def branch(origin: Path, tmp_path: Path) -> Path:
    """A contributor's clone of the community, on a new branch 'pr' (origin/main is its base)."""
    return clone_on_branch(origin, tmp_path / "clone", "pr")


def check(root: Path, capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["check", str(root), *args])
    return code, capsys.readouterr().out.splitlines()


def credit(root: Path, member: str = "ada-okafor") -> dict[str, str]:
    """What the built site says about a member's work: their profile's evidence, each practice's contributors,
    and the domains whose bus factor is 1 or less."""
    built = build_site(root / "mkdocs.yml", strict=False, site_dir=root.parent / f"site-{root.name}")
    assert built.error is None, built.error
    rows = built.article(f"people/{member}/").find("table").find_all("tr")[1:]
    seen = {"evidence": " | ".join(" ".join(cell.text() for cell in row.find_all("td")) for row in rows)}
    for practice in ("facilitation/lean-coffee", "facilitation/retrospective", "knowledge-sharing/knowledge-harvest"):
        header = built.article(f"practices/{practice}/").find("div", cls="cop-practice-header")
        seen[practice] = " ".join(f"{a.text()}={a.attrs['href']}" for a in header.find_all("a")
                                  if "people/" in a.attrs.get("href", ""))
    seen["fragile"] = " ".join(li.text() for li in built.article("health/").find_all("li") if "bus factor" in li.text())
    return seen


# --- Aliases ------------------------------------------------------------------------------------------------

def test_a_new_profile_claiming_a_members_email_and_name_is_an_error_and_takes_none_of_her_credit(
        branch: Path, capsys) -> None:
    before = credit(branch)
    assert "author of 2 practices" in before["evidence"]
    assert "Ada Okafor=../../../people/ada-okafor/" in before["facilitation/lean-coffee"]
    # 'aaa-' sorts before 'ada-': before the fix, the first id in order won every identity it claimed.
    commit(branch, {"members/aaa-impostor.yml": "name: A. Impostor\naliases: [ADA@example.org, Ada  Okafor]\n"},
           "Add my profile", who=MALLORY, when="2026-03-01T10:00:00Z")
    code, lines = check(branch, capsys)
    assert code == 1
    assert lines[:2] == [
        "members/aaa-impostor.yml:2:11: error: alias 'ADA@example.org' is the e-mail of ada-okafor "
        "(members/ada-okafor.yml); an alias cannot claim another member's name, e-mail or GitHub handle, so it is "
        "not used to match commits; remove it [alias-refused]",
        "members/aaa-impostor.yml:2:28: error: alias 'Ada  Okafor' is the name of ada-okafor (members/ada-okafor.yml); "
        "an alias cannot claim another member's name, e-mail or GitHub handle, so it is not used to match commits; "
        "remove it [alias-refused]"]
    assert credit(branch) == before


def test_a_new_profile_whose_email_is_an_older_members_alias_gets_none_of_those_commits(
        branch: Path, capsys) -> None:
    # Ada folded an old address into her profile long ago; a new profile then claims it as its own e-mail.
    commit(branch, {"members/ada-okafor.yml": str(MINI["members/ada-okafor.yml"]) + "aliases: [ada@old.example.org]\n",
                    RETRO: str(MINI[RETRO]) + "\nFrom the old laptop.\n"}, "Old address",
           who="Ada Old <ada@old.example.org>", when="2026-02-20T10:00:00Z")
    git(branch, "branch", "merged")  # where the next pull request starts
    commit(branch, {"members/aaa-zed.yml": "name: Zed\ncontact: {email: ada@old.example.org}\n"}, "Hello",
           who=MALLORY, when="2026-03-01T10:00:00Z")
    code, lines = check(branch, capsys, "--base", "merged")
    # The newer claim gets the error (the base says which profile is new), naming the older one.
    assert code == 1 and lines[0] == (
        "members/aaa-zed.yml:2:18: error: e-mail 'ada@old.example.org' is also an alias of ada-okafor "
        "(members/ada-okafor.yml); commits by it are credited to neither of you until one of you changes it "
        "[identity-claimed]")
    community, _ = load_community(branch)
    history = read_history(branch, ["members", "practices"], community.members)
    authors = {(c.author.name, c.author.member) for c in history.get(RETRO).changes}
    assert ("Ada Old", None) in authors and not any(member == "aaa-zed" for _name, member in authors)


def test_an_email_or_handle_two_members_claim_is_credited_to_neither() -> None:
    community = _community({"members/ada.yml": "name: Ada\ncontact: {email: a@example.org, github: ada}\n",
                            "members/bea.yml": "name: Bea\ncontact: {email: A@example.org}\naliases: [Ada]\n",
                            "members/cy.yml": "name: Cy\ncontact: {github: ADA}\n"})
    table = owners(community.members, {"ada": 0, "bea": 1, "cy": 1})
    assert table["a@example.org"] is None and table["ada"] is None  # two members' own e-mail, two handles
    assert table["ada@users.noreply.github.com"] is None
    assert table["bea"] == "bea" and table["cy"] == "cy"
    # Bea's alias 'Ada' is Ada's name: an alias never takes it, whoever came first.
    assert owners(community.members, {"bea": 0, "ada": 1})["ada"] is None  # (the handle is still contested)
    assert owners(community.members)["ada"] is None


def _community(files: dict[str, str], root: Path | None = None):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        write_files(Path(folder), files)
        community, _ = load_community(Path(folder))
    return community


# --- .mailmap -----------------------------------------------------------------------------------------------

def test_a_mailmap_change_that_moves_credit_is_reported_against_the_base(branch: Path, capsys) -> None:
    commit(branch, {".mailmap": "# Folded addresses\nMallory Quinn <mallory@example.net> <ada@example.org>\n",
                    "members/mallory-quinn.yml": "name: Mallory Quinn\ncontact: {email: mallory@example.net}\n"},
           "Tidy the mailmap", who=MALLORY, when="2026-03-01T10:00:00Z")
    base = git(branch, "rev-parse", "--short=7", "origin/main").strip()
    expected = (f".mailmap:2:1: error: this line moves 4 commits from Ada Okafor (ada-okafor) to Mallory Quinn "
                f"(mallory-quinn), compared with origin/HEAD ({base}): by 'Ada Okafor <ada@example.org>'; make sure "
                "those commits are theirs [mailmap-moves-credit]")
    assert check(branch, capsys) == (1, [expected, "cop-site: 1 error, 0 warnings (5 members, 3 practices, "
                                                    "2 domains, 3 terms)"])
    # The same base, named on the command line or by GitHub for a pull request.
    assert check(branch, capsys, "--base", "origin/main")[1][0] == expected.replace("origin/HEAD", "origin/main")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GITHUB_BASE_REF", "main")
        assert check(branch, capsys)[1][0] == expected.replace("origin/HEAD", "origin/main")
    # Compared with the branch itself, nothing changed.
    assert check(branch, capsys, "--base", "pr")[0] == 0


def test_a_mailmap_line_folding_an_old_address_into_a_member_is_a_warning(branch: Path, capsys) -> None:
    commit(branch, {RETRO: str(MINI[RETRO]) + "\nFrom the old laptop.\n"}, "Old laptop",
           who="B. Chen <bo@old.example.org>", when="2026-02-20T10:00:00Z")
    commit(branch, {".mailmap": "Bo Chen <bo@example.org> <bo@old.example.org>\n"}, "Fold Bo's old address",
           who=BO, when="2026-02-21T10:00:00Z")
    code, lines = check(branch, capsys)
    assert code == 0 and lines[0].startswith(
        ".mailmap:1:1: warning: this line moves 1 commit from no member to Bo Chen (bo-chen), compared with "
        "origin/HEAD")
    assert lines[0].endswith("by 'B. Chen <bo@old.example.org>' [mailmap-moves-credit]")


def test_an_uncommitted_mailmap_is_compared_with_the_last_commit(origin: Path, tmp_path: Path, capsys) -> None:
    solo = tmp_path / "solo"
    shutil.copytree(origin, solo)  # main only: no remote, no branch
    write_files(solo, {".mailmap": "Bo Chen <bo@example.org> <ada@example.org>\n"})
    code, lines = check(solo, capsys)
    assert code == 1 and lines[0].startswith(".mailmap:1:1: error: this line moves 4 commits from Ada Okafor "
                                             "(ada-okafor) to Bo Chen (bo-chen), compared with main (")


def test_a_mailmap_that_turns_members_into_bots_is_an_error_and_fails_the_strict_build(branch: Path, capsys) -> None:
    before = credit(branch)
    bot = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"
    commit(branch, {".mailmap": f"{bot} <ada@example.org>\n{bot} <bo@example.org>\n"}, "Bots", who=MALLORY)
    code, lines = check(branch, capsys)
    assert code == 1
    assert [line.split(": error: ")[0] + " " + line.rsplit(" ", 1)[1] for line in lines[:-1]] == [
        ".mailmap:1:1 [mailmap-bot]", ".mailmap:1:1 [mailmap-moves-credit]",
        ".mailmap:2:1 [mailmap-bot]", ".mailmap:2:1 [mailmap-moves-credit]"]
    assert lines[0] == (".mailmap:1:1: error: this line maps <ada@example.org> onto dependabot[bot] "
                        "<49699333+dependabot[bot]@users.noreply.github.com>, which matches the bot pattern "
                        "'*[bot]*': their commits would count for nothing; map them to a person, or remove the line "
                        "[mailmap-bot]")
    assert "moves 4 commits from Ada Okafor (ada-okafor) to a bot" in lines[1]
    assert "moves 3 commits from Bo Chen (bo-chen) to a bot" in lines[3]
    strict = build_site(branch / "mkdocs.yml", strict=True, site_dir=branch.parent / "strict")
    assert strict.error is not None and any("[mailmap-bot]" in line for line in strict.logs())
    # The build applies the checked-out .mailmap, as git does: what the check stops never reaches main.
    assert credit(branch) != before


def test_mailmap_lines_are_read_as_git_reads_them() -> None:
    entries = parse_mailmap("# comment\nProper <p@x.org>\n<p@x.org> <c@x.org>\nP <p@x.org> Old <c@x.org>\r\n\nbad\n")
    assert [(e.line, e.proper_name, e.proper_email, e.commit_name, e.commit_email) for e in entries] == [
        (2, "Proper", "", "", "p@x.org"), (3, "", "p@x.org", "", "c@x.org"), (4, "P", "p@x.org", "Old", "c@x.org")]
    assert entry_for(entries, "old", "C@x.org").line == 4  # a name-specific line first, in any case
    assert entry_for(entries, "Someone", "c@x.org").line == 3
    assert entry_for(entries, "Someone", "n@x.org") is None


# --- Look-alikes and invisible characters ---------------------------------------------------------------------

def test_four_look_alike_ada_okafors_are_reported_naming_both_profiles(branch: Path, capsys) -> None:
    before = credit(branch)
    commit(branch, {"members/ada-okafor-2.yml": "name: Ada Okafor\n",
                    "members/ada-okafor-3.yml": "name: \u0410da Okafor\n",  # a Cyrillic А
                    "members/ada-okafor-4.yml": "name: \"Ada\\u200bOkafor\"\n"}, "Three more", who=MALLORY)
    code, lines = check(branch, capsys)
    assert code == 1
    assert lines[:-1] == [
        "members/ada-okafor-2.yml:1:7: warning: 'Ada Okafor' is also the name of ada-okafor (members/ada-okafor.yml); "
        "readers cannot tell the two profiles apart, and commits signed with this name alone are credited to "
        "neither: add a role or organization to tell them apart, and the e-mail you commit with to contact or "
        "aliases [duplicate-name]",
        "members/ada-okafor-3.yml:1:7: warning: name '\u0410da Okafor' (written with U+0410 CYRILLIC CAPITAL LETTER A) "
        "reads the same as the name 'Ada Okafor' of ada-okafor (members/ada-okafor.yml); readers cannot tell them "
        "apart: write it as the member writes it everywhere else [look-alike]",
        "members/ada-okafor-4.yml:1:7: error: name 'Ada\\u200bOkafor' has U+200B ZERO WIDTH SPACE at character 4, "
        "which cannot be seen: it can make one member's name pass for another's; remove it [invisible-character]",
        "members/ada-okafor-4.yml:1:7: warning: name 'Ada\\u200bOkafor' (written with U+200B ZERO WIDTH SPACE) reads "
        "the same as the name 'Ada Okafor' of ada-okafor (members/ada-okafor.yml); readers cannot tell them apart: "
        "write it as the member writes it everywhere else [look-alike]",
    ]
    assert credit(branch) == before  # Ada's commits carry her e-mail: her credit stays hers


@pytest.mark.parametrize("name, hidden", [
    ("Ada Okafor", []),
    ("Ada\u200bOkafor", ["\u200b"]),
    ("Ada \u202eOkafor", ["\u202e"]),  # right-to-left override
    ("\u2066Ada\u2069", ["\u2066", "\u2069"]),
    ("Ada\u00adOkafor", ["\u00ad"]),  # soft hyphen
    ("\u3164Ada", ["\u3164"]),  # Hangul filler
    ("Ada\u200dOkafor", ["\u200d"]),  # a joiner between Latin letters joins nothing
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", []),  # Persian: the non-joiner is how it is written
    ("Ada \U0001f469\u200d\U0001f4bb", []),  # an emoji sequence
    ("Ada \u2764\ufe0f", []),
])
def test_invisible_characters_are_found_but_the_joiners_scripts_need_are_kept(name: str, hidden: list[str]) -> None:
    assert [ch for _index, ch in invisible_characters(name)] == hidden


@pytest.mark.parametrize("one, other, same", [
    ("Ada Okafor", "ADA  OKAFOR", True),
    ("Ada Okafor", "\u0410da Okafor", True),  # Cyrillic А
    ("Ada Okafor", "\u0391da \u039fkafor", True),  # Greek Α and Ο
    ("Ada Okafor", "Ada\u200bOkafor", True),
    ("Ada Okafor", "\uff21\uff44\uff41 Okafor", True),  # full-width
    ("Ada Okafor", "Ada 0kafor", True),  # a zero
    ("Alice", "AIice", True),  # a capital I for the l
    ("Ian Nguyen", "Lan Nguyen", False),
    ("Ada Okafor", "Adá Okafor", False),
    ("Wei Zhang", "Wei Zhan", False),
])
def test_skeletons_match_names_that_read_the_same(one: str, other: str, same: bool) -> None:
    assert (skeleton(one) == skeleton(other)) is same


def test_an_id_with_an_invisible_character_is_an_error(tmp_path: Path, make_repo, capsys) -> None:
    make_repo(tmp_path, {"members/ada\u200bokafor.yml": "name: Ada\n", "members/bo.yml": "name: Bo\n"})
    code, lines = check(tmp_path, capsys)
    assert code == 1 and "[invalid-id]" in lines[0] and lines[0].startswith("members/ada\u200bokafor.yml:1:1: error:")


def test_aliases_and_emails_that_look_like_another_members_are_warnings(tmp_path: Path, make_repo, capsys) -> None:
    make_repo(tmp_path, {"members/ada.yml": "name: Ada Okafor\ncontact: {email: ada@example.org}\n",
                         "members/mal.yml": "name: Mal\naliases: [\u0430da@example.org]\n"})  # a Cyrillic а
    code, lines = check(tmp_path, capsys)
    assert code == 0 and lines[0] == (
        "members/mal.yml:2:11: warning: alias '\u0430da@example.org' (written with U+0430 CYRILLIC SMALL LETTER A) "
        "reads the same as the e-mail 'ada@example.org' of ada (members/ada.yml); readers cannot tell them apart: "
        "write it as the member writes it everywhere else [look-alike]")
