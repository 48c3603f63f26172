"""The people finder on /people/, in a real browser: every filter on every member of the example (members/*.yml),
filters combined, the shared URL, the keyboard alone, axe on the filtered page, Material's instant navigation, the
page without JavaScript, and contributor text that stays text.

The expected members are read off the example's profiles by hand: if a profile changes, these lists change with it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from e2e_helpers import Reader, missing_requirements
from site_helpers import MINI, build_mini, serve

expect = pytest.importorskip("playwright.sync_api", reason=missing_requirements()).expect

RESULTS = ".cop-finder__results a.cop-card__name"
EVERY_CARD = 16  # members/*.yml: 15 active, 1 alumni, all on the first page


def finder(reader: Reader, query: str = "") -> None:
    reader.goto("people/" + (f"?{query}" if query else ""))
    expect(reader.page.locator("[data-cop-finder] form[role=search]")).to_be_visible()


def status(reader: Reader):
    """The finder's live region (Zensical's theme has a role=status dialog of its own)."""
    return reader.page.locator("[data-cop-finder]").get_by_role("status")


def expect_results(reader: Reader, names: list[str]) -> None:
    """The finder shows exactly these members, in this order, says how many, and hides the directory."""
    page = reader.page
    expect(page.locator(RESULTS)).to_have_text(names)
    count = {0: "No member matches these filters.", 1: "1 member matches."}.get(len(names),
                                                                          f"{len(names)} members match.")
    expect(status(reader)).to_have_text(count)
    expect(page.locator("[data-cop-directory]")).to_be_hidden()


def nav_link(reader: Reader, name: str):
    return reader.page.locator(".md-nav--primary").get_by_role("link", name=name, exact=True).first


def query_of(reader: Reader) -> dict[str, list[str]]:
    return parse_qs(urlsplit(reader.page.url).query)


def test_without_javascript_the_page_is_the_complete_list_and_the_finder_stays_hidden(open_reader) -> None:
    reader: Reader = open_reader(java_script_enabled=False)
    reader.goto("people/?domain=platforms")
    page = reader.page
    expect(page.locator("[data-cop-finder]")).to_be_hidden()
    expect(page.locator("[data-cop-directory] a.cop-card__name")).to_have_count(EVERY_CARD)
    reader.assert_clean()


@pytest.mark.parametrize(("fill", "names"), [
    # domain alone: experts, then practitioners, then learners, each A-Z
    ({"domain": "newcomers"}, ["Johan Lindqvist", "Rafael Moreno Ruiz", "Aroha Ngata", "Mei-Lin Chen",
                               "Kwame Mensah", "Sofía Álvarez"]),
    # level alone: expert in any domain; active A-Z, then alumni
    ({"level": "expert"}, ["Ada Okafor", "Ana Lúcia Ferreira", "Aroha Ngata", "Johan Lindqvist", "Mei-Lin Chen",
                           "Priya Raman", "Rafael Moreno Ruiz", "Tomasz Nowak"]),
    ({"domain": "newcomers", "level": "expert"}, ["Johan Lindqvist", "Rafael Moreno Ruiz"]),
    # topic: a listed topic, a name without its accents, a domain's title
    ({"topic": "fishbowls"}, ["Aroha Ngata", "Mei-Lin Chen"]),
    ({"topic": "Sofia"}, ["Sofía Álvarez"]),
    ({"topic": "community building"}, ["Aroha Ngata", "Fatima Zahra Benali", "Johan Lindqvist", "Liam O'Connor",
                                       "Mei-Lin Chen", "Priya Raman", "Rafael Moreno Ruiz", "Sofía Álvarez"]),
    # every word of a topic must match; who names the whole phrase comes first
    ({"topic": "chat platforms"}, ["Ada Okafor", "Jamal Haddad", "Yuki Tanaka"]),
    ({"mentor": True}, ["Ada Okafor", "Aroha Ngata", "Mei-Lin Chen", "Rafael Moreno Ruiz"]),
    ({"status": "alumni"}, ["Tomasz Nowak"]),
    ({"topic": "knowledge harvests"}, ["Priya Raman", "Tomasz Nowak"]),
    ({"topic": "knowledge harvests", "status": "active"}, ["Priya Raman"]),
    # place or time zone: a region of the IANA zone, a city without its accent, an offset (zones without DST)
    ({"place": "Europe"}, ["Johan Lindqvist", "Liam O'Connor", "Rafael Moreno Ruiz", "Tomasz Nowak"]),
    ({"place": "Sao Paulo"}, ["Ana Lúcia Ferreira"]),
    ({"place": "UTC+5:30"}, ["Priya Raman"]),
    ({"place": "GMT+09:00"}, ["Yuki Tanaka"]),
    # combined
    ({"domain": "platforms", "level": "practitioner", "place": "asia"}, ["Noa Levi", "Priya Raman", "Yuki Tanaka"]),
    ({"domain": "facilitation", "mentor": True}, ["Aroha Ngata", "Mei-Lin Chen", "Rafael Moreno Ruiz",
                                                  "Ada Okafor"]),
    ({"topic": "sponsorship", "domain": "community-building", "level": "expert"}, ["Mei-Lin Chen"]),
    ({"topic": "retrospectives", "mentor": True}, []),
])
def test_each_filter_and_their_combinations_find_exactly_the_members_expected(reader: Reader, fill: dict,
                                                                               names: list[str]) -> None:
    finder(reader)
    page = reader.page
    for name, value in fill.items():
        field = page.locator(f"#cop-find-{name}")
        if value is True:
            field.check()
        elif name in ("topic", "place"):
            field.fill(value)
        else:
            field.select_option(value)
    expect_results(reader, names)
    expected_query = {name: ["1" if value is True else value] for name, value in fill.items()}
    assert query_of(reader) == expected_query
    reader.assert_clean()


def test_each_result_links_to_the_members_profile(reader: Reader) -> None:
    finder(reader, "topic=lean+coffee")
    expect_results(reader, ["Aroha Ngata"])
    result = reader.page.locator(RESULTS)
    expect(result).to_have_attribute("href", reader.url("people/aroha-ngata/"))
    card = reader.page.locator(".cop-finder__results li")
    expect(card).to_contain_text("Independent facilitator · Tūhono Facilitation")
    expect(card).to_contain_text("Wellington, New Zealand · Pacific/Auckland")
    expect(card).to_contain_text("Ask me about: open space, lean coffee, fishbowls")
    expect(card.locator(".cop-badge--mentor")).to_have_text("Mentor")
    result.click()  # Material's instant navigation
    expect(reader.page).to_have_url(reader.url("people/aroha-ngata/"))
    expect(reader.page.locator("article h1")).to_have_text(re.compile("^Aroha Ngata"))
    reader.page.go_back()  # the filtered view comes back, from its URL
    expect(reader.page).to_have_url(reader.url("people/?topic=lean+coffee"))
    expect(reader.page.locator("#cop-find-topic")).to_have_value("lean coffee")
    expect_results(reader, ["Aroha Ngata"])
    reader.assert_clean()


def test_a_shared_url_restores_the_filters_and_their_results(open_reader) -> None:
    shared = "domain=platforms&level=practitioner&place=asia&status=active&mentor=&topic="
    reader: Reader = open_reader()  # a fresh browser profile: the reader the link was sent to
    finder(reader, shared)
    page = reader.page
    expect(page.locator("#cop-find-domain")).to_have_value("platforms")
    expect(page.locator("#cop-find-level")).to_have_value("practitioner")
    expect(page.locator("#cop-find-place")).to_have_value("asia")
    expect(page.locator("#cop-find-status")).to_have_value("active")
    expect(page.locator("#cop-find-mentor")).not_to_be_checked()
    expect_results(reader, ["Noa Levi", "Priya Raman", "Yuki Tanaka"])
    # The URL is rewritten to the filters in effect, in one order, without the empty ones
    expect(page).to_have_url(reader.url("people/?domain=platforms&level=practitioner&place=asia&status=active"))

    # Values the form does not offer are dropped, not shown as results of nothing
    finder(reader, "domain=no-such-domain&level=guru&status=%3Cb%3E&mentor=yes&topic=fishbowls")
    expect(page.locator("#cop-find-domain")).to_have_value("")
    expect(page.locator("#cop-find-level")).to_have_value("")
    expect(page.locator("#cop-find-status")).to_have_value("")
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    expect(page).to_have_url(reader.url("people/?topic=fishbowls"))
    reader.assert_clean()


def test_clearing_the_filters_shows_the_paginated_list_again(reader: Reader) -> None:
    finder(reader, "topic=fishbowls&mentor=1")
    page = reader.page
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("[data-cop-directory]")).to_be_visible()
    expect(page.locator("[data-cop-directory] a.cop-card__name")).to_have_count(EVERY_CARD)
    expect(page.locator(".cop-finder__results")).to_be_hidden()
    expect(status(reader)).to_have_text("No filters: every member is listed below, in pages.")
    expect(page).to_have_url(reader.url("people/"))
    expect(page.locator("#cop-find-topic")).to_have_value("")
    expect(page.locator("#cop-find-mentor")).not_to_be_checked()
    page.locator("#cop-find-topic").fill("fishbowls")  # and deleting the text does the same
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    page.locator("#cop-find-topic").fill("")
    expect(page.locator("[data-cop-directory]")).to_be_visible()
    expect(page).to_have_url(reader.url("people/"))
    reader.assert_clean()


def test_the_finder_works_with_the_keyboard_alone(reader: Reader) -> None:
    finder(reader)
    page = reader.page
    reader.tab_to("#cop-find-topic")
    page.keyboard.type("fish", delay=30)
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    page.keyboard.press("Enter")  # submitting the form filters at once and leaves the page where it is
    expect(page).to_have_url(reader.url("people/?topic=fish"))

    page.keyboard.press("Tab")
    expect(page.locator("#cop-find-domain")).to_be_focused()
    for _ in range(4):  # any domain -> Community building -> Facilitation -> Knowledge sharing -> Newcomers
        page.keyboard.press("ArrowDown")
    expect(page.locator("#cop-find-domain")).to_have_value("newcomers")
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#cop-find-level")).to_have_value("expert")
    expect_results(reader, [])
    page.keyboard.press("ArrowDown")
    expect(page.locator("#cop-find-level")).to_have_value("practitioner")
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    page.keyboard.press("Tab")
    expect(page.locator("#cop-find-place")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#cop-find-status")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#cop-find-mentor")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#cop-find-mentor")).to_be_checked()
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Clear filters")).to_be_focused()
    page.keyboard.press("Tab")  # out of the form, to the first result: no trap
    expect(page.locator(RESULTS).first).to_be_focused()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused result shows no focus outline"
    reader.screenshot("finder-keyboard")
    page.keyboard.press("Enter")
    expect(page).to_have_url(reader.url("people/aroha-ngata/"))

    page.go_back()
    expect(page).to_have_url(reader.url("people/?topic=fish&domain=newcomers&level=practitioner&mentor=1"))
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen"])
    reader.tab_to(".cop-finder__clear")
    page.keyboard.press("Enter")
    expect(page.locator("[data-cop-directory]")).to_be_visible()
    expect(page).to_have_url(reader.url("people/"))
    reader.assert_clean()


@pytest.mark.usefixtures("axe_installed")
def test_the_finder_has_no_serious_wcag_violation_with_filters_applied(reader: Reader) -> None:
    finder(reader, "domain=facilitation&status=active")
    expect_results(reader, ["Aroha Ngata", "Mei-Lin Chen", "Noa Levi", "Rafael Moreno Ruiz", "Ada Okafor",
                            "Fatima Zahra Benali", "Sofía Álvarez"])
    serious = [v for v in reader.axe() if v["impact"] in ("critical", "serious")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
    # the controls are named by their labels, and the form is a search landmark
    for label in ("Topic, name or domain", "Domain", "Level", "Place or time zone", "Status", "mentors only"):
        expect(reader.page.get_by_label(label, exact=True)).to_be_visible()
    expect(reader.page.get_by_role("search", name="Find people")).to_be_visible()
    reader.page.emulate_media(color_scheme="dark")
    serious = [v for v in reader.axe() if v["impact"] in ("critical", "serious")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
    reader.assert_clean()


def test_scrolling_the_results_with_the_list_hidden_raises_no_script_error(reader: Reader) -> None:
    """The directory's Alumni heading, in Material's table of contents (toc.follow), is hidden while filtering."""
    finder(reader, "level=practitioner")
    expect(reader.page.locator(RESULTS)).to_have_count(13)
    for _ in range(6):
        reader.page.mouse.wheel(0, 400)
        reader.page.wait_for_timeout(100)
    reader.page.mouse.wheel(0, -4000)
    reader.page.wait_for_timeout(200)
    reader.page.locator("#cop-find-level").select_option("")
    expect(reader.page.locator("[data-cop-directory]")).to_be_visible()
    reader.page.mouse.wheel(0, 3000)
    reader.page.wait_for_timeout(200)
    reader.assert_clean()


def with_instant_navigation(reader: Reader) -> None:
    """Material navigates instantly only to the URLs of sitemap.xml, taken with the page's host but the sitemap's
    port: served on a test port, the site_url's addresses never match, and every click loads a whole page. The tab
    gets a sitemap with the test server's origin, as a deployed site's would be."""
    def rebased(route) -> None:
        text = route.fetch().text().replace("https://example.org/", reader.origin + "/")
        route.fulfill(body=text, content_type="application/xml")

    reader.page.route("**/sitemap.xml", rebased)


def test_the_finder_is_set_up_again_after_instant_navigation(reader: Reader) -> None:
    with_instant_navigation(reader)
    reader.goto("expertise/")
    reader.page.evaluate("() => { window.__sameDocument = true; }")
    nav_link(reader, "People").click()
    expect(reader.page).to_have_url(reader.url("people/"))
    expect(reader.page.locator("[data-cop-finder] form[role=search]")).to_have_count(1)
    reader.page.locator("#cop-find-topic").fill("captioning")
    expect_results(reader, ["Jamal Haddad"])
    cop_json = []
    reader.page.on("request", lambda request: cop_json.append(request) if request.url.endswith("/cop.json") else None)
    reader.page.locator(RESULTS).click()
    expect(reader.page).to_have_url(reader.url("people/jamal-haddad/"))
    expect(reader.page.locator("article h1")).to_have_text(re.compile("^Jamal Haddad"))
    nav_link(reader, "People").click()
    expect(reader.page).to_have_url(reader.url("people/"))
    expect(reader.page.locator("[data-cop-finder] form[role=search]")).to_have_count(1)
    reader.page.locator("#cop-find-place").fill("Toronto")
    expect_results(reader, ["Jamal Haddad"])
    assert reader.page.evaluate("() => window.__sameDocument") is True, "Material did not navigate instantly"
    assert cop_json == [], "cop.json is fetched once, not on each visit of /people/ in the same tab"
    reader.page.go_back()  # Material's instant navigation, back to the profile, then back to the filtered view
    expect(reader.page).to_have_url(reader.url("people/jamal-haddad/"))
    reader.page.go_back()
    expect(reader.page).to_have_url(reader.url("people/?topic=captioning"))
    expect(reader.page.locator("#cop-find-topic")).to_have_value("captioning")
    expect_results(reader, ["Jamal Haddad"])
    reader.assert_clean()


def test_contributor_text_from_cop_json_is_shown_as_text(reader: Reader) -> None:
    """A member whose every field is markup (as cop.json holds it, verbatim) shows that markup as text."""
    payload = '<img src=x onerror="window.__finderPwned=1">'

    def hostile(route) -> None:
        graph = json.loads(route.fetch().text())
        graph["members"].append({
            "id": "eve", "name": f"Eve {payload}", "role": "<b>boss</b>", "organization": payload,
            "status": "active", "mentor": True, "expertise": {"platforms": "expert", "<i>x</i>": "<u>y</u>"},
            "topics": [f"fishbowls {payload}"], "learning": [], "location": payload, "timezone": "<s>Nowhere</s>",
            "url": "javascript:window.__finderPwned=2"})
        route.fulfill(body=json.dumps(graph), content_type="application/json")

    reader.page.route("**/cop.json", hostile)
    finder(reader, "topic=fishbowls")
    expect_results(reader, ["Aroha Ngata", f"Eve {payload}", "Mei-Lin Chen"])
    results = reader.page.locator(".cop-finder__results")
    assert results.locator("img, b, i, u, s, script").count() == 0
    expect(results).to_contain_text(f"Ask me about: fishbowls {payload}")
    eve = results.locator("a.cop-card__name", has_text="Eve")
    expect(eve).to_have_attribute("href", reader.url("people/eve/"))  # as the site writes profile links
    assert reader.page.evaluate("() => window.__finderPwned") is None
    reader.assert_clean()


def test_show_more_adds_the_next_cards_and_the_count_says_how_many_are_shown(browser, tmp_path) -> None:
    """A community larger than one batch of cards (60): the count says how many of the matches are shown, after
    each "Show more" too."""
    members = {f"members/m{i:03}.yml": f"name: Member {i:03}\nstatus: active\ntopics: [lean coffee]\n"
               for i in range(130)}
    site = build_mini(tmp_path / "repo", {**MINI, **members}, strict=False).site
    context = browser.new_context()
    try:
        with serve(site) as base_url:
            reader = Reader(context, base_url)
            reader.goto("people/?topic=lean+coffee")
            cards = reader.page.locator(RESULTS)
            expect(status(reader)).to_have_text("130 members match. The first 60 are shown.")
            expect(cards).to_have_count(60)
            finder_box = reader.page.locator("[data-cop-finder]")
            finder_box.get_by_role("button", name=re.compile(r"^Show 60 more of 70$")).click()
            expect(cards).to_have_count(120)
            expect(status(reader)).to_have_text("130 members match. The first 120 are shown.")
            finder_box.get_by_role("button", name="Show 10 more of 10").click()
            expect(cards).to_have_count(130)
            expect(status(reader)).to_have_text("130 members match.")
            reader.assert_clean()
    finally:
        context.close()
