"""End-to-end: real `mkdocs build` runs of mini communities in tmp_path, asserted on the HTML they produce.

Each mini community is written from ``site_helpers.MINI`` (plus what a test adds), built in this process with the
real MkDocs, Material and the cop-site plugin, and read back with the stdlib HTML parser. To see a failing site,
build the same files by hand: ``NO_MKDOCS_2_WARNING=1 mkdocs build --strict -f <tmp>/mkdocs.yml``.
"""

from __future__ import annotations

import json
import logging
import re
from importlib import resources
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from site_helpers import (MINI, MINI_DOMAINS, MINI_MEMBERS, MINI_PRACTICES, MINI_SITE_URL, MINI_TERMS, MKDOCS_YML,
                          PNG_BYTES, REPO_ROOT, Built, Node, broken_links, build_mini, build_site, glossary_entries,
                          parse_html, resolve, section, write_files)

EDIT_BASE = "https://github.com/example/cop/edit/main/"


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The mini community, built once with --strict; tests only read it."""
    return build_mini(tmp_path_factory.mktemp("mini"))


def links_in(built: Built, url: str, nodes: list[Node] | Node) -> set[str]:
    """The site URLs (relative to the root, no fragment) of the links among ``nodes``."""
    nodes = nodes if isinstance(nodes, list) else [nodes]
    out = set()
    for a in (a for n in nodes for a in n.find_all("a") if "href" in a.attrs):
        found = resolve(built.site, MINI_SITE_URL, url, a.attrs["href"])
        if found is not None:
            out.add(found[0].relative_to(built.site).as_posix().removesuffix("index.html"))
    return out


def h1(built: Built, url: str) -> str:
    heading = built.article(url).find("h1")
    assert heading is not None, f"{url} has no h1"
    return heading.text().removesuffix("¶").strip()


def edit_link(built: Built, url: str) -> str | None:
    button = built.doc(url).find("a", rel="edit")
    return button.attrs["href"] if button is not None else None


# --- 1. The page map -------------------------------------------------------------------------------------------

def test_every_page_of_the_page_map_is_built(mini: Built) -> None:
    expected = {
        "people/": "People", "expertise/": "Who knows what", "domains/": "Domains", "glossary/": "Glossary",
        "start-here/": "Start here", "practices/": "All practices",
        **{f"people/{i}/": name for i, name in MINI_MEMBERS.items()},
        **{f"domains/{i}/": title for i, title in MINI_DOMAINS.items()},
        **{f"practices/{key}/": title for key, title in MINI_PRACTICES.items()},
    }
    missing = [url for url in expected if not mini.file(url).is_file()]
    assert not missing, f"pages not built: {missing}"
    assert {url: h1(mini, url) for url in expected} == expected


def test_community_graph_is_published_as_json(mini: Built) -> None:
    graph = json.loads(mini.file("cop.json").read_text(encoding="utf-8"))
    assert {m["id"]: m["name"] for m in graph["members"]} == MINI_MEMBERS
    assert {d["id"]: d["title"] for d in graph["domains"]} == MINI_DOMAINS
    assert {p["id"]: p["title"] for p in graph["practices"]} == MINI_PRACTICES
    assert {t["url"].partition("#")[2]: t["term"] for t in graph["terms"]} == MINI_TERMS
    for item in graph["members"] + graph["domains"] + graph["practices"]:
        assert mini.file(item["url"]).is_file(), f"cop.json names {item['url']!r}, which the site does not have"


@pytest.mark.parametrize("name", ["member", "practice", "domain", "glossary"])
def test_json_schemas_are_published(mini: Built, name: str) -> None:
    packaged = resources.files("cop_site").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    assert json.loads(mini.file(f"schemas/{name}.schema.json").read_text(encoding="utf-8")) == json.loads(packaged)


# --- 2. Links ----------------------------------------------------------------------------------------------------

def test_every_internal_link_resolves(mini: Built) -> None:
    assert broken_links(mini.site, MINI_SITE_URL) == []


def test_glossary_links_point_at_existing_term_anchors(mini: Built) -> None:
    entries = glossary_entries(mini)
    assert set(MINI_TERMS) <= set(entries)
    anchors = set()
    for key in MINI_PRACTICES:
        for a in mini.article(f"practices/{key}/").find_all("a", cls="cop-term"):
            file, fragment = resolve(mini.site, MINI_SITE_URL, f"practices/{key}/", a.attrs["href"])
            assert file == mini.file(entries[fragment][0])  # the entry's own domain's glossary page
            anchors.add(fragment)
    assert anchors == set(MINI_TERMS)  # every term of the mini community is used, and linked, somewhere


def test_glossary_index_lists_every_term_a_to_z_and_each_domain_has_its_page(mini: Built) -> None:
    entries = glossary_entries(mini)
    targets = {}
    for a in mini.article("glossary/").find_all("a"):
        file, fragment = resolve(mini.site, MINI_SITE_URL, "glossary/", a.attrs["href"])
        if fragment in entries:
            targets[a.text()] = (file, fragment)
    assert targets == {term: (mini.file(entries[anchor][0]), anchor) for anchor, term in MINI_TERMS.items()}
    assert {url for url, _heading in entries.values()} == {"glossary/facilitation/", "glossary/knowledge-sharing/"}


# --- 3. Glossary links in practices --------------------------------------------------------------------------------

def term_links(built: Built, practice: str) -> list[tuple[str, str, str]]:
    """(anchor, linked text, title) of each glossary link in a practice page, in order."""
    return [(a.attrs["href"].partition("#")[2], a.text(), a.attrs.get("title", ""))
            for a in built.article(f"practices/{practice}/").find_all("a", cls="cop-term")]


def test_glossary_term_is_linked_on_first_use_only_with_its_definition_as_title(mini: Built) -> None:
    # lean-coffee uses "retrospective" in prose three times after the skipped places; only the first is linked.
    links = term_links(mini, "facilitation/lean-coffee")
    assert [anchor for anchor, _, _ in links] == ["facilitation-retrospective", "facilitation-lean-coffee"]
    assert links[0][2] == "A session in which a group looks back at its work and picks one change."  # plain text
    assert links[1][2] == "A meeting without a prepared agenda."
    paragraph = mini.article("practices/facilitation/lean-coffee/").find("a", cls="cop-term").parent
    assert paragraph.text().count("retrospective") == 2  # the two later uses stay plain text
    # Each practice page links each term once, however often it is used.
    for key in MINI_PRACTICES:
        anchors = [anchor for anchor, _, _ in term_links(mini, key)]
        assert len(anchors) == len(set(anchors)), f"{key} links a term twice: {anchors}"


def test_glossary_links_match_plurals_and_aliases(mini: Built) -> None:
    assert [(a, text) for a, text, _ in term_links(mini, "facilitation/lean-coffee")] == [
        ("facilitation-retrospective", "Retrospectives"),  # plural, capitalised
        ("facilitation-lean-coffee", "lean-coffee session"),  # alias, before the term itself is used
    ]
    assert [(a, text) for a, text, _ in term_links(mini, "facilitation/retrospective")] == [
        ("facilitation-retrospective", "retro"),  # alias; the later "retrospective" is the same term
        ("knowledge-sharing-knowledge-harvest", "knowledge harvest"),  # a term of another domain
    ]
    assert [(a, text) for a, text, _ in term_links(mini, "knowledge-sharing/knowledge-harvest")] == [
        ("knowledge-sharing-knowledge-harvest", "harvest"),
        ("facilitation-retrospective", "retrospective"),
    ]


def test_glossary_terms_are_not_linked_inside_code_headings_links_or_page_furniture(mini: Built) -> None:
    article = mini.article("practices/facilitation/lean-coffee/")
    checked = 0
    for key in MINI_PRACTICES:
        for a in mini.article(f"practices/{key}/").find_all("a", cls="cop-term"):
            checked += 1
            inside = [n.tag for n in a.ancestors() if n.tag in {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
                      or "cop-meta" in n.classes]
            assert not inside, f"{key}: term link {a.text()!r} inside {inside}"
    assert checked, "no glossary links at all"
    # Each place the term comes before its first linked use still holds it, as plain text.
    heading = article.find("h2", id="why-a-retrospective-helps")
    assert heading.text().startswith("Why a retrospective helps") and not heading.find_all("a", cls="cop-term")
    assert [c.text() for c in article.find_all("code")] == ["retrospective", "retrospective in a fenced block"]
    assert article.find("a", href="https://example.org/retro").text() == "about the retrospective"
    lead = article.find("p", cls="cop-lead")
    assert "before a retrospective" in lead.text() and not lead.find_all("a")


# --- 4. Profiles -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("member, practices, domains", [
    ("ada-okafor", {"practices/facilitation/lean-coffee/", "practices/facilitation/retrospective/"},
     {"domains/facilitation/"}),
    ("bo-chen", {"practices/knowledge-sharing/knowledge-harvest/"}, {"domains/knowledge-sharing/"}),
    ("dee-newman", set(), set()),
])
def test_profile_lists_the_practices_and_domains_its_member_stewards(mini: Built, member: str, practices: set[str],
                                                                      domains: set[str]) -> None:
    url = f"people/{member}/"
    article = mini.article(url)
    assert links_in(mini, url, section(article, "practices-stewarded")) == practices
    if domains:
        assert links_in(mini, url, section(article, "domains-stewarded")) == domains
    else:
        assert article.find(id="domains-stewarded") is None


def card(built: Built, member_id: str) -> Node:
    """The member's card in the people directory."""
    for li in built.article("people/").find_all("li"):
        name = li.find("a", cls="cop-card__name")
        if name is not None and name.attrs["href"] == f"{member_id}/":
            return li
    raise AssertionError(f"no card for {member_id} on /people/")


