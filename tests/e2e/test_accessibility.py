"""Accessibility as a browser renders the site: axe-core's WCAG 2 A/AA rules on every page in both colour schemes,
every page at a phone's width, the keyboard, and badges in words.

axe-core is the npm package pinned in tests/e2e/package-lock.json (``npm ci --prefix tests/e2e``, run by .ci/run),
injected into each page. A critical or serious violation fails the test, with the pages, elements and axe's
explanation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from e2e_helpers import DESKTOP, PHONE, Reader, missing_requirements, site_pages

expect = pytest.importorskip("playwright.sync_api", reason=missing_requirements()).expect

SCREENSHOTS = {  # pages whose look is saved for a person to check, in each scheme
    "home": "",
    "practice": "practices/facilitation/lean-coffee/",
    "profile": "people/aroha-ngata/",
    "domain": "domains/facilitation/",
    "glossary": "glossary/facilitation/",
    "expertise": "expertise/",
    "health": "health/",
    "contributing": "contributing/",  # code blocks, highlighted
}

# Rules excluded from the axe runs, as (rule, selector, why). None today: the example picks a palette with
# enough contrast (indigo) and cop-site.css lifts Material's footer line and highlighted code to AA.
NOT_OURS: list[tuple[str, str, str]] = []

LEVEL_WORDS = {"expert": "expert", "practitioner": "practitioner", "learning": "learning", "newcomer": "newcomer",
               "mentor": "mentor", "alumni": "alumni", "stale": "due for review"}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} {v['helpUrl']}")
        for node in v["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {' '.join(node['target'])}: {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.usefixtures("axe_installed")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_a_serious_wcag_violation(open_reader, site_dir: Path, scheme: str) -> None:
    """axe-core on every page of the site (the sitemap's, and the 404 page), in one tab per colour scheme."""
    reader: Reader = open_reader(viewport=DESKTOP, color_scheme=scheme)
    shots = {path: name for name, path in SCREENSHOTS.items()}
    found = []
    for path in site_pages(site_dir):
        reader.goto(path)
        expect(reader.page.locator("body")).to_have_attribute("data-md-color-scheme",
                                                              "slate" if scheme == "dark" else "default")
        if path in shots:
            reader.screenshot(f"axe-{shots[path]}-{scheme}")
        violations = [v for v in reader.axe(ignore=NOT_OURS) if v["impact"] in ("critical", "serious")]
        if violations:
            found.append(f"/{path}:\n{describe(violations)}")
    assert found == [], f"axe-core ({scheme}) found serious violations on {len(found)} page(s):\n" + "\n".join(found)
    reader.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_health_pictures_are_visible_in_both_schemes(open_reader, scheme: str) -> None:
    """The participation picture opens /health/, drawn in the scheme's colours: its text in the page's text colour,
    its bars in colours of their own (an SVG the stylesheet missed would be black on slate)."""
    reader: Reader = open_reader(viewport=DESKTOP, color_scheme=scheme)
    reader.goto("health/")
    picture = reader.page.locator("svg.cop-chart__svg").first
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    seen = reader.page.evaluate("""() => {
        const svg = document.querySelector('svg.cop-chart__svg');
        const style = e => getComputedStyle(e);
        const article = document.querySelector('.md-content .md-typeset');
        return {text: style(svg.querySelector('text')).fill, page: style(article).color,
                bars: [...new Set([...svg.querySelectorAll('rect[class^="cop-k-"]')].map(r => style(r).fill))]};
    }""")
    assert seen["text"] == seen["page"]
    assert len(seen["bars"]) >= 2 and "rgb(0, 0, 0)" not in seen["bars"], seen
    reader.screenshot(f"health-picture-{scheme}")
    reader.assert_clean()


def test_no_page_scrolls_sideways_on_a_phone(open_reader, site_dir: Path) -> None:
    """At 390 px wide, every page fits the screen: what is wider (a table, a code block) scrolls inside itself."""
    reader: Reader = open_reader(viewport=PHONE, is_mobile=True, has_touch=True)
    wide = []
    for path in site_pages(site_dir):
        reader.goto(path)
        width = reader.page.evaluate("() => ({scroll: document.scrollingElement.scrollWidth, inner: innerWidth,"
                                     " widest: [...document.querySelectorAll('article *')].filter("
                                     "e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest("
                                     "'.md-typeset__scrollwrap, pre, .tabbed-labels')).slice(0, 3)"
                                     ".map(e => e.outerHTML.slice(0, 100))})")
        if width["scroll"] > width["inner"]:
            wide.append(f"/{path}: {width['scroll']} px wide; {width['widest']}")
    reader.screenshot("phone-last-page")
    assert wide == [], f"pages that scroll sideways at {PHONE['width']} px:\n" + "\n".join(wide)
    reader.assert_clean()


def test_people_finder_and_cards_work_with_the_keyboard_alone(reader: Reader) -> None:
    """The finder's controls in the order they are shown, then its results; tests/e2e/test_finder.py has the rest."""
    reader.goto("people/")
    page = reader.page
    count = page.locator("[data-cop-finder]").get_by_role("status")
    total = page.locator("[data-cop-directory] a.cop-card__name").count()
    expect(count).to_have_text("")

    reader.tab_to("#cop-find-domain")
    select = page.locator("#cop-find-domain")
    expect(select).to_be_focused()
    page.keyboard.press("ArrowDown")  # the first domain, chosen from the keyboard
    expect(select).not_to_have_value("")
    expect(count).to_have_text(re.compile(r"^\d+ members? match(es)?\.$"))
    shown = int(count.inner_text().split()[0])
    assert 0 < shown < total
    reader.screenshot("keyboard-people-filter")

    for control in ("#cop-find-level", "#cop-find-place", "#cop-find-status", "#cop-find-mentor"):
        page.keyboard.press("Tab")
        expect(page.locator(control)).to_be_focused()
    page.keyboard.press("Space")
    mentors_only = page.locator("#cop-find-mentor")
    expect(mentors_only).to_be_checked()
    expect(count).not_to_have_text(re.compile(rf"^{shown} members? match"))

    reader.tab_to(".cop-finder__results a.cop-card__name", presses=10)  # the first card after the finder
    name = page.evaluate("() => document.activeElement.textContent.trim()")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused card link shows no focus outline"
    reader.screenshot("keyboard-card-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/people/[a-z0-9-]+/$"))
    expect(page.locator("article h1")).to_have_text(re.compile("^" + re.escape(name)))
    reader.assert_clean()


