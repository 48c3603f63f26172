"""The header's search, in a real browser, on the example community built by each engine: what comes first.

The relevance set is the questions readers ask of a community's site: a member's name, a topic someone lists
under "Ask me about", a glossary term, a practice's title, a misspelling. Names, terms and titles are taken from
the example's own files, so every one of them is asked (over 80 queries); topics and misspellings are written here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cop_site.model import Term
from e2e_helpers import REPO_ROOT, Reader, missing_requirements

playwright = pytest.importorskip("playwright.sync_api", reason=missing_requirements())
expect = playwright.expect


def _example() -> tuple[dict[str, dict], dict[str, tuple[str, str]], dict[str, list[tuple[str, str]]],
                        dict[str, list[tuple[str, str]]]]:
    """(members by id, practice title -> (domain, id), term (lower case) -> [(domain, anchor)], the same for the
    terms' aliases) of the example."""
    members = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO_ROOT / "members").glob("*.yml"))}
    practices = {}
    for path in sorted((REPO_ROOT / "practices").glob("*/*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
        practices[front["title"]] = (path.parent.name, path.stem)
    terms: dict[str, list[tuple[str, str]]] = {}
    aliases: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((REPO_ROOT / "practices").glob("*/glossary.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            term = Term(source="", term=entry["term"], domain=path.parent.name)
            terms.setdefault(term.term.lower(), []).append((term.domain, term.anchor))
            for alias in entry.get("aliases") or []:
                aliases.setdefault(alias.lower(), []).append((term.domain, term.anchor))
    return members, practices, terms, aliases


MEMBERS, PRACTICES, TERMS, ALIASES = _example()
TOPICS = {t.lower() for m in MEMBERS.values() for t in m.get("topics") or []}


def ask(reader: Reader, query: str) -> tuple[list[str], str]:
    """Type ``query`` into the header's search: (the site paths of the results shown, with their #anchor and without
    the ?h= that marks the words; the direct answer's text)."""
    box = reader.page.locator("input.cop-search__input")
    box.fill("")
    box.press_sequentially(query, delay=5)
    reader.page.wait_for_function(
        "q => document.querySelector('[data-cop-search]').getAttribute('data-cop-query') === q && /result/i.test("
        "document.querySelector('.cop-search__status').textContent)", arg=query)
    hrefs = reader.page.eval_on_selector_all(".cop-search__result a", "links => links.map(a => a.href)")
    answer = reader.page.locator(".cop-search__answer").inner_text()
    return [re.sub(r"\?h=[^#]*", "", h).removeprefix(reader.base_url) for h in hrefs], answer


@pytest.fixture
def searcher(reader: Reader) -> Reader:
    reader.goto()
    reader.page.locator("input.cop-search__input").click()
    return reader


def _within(results: list[str], wanted: str, places: int) -> bool:
    return wanted in results[:places]


def test_a_members_name_finds_their_profile_first(searcher: Reader) -> None:
    wrong = []
    for member_id, member in MEMBERS.items():
        for query in (member["name"], member["name"].split()[0]):
            results, _ = ask(searcher, query)
            if not results or results[0] != f"people/{member_id}/":
                wrong.append(f"{query!r}: {results[:3]}")
    assert len(MEMBERS) >= 10 and wrong == [], "\n".join(wrong)
    searcher.assert_clean()


def test_a_practice_title_finds_the_practice_first_or_after_the_people_and_entry_of_the_same_name(
        searcher: Reader) -> None:
    wrong = []
    for title, (domain, practice) in PRACTICES.items():
        results, _ = ask(searcher, title)
        # Before it, only the people who list the title as a topic and the glossary entry of that name.
        ahead = sum(1 for m in MEMBERS.values() if title.lower() in {t.lower() for t in m.get("topics") or []})
        ahead += title.lower() in TERMS or title.lower() in ALIASES
        if f"practices/{domain}/{practice}/" not in results[: 1 + ahead]:
            wrong.append(f"{title!r}: {results[:3]}")
    assert len(PRACTICES) >= 20 and wrong == [], "\n".join(wrong)


def test_a_glossary_term_or_alias_finds_its_entry_first_or_after_the_people_who_know_it(searcher: Reader) -> None:
    wrong = []
    for term, entries in [*TERMS.items(), *ALIASES.items()]:
        results, _ = ask(searcher, term)
        entry_urls = {f"glossary/{domain}/#{anchor}" for domain, anchor in entries}
        ahead = sum(1 for m in MEMBERS.values() if term in {t.lower() for t in m.get("topics") or []})
        ahead += len(entries) - 1  # a term of several domains: any of its entries
        if not entry_urls & set(results[: 1 + ahead]):
            wrong.append(f"{term!r}: {results[:3]}")
    assert len(TERMS) >= 30 and len(ALIASES) >= 20 and wrong == [], "\n".join(wrong)


# (query, the people who list it as a topic, in the order they must come: experts, practitioners, then others;
# evidenced first within a level; ties in the index's order, so a set)
TOPIC_CASES = [
    ("chat platforms", [{"ada-okafor"}]),
    ("sponsorship", [{"mei-lin-chen"}, {"liam-oconnor"}]),  # expert, then practitioner
    ("fishbowls", [{"aroha-ngata", "mei-lin-chen"}]),
    ("knowledge harvests", [{"priya-raman", "tomasz-nowak"}]),
    ("docs-as-code", [{"ada-okafor", "ana-lucia-ferreira"}]),
    ("retrospectives", [{"noa-levi"}]),
    ("mentoring", [{"rafael-moreno"}]),
    ("captioning", [{"jamal-haddad"}]),
    ("Inner Source", [{"fatima-zahra-benali"}]),  # any case
    ("situated learning", [{"johan-lindqvist"}]),
]


@pytest.mark.parametrize("query, people", TOPIC_CASES, ids=[q for q, _ in TOPIC_CASES])
def test_a_topic_brings_the_people_who_know_it_first_experts_first_with_a_direct_answer(
        searcher: Reader, query: str, people: list[set[str]]) -> None:
    results, answer = ask(searcher, query)
    position = 0
    for group in people:
        assert {r.removeprefix("people/").rstrip("/") for r in results[position: position + len(group)]} == group, \
            results[:5]
        position += len(group)
    assert answer.startswith(f"People who know {query}: "), answer
    names = [MEMBERS[member]["name"] for group in people for member in sorted(group)]
    assert all(name in answer for name in names), answer
    first_level = re.search(r"\((Expert|Practitioner|Learning)\)", answer)
    assert first_level and first_level.group(1) == "Expert" or query in ("retrospectives", "captioning", "Inner Source")


MISSPELT = [
    ("lean cofee", "people/aroha-ngata/"),          # a letter missing: her topic "lean coffee"
    ("Mei Lin Chen", "people/mei-lin-chen/"),       # a space for a hyphen
    ("Sofia Alvarez", "people/sofia-alvarez/"),     # without accents
    ("Ana Lucia", "people/ana-lucia-ferreira/"),
    ("onboard", "people/rafael-moreno/"),            # the start of a word: "onboarding programmes"
]


@pytest.mark.parametrize("query, wanted", MISSPELT, ids=[q for q, _ in MISSPELT])
def test_a_near_miss_still_finds_it(searcher: Reader, query: str, wanted: str) -> None:
    results, _ = ask(searcher, query)
    assert _within(results, wanted, 3), results[:5]


def test_results_say_what_they_are_and_an_unknown_word_says_so(searcher: Reader) -> None:
    ask(searcher, "Aroha")
    first = searcher.page.locator(".cop-search__result").first
    expect(first.locator(".cop-search__kind")).to_have_text(re.compile(r"^Person · Expert$", re.I))
    expect(first.locator(".cop-search__excerpt mark").first).to_have_text(re.compile("aroha", re.I))
    results, answer = ask(searcher, "qqzzxv")
    assert results == [] and answer == ""
    expect(searcher.page.locator(".cop-search__status")).to_have_text("No results for \u201cqqzzxv\u201d.")
    searcher.page.keyboard.press("Escape")
    expect(searcher.page.locator(".cop-search__panel")).to_be_hidden()
    searcher.assert_clean()


def test_the_first_search_fetches_a_small_part_of_the_index(reader: Reader, site_dir: Path) -> None:
    """Pagefind fetches the chunks holding the words typed, not the whole index (Material's fetches it all)."""
    fetched: list[int] = []
    requested: list[str] = []
    reader.page.on("request", lambda r: requested.append(r.url))
    reader.page.on("response", lambda r: "/pagefind/" in r.url and fetched.append(len(r.body())))
    reader.goto()
    reader.page.keyboard.press("/")
    ask(reader, "facilitation")
    index = sum(f.stat().st_size for f in (site_dir / "pagefind").rglob("*") if f.is_file())
    assert fetched and sum(fetched) < index / 2, (sum(fetched), index)
    theirs = [url for url in requested if url.endswith(("search_index.json", "/search.json"))]
    assert theirs == [], "the theme's whole index was fetched too"


def test_the_word_being_typed_is_completed_and_the_right_arrow_takes_it(searcher: Reader) -> None:
    box = searcher.page.locator("input.cop-search__input")
    box.press_sequentially("mentori", delay=5)
    hint = searcher.page.locator(".cop-search__suggest")
    expect(hint).to_have_text("mentoring")  # "mentori" typed (transparent, over the field's own text), "ng" in grey
    expect(hint.locator(".cop-search__typed")).to_have_text("mentori")
    box.press("ArrowRight")
    expect(box).to_have_value("mentoring")
    expect(searcher.page.locator("[data-cop-search]")).to_have_attribute("data-cop-query", "mentoring")
    expect(searcher.page.locator(".cop-search__direct")).to_contain_text("People who know mentoring: Rafael Moreno Ruiz")