def badges(node: Node) -> set[str]:
    return {c.removeprefix("cop-badge--") for n in node.find_all("span", cls="cop-badge") for c in n.classes} - {
        "cop-badge"}


def test_alumni_member_is_marked_on_profile_and_directory(mini: Built) -> None:
    profile = mini.article("people/cy-oldham/")
    assert "alumni" in badges(profile.find("div", cls="cop-profile"))
    note = profile.find("div", cls="admonition")
    assert note is not None and note.find("p", cls="admonition-title").text() == "Alumni"
    cy = card(mini, "cy-oldham")
    assert "alumni" in badges(cy)
    assert any("cop-people--alumni" in n.classes for n in cy.ancestors())
    for active in ("ada-okafor", "bo-chen", "dee-newman"):
        assert "alumni" not in badges(card(mini, active)) | badges(mini.article(f"people/{active}/"))


def test_mentor_is_marked_on_profile_and_directory(mini: Built) -> None:
    profile = mini.article("people/ada-okafor/")
    assert "mentor" in badges(profile.find("div", cls="cop-profile"))
    assert profile.find("div", cls="admonition").find("p", cls="admonition-title").text() == "Open to mentoring"
    assert "mentor" in badges(card(mini, "ada-okafor"))
    assert card(mini, "ada-okafor").find("a", cls="cop-card__name").attrs["data-member"] == "ada-okafor"  # the finder's
    for other in ("bo-chen", "cy-oldham", "dee-newman"):
        assert "mentor" not in badges(card(mini, other)) | badges(mini.article(f"people/{other}/"))
    mentors = mini.article("start-here/").find_all("a", cls="cop-card__name")
    assert [a.text() for a in mentors] == ["Ada Okafor"]