# The glossary is left out for time only: its 300 links are plain anchors, like the domain page's glossary section.
@pytest.mark.parametrize("path", ["people/", "people/aroha-ngata/", "practices/facilitation/lean-coffee/",
                                  "domains/facilitation/", "expertise/", "start-here/"])
def test_every_link_and_control_in_a_generated_page_is_reached_by_tab(reader: Reader, path: str) -> None:
    reader.goto(path)
    page = reader.page
    page.evaluate("""() => {
        window.__copFocused = new Set();
        document.addEventListener('focusin', event => window.__copFocused.add(event.target));
    }""")
    # In a set of content tabs (pymdownx.tabbed), Tab reaches the checked radio and the arrow keys move between
    # tabs, as in any radio group; its labels and scroll buttons are out of the tab order on purpose, as is anything
    # with tabindex="-1" (such as Zensical's target of the skip link, #__skip).
    unreached = """() => [...document.querySelectorAll(
            'article :is(a[href], button, input, select, textarea, summary, [tabindex])')]
        .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
        .filter(e => !e.matches('.tabbed-set input[type=radio]:not(:checked), [tabindex="-1"]'))
        .filter(e => !window.__copFocused.has(e))
        .map(e => e.outerHTML.slice(0, 120))"""
    budget = page.evaluate("() => document.querySelectorAll('a[href], button, input, select, textarea, summary, "
                           "[tabindex]').length") + 10
    for presses in range(1, budget + 1):
        page.keyboard.press("Tab")
        if presses % 20 == 0 and not page.evaluate(unreached):
            break
    left = page.evaluate(unreached)
    assert left == [], f"{path}: {len(left)} element(s) never focused by Tab:\n" + "\n".join(left[:10])
    reader.assert_clean()


@pytest.mark.parametrize("path", ["people/", "people/ada-okafor/", "domains/facilitation/", "practices/",
                                  "practices/facilitation/lean-coffee/"])
def test_level_badges_say_their_level_in_words(reader: Reader, path: str) -> None:
    reader.goto(path)
    badges = reader.page.evaluate("""() => [...document.querySelectorAll('article .cop-badge')].map(b => ({
        classes: [...b.classList], text: b.innerText.trim().toLowerCase(), hidden: !!b.closest('[aria-hidden=true]'),
        colour: getComputedStyle(b).color}))""")
    assert badges, f"{path} shows no badge"
    for badge in badges:
        kinds = [c.removeprefix("cop-badge--") for c in badge["classes"] if c.startswith("cop-badge--")]
        assert len(kinds) == 1 and kinds[0] in LEVEL_WORDS, badge
        assert LEVEL_WORDS[kinds[0]] in badge["text"], f"{path}: a {kinds[0]} badge reads {badge['text']!r}"
        assert not badge["hidden"], f"{path}: a {kinds[0]} badge is hidden from screen readers"
        assert not re.fullmatch(r"rgba\(.*, 0\)", badge["colour"]), f"{path}: a {kinds[0]} badge's text is transparent"
    reader.assert_clean()
