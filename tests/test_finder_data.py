"""What the people finder on /people/ reads, without a browser: cop.json holds every field it filters on, as the
plain values the profiles wrote, and the people pages tell the script where cop.json is and how profile URLs are
written, at any page depth and with or without directory URLs. The finder itself is driven in tests/e2e/test_finder.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest

from site_helpers import MINI, MKDOCS_YML, Built, build_mini

HOSTILE_NAME = '<img src=x onerror="alert(1)"> *Eve* & [co](javascript:alert(2))'
HOSTILE = {
    "members/eve-hostile.yml": f"""\
name: {json.dumps(HOSTILE_NAME)}
role: "<b>Chief</b> & co"
organization: "A_B *C*"
location: "<script>alert(3)</script> Zürich"
timezone: Europe/Zurich
expertise: {{facilitation: expert}}
topics: ["<i>tables</i>", "R&D"]
mentor: true
""",
}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_mini(tmp_path_factory.mktemp("finder-mini"), {**MINI, **HOSTILE})


def graph_members(built: Built) -> dict[str, dict]:
    return {m["id"]: m for m in json.loads(built.file("cop.json").read_text(encoding="utf-8"))["members"]}


def test_cop_json_carries_every_field_the_finder_filters_on(mini: Built) -> None:
    members = graph_members(mini)
    ada = members["ada-okafor"]
    assert {key: ada[key] for key in ("name", "role", "organization", "status", "mentor", "expertise", "topics",
                                      "location", "timezone", "url")} == {
        "name": "Ada Okafor", "role": "Facilitator", "organization": "", "status": "active", "mentor": True,
        "expertise": {"facilitation": "expert", "knowledge-sharing": "practitioner"},
        "topics": ["remote workshops", "timeboxing"], "location": "", "timezone": "", "url": "people/ada-okafor/"}
    assert members["cy-oldham"]["status"] == "alumni" and members["bo-chen"]["mentor"] is False
    for member in members.values():
        assert mini.file(member["url"]).is_file(), member["url"]


def test_contributor_text_in_cop_json_is_the_plain_value_never_html(mini: Built) -> None:
    eve = graph_members(mini)["eve-hostile"]
    assert eve["name"] == HOSTILE_NAME
    assert (eve["role"], eve["organization"], eve["location"], eve["timezone"]) == (
        "<b>Chief</b> & co", "A_B *C*", "<script>alert(3)</script> Zürich", "Europe/Zurich")
    assert eve["topics"] == ["<i>tables</i>", "R&D"]
    article = mini.article("people/")
    assert not article.find_all("img") and not article.find_all("script") and not article.find_all("b")
    assert HOSTILE_NAME in [a.text() for a in article.find_all("a", cls="cop-card__name")]


def finder_source(built: Built, url: str) -> str:
    """The data-source URL the people page at ``url`` gives the finder."""
    finder = built.article(url).find("div", cls="cop-finder")
    assert finder is not None, f"no finder on {url}"
    assert "hidden" in finder.attrs, "the finder must stay hidden until its script runs"
    return finder.attrs["data-source"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_finder_finds_cop_json_and_profile_urls_from_any_people_page(tmp_path: Path, directory_urls: bool) -> None:
    """Page 2 of the directory is two folders deeper; without directory URLs pages are ``.html`` files."""
    many = {f"members/m{n:03d}.yml": f"name: Member {n:03d}\nexpertise: {{facilitation: learning}}\n"
            for n in range(130)}  # more than a page of the directory
    files = {**MINI, **many}
    if not directory_urls:
        files["mkdocs.yml"] = MKDOCS_YML + "use_directory_urls: false\n"
    built = build_mini(tmp_path, files)
    pages = {"people/": "people/page/2/"} if directory_urls else {"people/index.html": "people/page/2/index.html"}
    site = "https://example.org/mini/"
    for url in [*pages, *pages.values()]:
        source = finder_source(built, url)
        assert urljoin(site + url, source) == site + "cop.json", (url, source)
        cards = built.article(url).find_all("a", cls="cop-card__name")
        assert cards, url
        for link in cards:
            member = link.attrs["data-member"]
            target = urljoin(site + url, link.attrs["href"])
            expected = f"people/{member}/" if directory_urls else f"people/{member}.html"
            assert target == site + expected, (url, link.attrs)
            # The finder writes another member's link as this one with the id replaced: it must exist too.
            at = target.rindex(member)
            other = target[:at] + "bo-chen" + target[at + len(member):]
            assert built.file(other[len(site):]).is_file(), other