# --- 5. Search ---------------------------------------------------------------------------------------------------

def test_search_index_holds_members_their_topics_and_glossary_terms(mini: Built) -> None:
    docs = mini.search_index()
    titles = {d["location"]: d["title"] for d in docs}
    for member_id, name in MINI_MEMBERS.items():
        assert titles.get(f"people/{member_id}/") == name
    profile_text = " ".join(d["text"] for d in docs if d["location"].startswith("people/ada-okafor/"))
    for topic in ("remote workshops", "timeboxing"):
        assert topic in profile_text
    for anchor, term in MINI_TERMS.items():
        domain = next(d for d in MINI_DOMAINS if anchor.startswith(d + "-"))
        assert titles.get(f"glossary/{domain}/#{anchor}") == term


# --- 6. Strict builds ----------------------------------------------------------------------------------------------

def test_unknown_steward_fails_strict_build_with_its_position_and_plain_build_still_publishes(tmp_path: Path) -> None:
    practice = "practices/facilitation/lean-coffee.md"
    files = dict(MINI)
    files[practice] = files[practice].replace("[ada-okafor, cy-oldham]", "[ada-okafor, ada-okafr]")
    write_files(tmp_path, files)
    line_no, line = next((n, text) for n, text in enumerate(files[practice].splitlines(), 1) if "ada-okafr]" in text)
    column = line.index("ada-okafr]") + 1

    strict = build_site(tmp_path / "mkdocs.yml", strict=True, site_dir=tmp_path / "strict-site")
    assert isinstance(strict.error, Abort), f"strict build did not fail: {strict.error!r}"
    assert any(re.search(rf"{re.escape(practice)}:{line_no}:{column}: error: unknown member 'ada-okafr'.*"
                         r"did you mean 'ada-okafor'", message) for message in strict.logs(logging.WARNING)), \
        strict.logs(logging.WARNING)

    plain = build_site(tmp_path / "mkdocs.yml", strict=False, site_dir=tmp_path / "plain-site")
    assert plain.error is None
    assert h1(plain, "practices/facilitation/lean-coffee/") == "Lean coffee"
    assert links_in(plain, "practices/facilitation/lean-coffee/",
                    plain.article("practices/facilitation/lean-coffee/").find("div", cls="cop-practice-header")) >= {
        "people/ada-okafor/"}


