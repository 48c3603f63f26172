"""The reader's main journeys through the example site, in a real browser: search, glossary, newcomer, changes, phone.

Each journey starts where a reader starts, moves by clicking and typing as a reader would, saves a screenshot of
each step in tests/screenshots/, and ends with no script error and no failed request on the way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from e2e_helpers import PHONE, Reader, missing_requirements

playwright = pytest.importorskip("playwright.sync_api", reason=missing_requirements())
expect = playwright.expect

ATOM = "{http://www.w3.org/2005/Atom}"


def test_who_can_help_me_search_finds_a_member_by_topic_and_shows_how_to_reach_them(reader: Reader) -> None:
    reader.goto()
    reader.page.keyboard.press("/")  # the shortcut, from anywhere on the page
    search = reader.page.get_by_role("combobox", name="Search people, practices and terms")
    expect(search).to_be_focused()
    search.press_sequentially("lean coffee", delay=20)  # aroha-ngata lists "lean coffee" in her topics

    # A known topic gets a direct answer, and the people who know it come first, before the practice and the term.
    answer = reader.page.locator(".cop-search__direct")
    expect(answer).to_have_text(re.compile(r"^People who know lean coffee: Aroha Ngata \(Expert\)"))
    results = reader.page.get_by_role("option")
    expect(results.first).to_contain_text("Aroha Ngata")
    expect(results.first.locator("a")).to_have_attribute("href", re.compile(r"/people/aroha-ngata/\?h=lean\+coffee$"))
    expect(reader.page.locator(".cop-search__result", has_text="Lean coffee").first).to_be_visible()
    reader.screenshot("1-search-lean-coffee")

    search.press("ArrowDown")
    expect(results.first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(reader.page).to_have_url(re.compile(r"/people/aroha-ngata/"))
    expect(reader.page.locator("article h1")).to_have_text(re.compile(r"^Aroha Ngata"))
    expect(reader.page.locator("#ask-me-about + ul")).to_contain_text("lean coffee")
    # The words searched for are marked where they are on the page.
    expect(reader.page.locator("#ask-me-about + ul mark.cop-highlight").first).to_have_text(re.compile("^lean$", re.I))
    # The practices she alone keeps are listed inside the warning, not after it.
    expect(reader.page.locator("article .admonition.warning a").first).to_be_visible()
    contact = reader.page.locator("#contact + ul")
    contact.scroll_into_view_if_needed()
    email = contact.get_by_role("link", name="aroha@example.org")
    expect(email).to_be_visible()
    expect(email).to_have_attribute("href", "mailto:aroha@example.org")
    reader.screenshot("1-profile-contact")
    reader.assert_clean()


def test_what_is_this_word_a_term_shows_its_definition_and_leads_to_the_glossary_and_back(reader: Reader) -> None:
    practice = "practices/facilitation/lean-coffee/"
    reader.goto(practice)
    term = reader.page.locator("article a.cop-term", has_text=re.compile("^open space$", re.I)).first
    expect(term).to_have_attribute("href", re.compile(r"glossary/facilitation/#facilitation-open-space$"))

    term.hover()  # Material's content.tooltips shows the link's title as a tooltip element
    expect(term).to_have_attribute("aria-describedby", re.compile(".+"))
    tooltip = reader.page.locator(f"#{term.get_attribute('aria-describedby')}")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_attribute("role", "tooltip")
    expect(tooltip).to_have_text(re.compile(r"^A format for large events where participants create the agenda"))
    definition = tooltip.inner_text().strip()
    reader.screenshot("2-term-tooltip")

    term.click()
    expect(reader.page).to_have_url(re.compile(r"/glossary/facilitation/#facilitation-open-space$"))
    expect(reader.page.locator("h2#facilitation-open-space")).to_be_in_viewport()
    entry = reader.page.locator("xpath=//p[preceding-sibling::h2[1][@id='facilitation-open-space']]")
    expect(entry.filter(has_text=definition)).to_have_count(1)  # the tooltip said what the glossary says
    used_in = reader.page.locator("xpath=//p[starts-with(normalize-space(.), 'Used in:')]"
                                  "[preceding-sibling::h2[1][@id='facilitation-open-space']]")
    expect(used_in).to_contain_text("Lean coffee")
    reader.screenshot("2-glossary-entry")

    used_in.get_by_role("link", name="Lean coffee", exact=True).click()
    expect(reader.page).to_have_url(reader.url(practice))
    expect(reader.page.locator("article h1")).to_have_text(re.compile(r"^Lean coffee"))
    reader.screenshot("2-back-on-the-practice")
    reader.assert_clean()


def test_im_new_here_home_leads_to_the_start_path_a_mentor_and_a_newcomer_practice(reader: Reader) -> None:
    reader.goto()
    reader.page.get_by_role("link", name="Start here if you are new").click()
    expect(reader.page).to_have_url(reader.url("start-here/"))
    expect(reader.page.locator("article h1")).to_have_text(re.compile("^Start here"))
    reader.screenshot("3-start-here")

    mentor = reader.page.locator("xpath=//h2[@id='3-find-a-mentor']/following-sibling::div[1]//a[contains(@class, "
                                 "'cop-card__name')]").first
    name = mentor.inner_text()
    mentor.click()
    expect(reader.page).to_have_url(re.compile(r"/people/[a-z0-9-]+/$"))
    expect(reader.page.locator("article h1")).to_have_text(re.compile("^" + re.escape(name)))
    expect(reader.page.locator(".cop-profile .cop-badge--mentor")).to_have_text("Mentor")
    expect(reader.page.locator("article .admonition.tip")).to_contain_text("happy to help newcomers")
    reader.screenshot("3-mentor")

    reader.page.go_back()
    # Back on the page, the theme's anchor tracking may add the heading scrolled to ("#newcomers").
    expect(reader.page).to_have_url(re.compile(re.escape(reader.url("start-here/")) + r"(#[\w-]+)?$"))
    first_read = reader.page.locator("xpath=//h2[@id='2-read-these-first']/following-sibling::ul[1]/li/a").first
    title = first_read.inner_text()
    first_read.click()
    expect(reader.page).to_have_url(re.compile(r"/practices/[a-z0-9-]+/[a-z0-9-]+/$"))
    expect(reader.page.locator("article h1")).to_have_text(re.compile("^" + re.escape(title)))
    expect(reader.page.locator(".cop-practice-header .cop-badge--newcomer")).to_have_text(re.compile("newcomer", re.I))
    reader.screenshot("3-newcomer-practice")
    reader.assert_clean()


def test_what_changed_the_changes_page_lists_changes_and_its_feed_link_is_a_valid_atom_feed(reader: Reader) -> None:
    reader.goto()
    reader.page.locator("nav.md-nav--primary a.md-nav__link[href$='changes/']").first.click()
    expect(reader.page).to_have_url(reader.url("changes/"))
    expect(reader.page.locator("article h1")).to_have_text(re.compile("^Changes"))
    expect(reader.page.locator("article h2", has_text=re.compile(r"^Week of \d{4}-\d{2}-\d{2}")).first).to_be_visible()
    changes = reader.page.locator("article h2 + ul > li")
    assert changes.count() > 0
    expect(changes.first).to_contain_text(re.compile(r"^\d{4}-\d{2}-\d{2}: .+ (added|updated|renamed) by "))
    reader.screenshot("4-changes")

    feed_link = reader.page.get_by_role("link", name="Atom feed")
    feed_url = feed_link.evaluate("a => a.href")
    assert feed_url == reader.url("feed.xml")
    feed = reader.page.request.get(feed_url)
    assert feed.ok, feed.status
    root = ET.fromstring(feed.body())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert entries, "the feed has no entries"
    site_url = root.find(f"{ATOM}link[@rel='self']").get("href").removesuffix("feed.xml")  # type: ignore[union-attr]
    for entry in entries:
        assert entry.findtext(f"{ATOM}title"), ET.tostring(entry)
        assert entry.findtext(f"{ATOM}updated"), ET.tostring(entry)
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith(site_url), ET.tostring(entry)
        page = reader.page.request.get(reader.url(link.get("href").removeprefix(site_url)))  # type: ignore[union-attr]
        assert page.ok, f"feed entry {link.get('href')} -> {page.status}"
    newest = entries[0].findtext(f"{ATOM}title")
    expect(reader.page.locator("article")).to_contain_text(newest)  # type: ignore[arg-type]

    feed_link.click()  # a reader's browser opens the feed itself
    expect(reader.page).to_have_url(reader.url("feed.xml"))
    expect(reader.page.locator("body")).to_contain_text(newest)  # type: ignore[arg-type]
    reader.screenshot("4-feed")
    reader.assert_clean()


def test_expertise_on_a_phone_is_readable_without_scrolling_sideways(open_reader) -> None:
    reader: Reader = open_reader(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    reader.goto("expertise/")
    page = reader.page
    expect(page.locator("article h1")).to_have_text(re.compile("^Who knows what"))
    width = page.evaluate("() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})")
    assert width["scroll"] <= width["inner"], f"the page scrolls sideways: {width}"
    assert width["inner"] == PHONE["width"], width

    article = page.locator("article").bounding_box()
    assert article is not None and article["width"] >= 0.8 * PHONE["width"], article
    sizes = page.evaluate("""() => [...document.querySelectorAll('article p, article li, article td, article th')]
        .filter(e => e.offsetParent !== null).map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 12, f"text smaller than 12px: {min(sizes)}px"
    # Wide tables scroll inside their own frame, never the page.
    for wrapper in page.locator("article .md-typeset__scrollwrap").all():
        box = wrapper.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, box
    expect(page.locator("#ask-about")).to_be_attached()
    reader.screenshot("5-expertise-phone")
    reader.screenshot("5-expertise-phone-full", full_page=True)
    page.locator("#mentors").scroll_into_view_if_needed()
    reader.screenshot("5-expertise-phone-mentors")
    reader.assert_clean()