# --- 7. Edit links -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, source", [
    ("people/ada-okafor/", "members/ada-okafor.yml"),
    ("practices/facilitation/lean-coffee/", "practices/facilitation/lean-coffee.md"),
    ("practices/knowledge-sharing/knowledge-harvest/", "practices/knowledge-sharing/knowledge-harvest.md"),
    ("domains/facilitation/", "practices/facilitation/domain.yml"),
    ("", "content/index.md"),
])
def test_edit_link_opens_the_real_source_file(mini: Built, url: str, source: str) -> None:
    assert edit_link(mini, url) == EDIT_BASE + source


def test_pages_with_no_source_file_have_no_edit_link(mini: Built) -> None:
    for url in ("people/", "expertise/", "glossary/", "start-here/", "practices/", "domains/"):
        assert edit_link(mini, url) is None, url


# --- 8. Hostile values ---------------------------------------------------------------------------------------------

HOSTILE = {
    **MINI,
    "members/mallory.yml": """\
name: "[x](javascript:alert(1))"
expertise: {facilitation: practitioner}
topics: ["*stars*", "`ticks`"]
""",
    "practices/facilitation/hostile.md": """\
---
title: "<img src=x onerror=alert(1)>"
summary: Hostile on purpose.
stewards: [mallory, ada-okafor]
---

Some prose.

<script>alert(1)</script>

<a href="javascript:alert(1)">x</a>

!!! note "Keep me"
    An admonition survives.

| Col A | Col B |
|---|---|
| one | two |

```python
print("fenced code survives")
```
""",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_mini(tmp_path_factory.mktemp("hostile"), HOSTILE)


def test_hostile_values_cannot_run_anywhere_in_the_site(hostile: Built) -> None:
    for file in hostile.html_files():
        where = file.relative_to(hostile.site)
        for node in parse_html(file.read_text(encoding="utf-8")).iter():
            handlers = [k for k in node.attrs if k.startswith("on")]
            assert not handlers, f"{where}: <{node.tag}> has event handlers {handlers}"
            for name, value in node.attrs.items():
                assert not re.sub(r"\s", "", value).lower().startswith("javascript:"), \
                    f"{where}: <{node.tag} {name}={value!r}>"
            if node.tag == "script":
                assert "alert(" not in node.text(), f"{where}: a contributor's script survived"


def test_hostile_member_name_and_practice_title_are_literal_text(hostile: Built) -> None:
    name, title = "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>"
    assert h1(hostile, "people/mallory/") == name
    assert card(hostile, "mallory").find("a", cls="cop-card__name").text() == name
    assert h1(hostile, "practices/facilitation/hostile/") == title
    header = hostile.article("practices/facilitation/hostile/").find("div", cls="cop-practice-header")
    assert name in [a.text() for a in header.find_all("a")]
    nav = hostile.doc("practices/facilitation/hostile/").find("nav", cls="md-nav--primary")
    assert title in [a.text() for a in nav.find_all("a")]
    stewarded = section(hostile.article("people/mallory/"), "practices-stewarded")
    assert [a.text() for n in stewarded for a in n.find_all("a")] == [title]


def test_hostile_topics_are_literal_text(hostile: Built) -> None:
    topics = section(hostile.article("people/mallory/"), "ask-me-about")
    assert [li.text() for n in topics for li in n.find_all("li")] == ["*stars*", "`ticks`"]
    ask_about = section(hostile.article("expertise/"), "ask-about")
    assert {"*stars*", "`ticks`"} <= {li.find("strong").text() for n in ask_about for li in n.find_all("li")}
    for file in hostile.html_files():
        doc = parse_html(file.read_text(encoding="utf-8"))
        assert not [n for n in doc.find_all("em") if n.text() == "stars"], file
        assert not [n for n in doc.find_all("code") if n.text() == "ticks"], file


def test_practice_body_loses_scripts_and_javascript_links_but_keeps_markdown(hostile: Built) -> None:
    article = hostile.article("practices/facilitation/hostile/")
    assert article.find_all("script") == []
    x = [a for a in article.find_all("a") if a.text() == "x"]
    assert len(x) == 1 and "href" not in x[0].attrs
    note = article.find("div", cls="admonition")
    assert "note" in note.classes and note.find("p", cls="admonition-title").text() == "Keep me"
    assert [th.text() for th in article.find("table").find_all("th")] == ["Col A", "Col B"]
    assert [td.text() for td in article.find("table").find_all("td")] == ["one", "two"]
    assert article.find("pre").find("code").text() == 'print("fenced code survives")'


def test_hostile_title_cannot_break_out_of_the_title_element(tmp_path: Path) -> None:
    files = {**MINI,
             "members/mallory.yml": 'name: "</title><script>alert(1)</script>"\nexpertise: {facilitation: learning}\n',
             "practices/facilitation/hostile.md":
                 '---\ntitle: "</title><script>alert(2)</script>"\nsummary: S.\nstewards: [ada-okafor]\n---\n\nBody.\n'}
    built = build_mini(tmp_path, files)
    ran = [f"{url}: {s.text()}" for url in ("people/mallory/", "practices/facilitation/hostile/")
           for s in built.doc(url).find_all("script") if "alert(" in s.text()]
    assert ran == []


# --- 9. Navigation -------------------------------------------------------------------------------------------------

def nav_sections(built: Built, url: str) -> dict[str, set[str]]:
    """The sections of a page's primary navigation below the top level: their titles and the pages they link."""
    primary = built.doc(url).find("nav", cls="md-nav--primary")
    sections = {}
    for nav in primary.find_all("nav", data_md_level="2"):
        label = nav.find("label", cls="md-nav__title").text()
        links = [a for a in nav.find_all("a", cls="md-nav__link") if not a.attrs["href"].startswith("#")]
        sections[label] = links_in(built, url, links)
    return sections


def test_generated_nav_lists_the_domains_and_no_practice_or_profile(mini: Built) -> None:
    primary = mini.doc("people/").find("nav", cls="md-nav--primary")
    everything = links_in(mini, "people/", primary)
    assert {"domains/", "domains/facilitation/", "domains/knowledge-sharing/", "practices/", "people/",
            "glossary/", "health/", "changes/", "expertise/", "start-here/"} <= everything
    assert not [u for u in everything if re.fullmatch(r"(people|practices/[^/]+)/[^/]+/", u)], everything


def test_a_practice_page_nav_holds_its_own_domain_and_its_practices_only(mini: Built) -> None:
    url = "practices/facilitation/lean-coffee/"
    assert nav_sections(mini, url) == {
        "Facilitation": {"domains/facilitation/", "practices/facilitation/lean-coffee/",
                         "practices/facilitation/retrospective/"}}
    primary = mini.doc(url).find("nav", cls="md-nav--primary")
    everything = links_in(mini, url, primary)
    assert "people/" in everything and "domains/knowledge-sharing/" not in everything
    assert not [u for u in everything if re.fullmatch(r"people/[^/]+/", u)], everything
    # The theme shows it as the current page, inside its domain's open section.
    current = primary.find("a", cls="md-nav__link--active")
    assert current is not None and links_in(mini, url, [current]) == {url}
    assert "md-nav__item--active" in next(n for n in current.ancestors() if n.tag == "li").classes
    # The breadcrumb leads up to the domain.
    crumbs = mini.article(url).find("nav", cls="cop-breadcrumb")
    assert [a.text() for a in crumbs.find_all("a")] == ["Domains", "Facilitation"]
    assert links_in(mini, url, crumbs) == {"domains/", "domains/facilitation/"}


# --- 10. The example community -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The repository's own community, built with --strict into a temporary folder."""
    return build_site(REPO_ROOT / "mkdocs.yml", strict=True, site_dir=tmp_path_factory.mktemp("example") / "site")


def test_example_community_builds_strict_with_every_profile(example: Built) -> None:
    assert example.error is None, f"{example.error!r}\n" + "\n".join(example.logs(logging.WARNING))
    members = {p.stem for p in (REPO_ROOT / "members").glob("*.yml")}
    profiles = {p.parent.name for p in (example.site / "people").glob("*/index.html")}
    assert profiles == members
    assert len(profiles) == 16


def test_example_community_has_no_broken_internal_links(example: Built) -> None:
    if example.error is not None:
        pytest.skip("the example did not build; see test_example_community_builds_strict_with_every_profile")
    assert broken_links(example.site, "https://example.org/practice-of-practice/") == []


# --- 11. Hand-written pages ----------------------------------------------------------------------------------------

HAND_WRITTEN_PEOPLE = {**MINI, "content/people/index.md": "# Our people\n\nWritten by hand: ask Ada.\n",
                       "mkdocs.yml": MKDOCS_YML.replace("  - cop-site\n",
                                                        "  - cop-site:\n      replace_pages: [people/index.md]\n")}
"""A hand-written directory of people, which the maintainers let replace the generated one (tests/test_inert_files.py
shows what happens without their say)."""


@pytest.fixture(scope="module")
def hand_written(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_mini(tmp_path_factory.mktemp("hand-written"), HAND_WRITTEN_PEOPLE)


def test_hand_written_page_replaces_the_generated_one(hand_written: Built) -> None:
    article = hand_written.article("people/")
    assert h1(hand_written, "people/") == "Our people"
    assert "Written by hand: ask Ada." in article.text()
    assert article.find("div", cls="cop-people") is None
    assert all(hand_written.file(f"people/{i}/").is_file() for i in MINI_MEMBERS)  # profiles are still generated
    assert "cop-site: content/people/index.md replaces the generated people/index.md, as replace_pages allows" in \
        hand_written.logs(logging.INFO)
    assert edit_link(hand_written, "people/") == EDIT_BASE + "content/people/index.md"


def test_hand_written_replacement_is_listed_once_in_the_nav(hand_written: Built) -> None:
    primary = hand_written.doc("").find("nav", cls="md-nav--primary")
    hrefs = [a.attrs["href"] for a in primary.find_all("a", cls="md-nav__link")]
    assert hrefs.count("people/") == 1, hrefs


# --- 12. Assets next to practices ----------------------------------------------------------------------------------

def test_asset_next_to_a_practice_is_published_and_its_image_resolves(mini: Built) -> None:
    url = "practices/facilitation/retrospective/"
    images = mini.article(url).find_all("img")
    assert [img.attrs["alt"] for img in images] == ["Diagram of a retrospective"]
    file, _ = resolve(mini.site, MINI_SITE_URL, url, images[0].attrs["src"])
    assert file == mini.site / "practices" / "facilitation" / "diagram.png"
    assert file.read_bytes() == PNG_BYTES
