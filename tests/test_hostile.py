"""Hostile and broken input: what anyone who can open a pull request writes cannot hurt the site or its readers.

Four layers, cheapest first:

- the built HTML of a hostile community (``hostile_corpus``: payloads in every field a reader sees, committed
  by a hostile git author) holds no script, handler or unsafe URL of a contributor's, and shows every value as
  the literal text it was; nothing in the sources is lost;
- a real browser (Chromium, through Playwright) visits every page of that site, hovers and focuses what has a
  tooltip, searches, and sees no dialog, no injected script run and no request to a host a payload named;
- hypothesis writes random profiles and practices mixed with the payloads, builds them, and checks the same;
- pathological input (huge, deep, long, numerous) fails fast with one clear problem and no traceback.

The example community renders exactly as it does without the sanitizer. To look at a failing hostile site:
``NO_MKDOCS_2_WARNING=1 mkdocs serve -f <tmp>/repo/mkdocs.yml``, with the tmp folder pytest printed.
"""

from __future__ import annotations

import asyncio
import functools
import html
import importlib.util
import json
import logging
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from cop_site.cli import main as cop_site_main
from cop_site.loading import Layout, Limits, load_community
from cop_site.model import Term, count_line
from cop_site.sanitize import MAX_DEPTH, sanitize_html
from cop_site.schemas import NAMES, schema_text
from hostile_corpus import (DOMAINS, EVIL_HOST, GROUPS, HAND_WRITTEN_FRONT_MATTER, IMAGE_HOST, LINKS,
                            MKDOCS_YML, OUTSIDE_SECRET, PAYLOADS, commit_files, git, hostile_files, make_links,
                            member_id, practice_body, practice_key, theme_bundle)
from site_helpers import (MINI, REPO_ROOT, Built, Node, build_mini, build_site, glossary_entries, page_url,
                          parse_html, section, serve, write_files)

CHROMIUM = Path("/usr/bin/chromium")
SITE_NAME = "Hostile CoP"


# --- What "inert" means, for any built page ------------------------------------------------------------------------

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background", "xlink:href",
                   "cite", "longdesc", "manifest", "ping", "codebase", "lowsrc", "dynsrc", "icon"}
_UNSAFE_SCHEME = re.compile(r"(?:javascript|data|vbscript|livescript|mocha):", re.I)
_NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "portal", "fencedframe"}
_THEME_FORMS = {"search", "consent", "cop-search"}
"""The theme's own forms: the search box (Material's, or cop-site's on Pagefind) and the cookie consent (and, outside
the article, the palette switch)."""
_TAG_START = re.compile(r"<[A-Za-z!/?]")
_MATERIAL = Path(resources.files("material")) / "templates"  # type: ignore[arg-type]
_ZENSICAL = importlib.util.find_spec("zensical")
_THEMES = [_MATERIAL] + ([Path(_ZENSICAL.origin).parent / "templates"] if _ZENSICAL and _ZENSICAL.origin else [])
"""Material's templates, and Zensical's own copy of them when it is installed (its inline scripts differ)."""


@functools.cache
def theme_scripts() -> tuple[re.Pattern[str], ...]:
    """The inline scripts of the theme's own templates, as patterns (Jinja expressions match any text)."""
    patterns = []
    for template in sorted(t for folder in _THEMES for t in folder.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for body in re.findall(r"<script>(.*?)</script>", text, re.S):
            parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", body.strip())
            patterns.append(re.compile(r"[^\"<]*?".join(re.escape(p) for p in parts) + r"\Z", re.S))
    assert patterns, f"no inline scripts found in {_MATERIAL}; has Material changed?"
    return tuple(patterns)


def _unsafe_url(value: str) -> bool:
    # Browsers drop ASCII tab and newline anywhere in a URL and leading C0 controls and spaces before its scheme.
    compact = re.sub(r"[\t\n\r]", "", value).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                       "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                                       "\x1d\x1e\x1f ")
    return bool(_UNSAFE_SCHEME.match(compact))


def inert_problems(page_html: str, url: str = "") -> list[str]:
    """Everything in a built page that a contributor could have made run, load or pose as the theme.

    Args:
        page_html: the page as built.
        url: where it is served, relative to the site root (to resolve script sources).
    """
    doc = parse_html(page_html)
    found: list[str] = []
    configs = 0
    head = doc.find("head")
    in_head = set(head.iter()) if head is not None else set()
    for node in doc.iter():
        where = f"/{url}: <{node.tag} {' '.join(f'{k}={v!r}' for k, v in node.attrs.items())[:160]}>"
        handlers = [name for name in node.attrs if name.startswith("on")]
        if handlers:
            found.append(f"{where}: event handler {handlers}")
        for name, value in node.attrs.items():
            values = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            if name in _URL_ATTRIBUTES and any(_unsafe_url(v) for v in values):
                found.append(f"{where}: unsafe URL in {name}")
            if name == "style" and re.search(r"url\s*\(|expression\s*\(|@import", value, re.I):
                found.append(f"{where}: style that loads something")
            if name == "title" and _TAG_START.search(value) and node not in in_head:  # tooltips are in the body
                found.append(f"{where}: a title that is markup as innerHTML (Material's tooltips)")
            if name.startswith("data-md-") and node not in in_head and not _theme_element(node):
                found.append(f"{where}: a theme hook (data-md-*) in content")
        theme_form = node.attrs.get("name") in _THEME_FORMS or (
            node.attrs.get("data-md-component") == "palette" and _theme_element(node))
        if node.tag in _NEVER and not (node.tag == "form" and theme_form):
            found.append(f"{where}: <{node.tag}> is never in a page")
        if node.tag == "meta" and node.attrs.get("http-equiv", "").lower() == "refresh":
            found.append(f"{where}: meta refresh")
        if node.tag in ("style", "link") and node not in in_head:
            found.append(f"{where}: <{node.tag}> outside <head>")
        if node.attrs.get("id") == "__config":
            configs += 1
            if node.tag != "script" or node.attrs.get("type") != "application/json":
                found.append(f"{where}: poses as the theme's configuration")
        if node.tag == "script":
            if "src" in node.attrs:
                target = urlsplit(urljoin("http://site.invalid/" + url, node.attrs["src"]))
                if target.netloc != "site.invalid" or "/assets/" not in target.path:
                    found.append(f"{where}: script from outside the theme's assets")
            elif node.attrs.get("id") == "__config":
                pass
            elif not any(p.match(node.text()) for p in theme_scripts()):
                found.append(f"{where}: inline script that is not the theme's: {node.text()[:80]!r}")
    if configs > 1:
        found.append(f"/{url}: {configs} elements with id __config")
    return found


def _theme_element(node: Node) -> bool:
    """Whether an element is outside the page's content (Material's article), so the theme's own."""
    return not any(a.tag == "article" for a in node.ancestors())


def norm(text: str) -> str:
    """Text with whitespace collapsed, as a reader sees it (and as ``Node.text`` gives it)."""
    return " ".join(text.split())


def heading_text(node: Node) -> str:
    """A heading's text, without the permalink MkDocs adds."""
    copy = Node(node.tag, node.attrs, None, [c for c in node.children
                                             if not (isinstance(c, Node) and "headerlink" in c.classes)])
    return copy.text()


def page_text(built: Built, url: str, tag: str) -> list[str]:
    return [heading_text(n) for n in built.article(url).find_all(tag)]


# --- The hostile community ---------------------------------------------------------------------------------------

# Git drops '<' and '>' from names and e-mails, so these carry Markdown and entities instead of tags.
HOSTILE_AUTHOR = "*Mallory* [x](javascript:alert(1)) &#60;img src=x onerror=alert(1)&#62; {: onclick=alert(1) }"
HOSTILE_EMAIL = "mallory+[x](javascript:alert(1))@evil.example"
HOSTILE_SUBJECT = "<script>__pwned=1</script> *bold* [x](javascript:alert(1)) {: onclick=alert(1) }"


def commit_hostile_repository(root: Path) -> Path:
    """The hostile community in a git repository at ``root``, half of it committed by a hostile author."""
    files = sorted(hostile_files().items())
    root.mkdir(parents=True, exist_ok=True)
    make_links(root, root.parent / "outside")  # committed with the first files, as a pull request would
    commit_files(root, dict(files[::2]), when="2026-01-05T10:00:00Z", message="Start")
    git(root, "config", "cop.token", OUTSIDE_SECRET)
    commit_files(root, dict(files[1::2]), who=HOSTILE_AUTHOR, email=HOSTILE_EMAIL, when="2026-02-02T10:00:00Z",
                 message=HOSTILE_SUBJECT)
    commit_files(root, {"members/hostile-00.yml": dict(files)["members/hostile-00.yml"] + "\n"},
                 who=HOSTILE_AUTHOR, email=HOSTILE_EMAIL, when="2026-02-03T10:00:00Z", message=HOSTILE_SUBJECT)
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The hostile community, built by the plugin (not strict)."""
    root = tmp_path_factory.mktemp("hostile") / "repo"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1780000000")
        commit_hostile_repository(root)
        built = build_site(root / "mkdocs.yml", strict=False, site_dir=root.parent / "site")
    assert built.error is None, f"the hostile build failed: {built.error!r}\n" + "\n".join(built.logs())
    return built


def test_hostile_site_builds_and_reports_what_it_rejects(hostile: Built) -> None:
    warnings = hostile.logs(logging.WARNING)
    for expected in (r"members/hostile-00\.yml:\d+:\d+: error: contact\.email is '.*'; it must be an email",
                     r"members/hostile-00\.yml:\d+:\d+: error: link 'JaVaScRiPt:__pwned=1' uses the scheme "
                     r"'javascript:', which is not allowed",
                     r"members/hostile-\d\d\.yml:\d+:\d+: error: link 'data:text/html,.*' uses the scheme 'data:'",
                     r"members/hostile-\d\d\.yml:\d+:\d+: error: link 'vbscript:msgbox\(1\)' uses the scheme",
                     r"members/hostile-\d\d\.yml:\d+:\d+: error: pronouns is too long",
                     *(rf"{re.escape(link)}:1:1: error: this is a symbolic link; links are never followed" for link in LINKS
                       if not LINKS[link].startswith("/") or Path(LINKS[link]).exists()),
                     *(rf"content/{name}:1:1: error: not published: a '\.\w+' file can run script"
                       for name in ("evil.html", "pic.svg", "app.js", "style.css")),
                     rf"{re.escape(theme_bundle())}:1:1: error: not published: the theme has its own file",
                     r"content/people/hostile-00/index\.md:1:1: error: not published: /people/hostile-00/ is the "
                     r"address of the page generated from members/hostile-00\.yml",
                     r"content/cop\.json:1:1: error: not published: /cop\.json is the address of the generated cop\.json",
                     r"content/front\.md:2:1: error: template '\.\./\.\./\.\./etc/passwd' is not a page template",
                     r"content/front\.md:3:1: error: icon '<img src=x onerror=__pwned=1>' is not an icon",
                     r"content/loop\.md:1:1: error: front matter holds more than",
                     r"members/hostile-newline\.yml:2:1: error: unknown field 'x\\n::error file=README\.md::pwned'"):
        assert any(re.search(expected, w) for w in warnings), f"no warning matches {expected!r}"


def site_problems(built: Built) -> list[str]:
    """``inert_problems`` of every page of a built site."""
    problems = []
    for file in built.html_files():
        problems += inert_problems(file.read_text(encoding="utf-8"), page_url(built.site, file))
    return problems


def test_no_page_holds_a_contributors_script_handler_or_unsafe_url(hostile: Built) -> None:
    problems = site_problems(hostile)
    assert problems == [], "\n".join(problems[:40])


def test_inert_problems_sees_what_it_looks_for() -> None:
    """The checker itself, on pages a sanitizer-less build could produce."""
    evil = [
        '<p onclick="x">', '<a href=" JaVa&#x09;ScRiPt:x">', '<img srcset="a.png 1x, data:x 2x">', "<iframe>",
        '<meta http-equiv="Refresh" content="0">', "<base href=x>", '<div style="background:url(x)">',
        '<script>__pwned=1</script>', '<script src="https://evil.example/x.js"></script>',
        '<a title="&lt;img src=x onerror=alert(1)&gt;">', '<article><div data-md-component="source"></div></article>',
        '<div id="__config"></div>', "<form></form>", "<article><style>*{}</style></article>",
    ]
    for snippet in evil:
        assert inert_problems(f"<html><head></head><body>{snippet}</body></html>"), snippet
    clean = ('<html><head><style>x</style></head><body><div data-md-component="header"></div><article>'
             '<a href="https://example.org" title="a &lt; b and Q&amp;A">x</a></article>'
             '<script>var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll('
             '".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of '
             'labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById('
             'label.htmlFor);input.checked=!0;continue e}}</script>'
             '<script src="../assets/javascripts/bundle.js"></script></body></html>')
    assert inert_problems(clean, "people/") == []


def test_every_value_is_shown_as_the_literal_text_it_was(hostile: Built) -> None:
    assert_values_are_literal_text(hostile)


def assert_values_are_literal_text(hostile: Built) -> None:
    """Every payload shows as the text it was: in headings, profiles, topics, ``<title>``, tags, the header."""
    for i, group in enumerate(GROUPS):
        text = " ".join(group)
        profile = f"people/{member_id(i)}/"
        assert page_text(hostile, profile, "h1") == [norm(text)]
        assert norm(text) in hostile.article(profile).find("div", cls="cop-profile").text()  # role, organization
        topics = [li.text() for li in _section_items(hostile, profile, "ask-me-about")]
        assert topics == [norm(t) for t in group]
        title = html.unescape(hostile.doc(profile).find("title").text())  # the helper's parser leaves it raw
        assert title == f"{norm(text)} - {SITE_NAME}", "the <title> element"
        practice = f"practices/{practice_key(i)}/"
        assert page_text(hostile, practice, "h1")[0] == norm(text)  # the body may hold headings of its own
        assert [t.text() for t in hostile.article(practice).find_all("span", cls="cop-tag")] == [norm(t) for t in group]
        assert hostile.article(practice).find("p", cls="cop-lead").text() == norm(text)
        header = hostile.doc(practice).find("div", cls="md-header__topic", data_md_component="header-topic")
        assert header is not None and header.text() == norm(text), "the page title in the header"
    terms = {heading_text(heading) for _url, heading in glossary_entries(hostile).values()}
    assert {norm(p) for p in PAYLOADS} <= terms
    for d, domain in enumerate(DOMAINS):
        assert page_text(hostile, f"domains/{domain}/", "h1") == [norm(" ".join(GROUPS[d % len(GROUPS)]))]


def _section_items(built: Built, url: str, heading_id: str) -> list[Node]:
    return [li for node in section(built.article(url), heading_id) for li in node.find_all("li")]


def test_git_authors_and_commit_subjects_are_literal_text(hostile: Built) -> None:
    changes = hostile.article("changes/")
    assert norm(HOSTILE_AUTHOR) in changes.text() and norm(HOSTILE_SUBJECT) in changes.text()
    assert not changes.find_all("em") and not changes.find_all("strong")
    health = hostile.article("health/")
    assert norm(HOSTILE_AUTHOR) in health.text() and "mallory" not in health.text()  # no e-mail address


def test_data_files_are_well_formed_and_hold_values_exactly(hostile: Built) -> None:
    graph = json.loads(hostile.file("cop.json").read_text(encoding="utf-8"))
    names = {m["id"]: m["name"] for m in graph["members"]}
    assert all(names[member_id(i)] == " ".join(group) for i, group in enumerate(GROUPS))  # data, not HTML
    feed = ET.parse(hostile.file("feed.xml")).getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    titles = {e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")}
    assert {" ".join(g) for g in GROUPS} <= titles
    authors = {e.findtext(f"{atom}author/{atom}name") for e in feed.iter(f"{atom}entry")}
    assert HOSTILE_AUTHOR in authors
    sitemap = ET.parse(hostile.file("sitemap.xml")).getroot()
    assert len(list(sitemap)) == len(hostile.html_files()) - 1  # every page but 404.html
    docs = hostile.search_index()
    titles = {d["location"]: d["title"] for d in docs}
    for i, group in enumerate(GROUPS):
        # Material's search shows titles as HTML: they must be escaped text, which unescapes to the value.
        title = titles[f"people/{member_id(i)}/"]
        assert "<" not in title.replace("<code>", "").replace("</code>", "")
        assert norm(html.unescape(title)) == norm(" ".join(group))


# --- Nothing lost --------------------------------------------------------------------------------------------------

def reported(built: Built, source: str) -> bool:
    """Whether the build log names a problem in ``source``."""
    return any(m.startswith(f"cop-site: {source}:") for m in built.logs(logging.INFO))


def source_inventory(root: Path) -> dict[str, list[str]]:
    """What the sources hold, read without cop-site: member ids, practice keys, domain ids, terms per domain.
    Symbolic links are not sources (their refusal is tested by test_nothing_outside_the_repository_...)."""
    out: dict[str, list[str]] = {"members": [], "practices": [], "domains": [], "terms": []}
    out["members"] = sorted(p.stem for p in (root / "members").glob("*.yml") if not p.is_symlink())
    for folder in sorted(p for p in (root / "practices").iterdir() if p.is_dir() and not p.is_symlink()):
        out["domains"].append(folder.name)
        out["practices"] += [f"{folder.name}/{p.stem}" for p in sorted(folder.glob("*.md"))]
        glossary = folder / "glossary.yml"
        if glossary.is_file():
            out["terms"] += [f"{folder.name}:{t['term']}" for t in yaml.safe_load(glossary.read_text("utf-8"))]
    return out


def assert_nothing_lost(built: Built, root: Path) -> None:
    """Every member, practice, domain and term of the sources has its page or entry, or a reported problem."""
    have = source_inventory(root)
    lost = [f"members/{m}.yml" for m in have["members"]
            if not built.file(f"people/{m}/").is_file() and not reported(built, f"members/{m}.yml")]
    lost += [f"practices/{p}.md" for p in have["practices"]
             if not built.file(f"practices/{p}/").is_file() and not reported(built, f"practices/{p}.md")]
    lost += [f"practices/{d}/" for d in have["domains"] if not built.file(f"domains/{d}/").is_file()]
    entries = {anchor: heading_text(h) for anchor, (_url, h) in glossary_entries(built).items()}
    for entry in have["terms"]:
        domain, _, term = entry.partition(":")
        anchor = Term(source="", term=term, domain=domain).anchor
        if entries.get(anchor) != norm(term) and not reported(built, f"practices/{domain}/glossary.yml"):
            lost.append(f"term {term!r} of {domain} (#{anchor}: {entries.get(anchor)!r})")
    assert lost == [], "published nowhere and reported nowhere: " + "; ".join(lost)
    published = (len(list(built.site.glob("people/*/index.html"))),
                 len([p for p in built.site.glob("practices/*/*/index.html")]),
                 len(list(built.site.glob("domains/*/index.html"))), len(entries))
    line = f"cop-site: {count_line(*published)} published"
    assert line in built.logs(logging.INFO), f"no line {line!r} in the build log"


def test_nothing_in_the_hostile_sources_is_lost(hostile: Built) -> None:
    assert_nothing_lost(hostile, hostile.site.parent / "repo")


def test_nothing_in_the_mini_community_is_lost(tmp_path: Path) -> None:
    built = build_mini(tmp_path, MINI)
    assert_nothing_lost(built, tmp_path)


def test_terms_whose_names_slugify_alike_each_keep_their_own_entry(tmp_path: Path) -> None:
    files = dict(MINI)
    files["practices/knowledge-sharing/glossary.yml"] += (
        "- term: C++\n  definition: A language.\n- term: C#\n  definition: Another language.\n")
    built = build_mini(tmp_path, files, strict=False)
    ids = [h.attrs.get("id") for h in built.article("glossary/knowledge-sharing/").find_all("h2")]
    assert len(ids) == len(set(ids)), f"glossary entries share ids: {sorted(i for i in ids if ids.count(i) > 1)}"


# --- The example community renders as it does without the sanitizer -----------------------------------------------

def _build_example(site_dir: Path, html_option: str) -> tuple[Built, int]:
    """The repository's own community, built in this process with the plugin's ``html`` option set; with the
    number of pages the sanitizer cleaned."""
    import cop_site.finishing

    calls = []
    config = load_config(config_file=str(REPO_ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=False)
    config.plugins["cop-site"].config.html = html_option
    config.plugins["cop-site"].config.parallel = False  # pages finished in this process, where the count is kept
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cop_site.finishing, "sanitize_html", lambda text: calls.append(1) or sanitize_html(text))
        build(config)
    return Built(site_dir), len(calls)


@pytest.fixture(scope="module")
def example_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    """The example community built twice: as published (sanitized), and with ``html: allow``."""
    folder = tmp_path_factory.mktemp("example")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1780000000")
        (sanitized, cleaned), (allowed, not_cleaned) = (_build_example(folder / "sanitized", "sanitize"),
                                                        _build_example(folder / "allowed", "allow"))
    assert cleaned > 40 and not_cleaned == 0, "the html option did not take effect"
    return sanitized, allowed


def _tree(node: Node) -> list:
    """An element as comparable data: tag, attributes, children (text with whitespace collapsed)."""
    out: list = [node.tag, sorted(node.attrs.items())]
    for child in node.children:
        if isinstance(child, Node):
            out.append(_tree(child))
        elif child.strip():
            out.append(" ".join(child.split()))
    return out


def test_example_community_renders_exactly_as_without_the_sanitizer(example_pair: tuple[Built, Built]) -> None:
    sanitized, allowed = example_pair
    files = sorted(p.relative_to(allowed.site).as_posix() for p in allowed.html_files())
    assert files == sorted(p.relative_to(sanitized.site).as_posix() for p in sanitized.html_files())
    differ = []
    for rel in files:
        a = parse_html((allowed.site / rel).read_text(encoding="utf-8")).find("article")
        s = parse_html((sanitized.site / rel).read_text(encoding="utf-8")).find("article")
        if (a is None) != (s is None) or (a is not None and _tree(a) != _tree(s)):
            differ.append(rel)
    assert differ == [], f"the sanitizer changed the content of {differ}"


def test_example_community_keeps_tabs_admonitions_code_footnotes_tables_and_tooltips(
        example_pair: tuple[Built, Built]) -> None:
    site, _ = example_pair
    articles = {page_url(site.site, f): parse_html(f.read_text(encoding="utf-8")).find("article")
                for f in site.html_files()}
    articles = {url: a for url, a in articles.items() if a is not None}
    everything = [n for a in articles.values() for n in a.iter()]

    def having(predicate) -> list[Node]:
        return [n for n in everything if predicate(n)]

    tab_sets = having(lambda n: "tabbed-set" in n.classes)
    assert tab_sets, "no content tabs"
    for tabs in tab_sets:
        inputs = [i for i in tabs.find_all("input") if i.attrs.get("type") == "radio"]
        labels = tabs.find_all("label")
        assert inputs and {i.attrs["id"] for i in inputs} == {label.attrs.get("for") for label in labels}
        assert len({i.attrs.get("name") for i in inputs}) == 1
    assert having(lambda n: "admonition" in n.classes and n.find("p", cls="admonition-title") is not None)
    highlighted = having(lambda n: "highlight" in n.classes and n.find("code") is not None)
    assert highlighted and any(span.attrs.get("class") for h in highlighted for span in h.find_all("span"))
    refs = having(lambda n: n.tag == "sup" and n.attrs.get("id", "").startswith("fnref:"))
    assert refs, "no footnote references"
    for ref in refs:
        target = ref.find("a").attrs["href"].lstrip("#")
        assert having(lambda n, t=target: n.attrs.get("id") == t), f"footnote {target} has no note"
    assert having(lambda n: n.tag == "table" and n.find("th") is not None and n.find("td") is not None)
    terms = having(lambda n: n.tag == "a" and "cop-term" in n.classes)
    assert terms and all(t.attrs.get("title") and t.attrs.get("href") for t in terms)
    assert having(lambda n: n.tag == "a" and n.attrs.get("class") == "headerlink")  # permalinks


# --- The browser -------------------------------------------------------------------------------------------------

@dataclass
class Visit:
    """What one page did in the browser."""

    url: str
    dialogs: list[str] = field(default_factory=list)
    pwned: str | None = None
    outside: list[str] = field(default_factory=list)
    """URLs requested from any host but 127.0.0.1 (all were refused)."""
    navigated: list[str] = field(default_factory=list)
    tooltips: int = 0
    """Tooltips the theme showed while the pointer and focus went over the page."""
    results: list[int] = field(default_factory=list)
    """Search results shown, for each query."""
    errors: list[str] = field(default_factory=list)

    def ran(self) -> bool:
        return bool(self.dialogs or self.pwned or self.navigated or
                    any(_host(u).endswith(EVIL_HOST) for u in self.outside))


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


_HOVER_ALL = """() => {
  const els = document.querySelectorAll('article [title], article abbr, a.cop-term, .md-header [title]');
  for (const el of els) {
    el.dispatchEvent(new MouseEvent('mouseenter'));
    el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    el.dispatchEvent(new FocusEvent('focusin', {bubbles: true}));
    if (el.focus) el.focus();
  }
  return els.length;
}"""


_COUNT_TOOLTIPS = """() => {
  window.__tooltips = 0;
  new MutationObserver(records => {
    for (const record of records) for (const node of record.addedNodes)
      if (node.classList && (node.classList.contains('md-tooltip2') || node.classList.contains('md-tooltip')))
        window.__tooltips += 1;
  }).observe(document, {subtree: true, childList: true});
}"""
"""Counts the tooltips the theme adds (and removes again when the pointer moves on), from page load on."""


def _playwright_available() -> str:
    """Why the browser tests cannot run here, or '' when they can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt install chromium); the browser tests never download one"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install playwright; no browser download needed)"
    return ""


needs_browser = pytest.mark.skipif(bool(_playwright_available()), reason=_playwright_available() or "-")


async def _visit_all(base: str, paths: list[str], *, search: list[str] = (), empty_index: str = "",
                     concurrency: int = 3) -> list[Visit]:
    """Open every page in headless Chromium, hover and focus what has a tooltip, optionally search; report.

    Unless the visit searches, the search index is served empty (``empty_index``): every page's search worker
    would otherwise build the whole index again. (Refusing it instead stops Material mounting the tooltips.)
    """
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            headless=True, executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"])
        try:
            context = await browser.new_context(service_workers="block")
            visits: dict[str, Visit] = {}
            current: dict[object, Visit] = {}

            async def route(route) -> None:
                request = route.request
                if _host(request.url) == "127.0.0.1":
                    if empty_index and not search and request.url.endswith(tuple(f"/{n}" for n in SEARCH_INDEXES)):
                        await route.fulfill(status=200, content_type="application/json", body=empty_index)
                    else:
                        await route.continue_()
                    return
                try:
                    visit = current.get(request.frame.page)
                except Exception:  # noqa: BLE001 - a worker's request has no frame
                    visit = None
                for found in [visit] if visit else list(current.values()):
                    found.outside.append(request.url)
                await route.abort()

            await context.route("**/*", route)

            async def run(page, path: str) -> None:
                visit = visits[path] = Visit(path)
                current[page] = visit
                target = base + path
                try:
                    await page.goto(target, wait_until="load", timeout=30_000)
                    await page.evaluate(_COUNT_TOOLTIPS)
                    for link in (await page.query_selector_all("article a.cop-term"))[:3]:
                        await link.hover(timeout=5_000)  # a real pointer, for Material's tooltips
                        await link.focus()
                    await page.evaluate(_HOVER_ALL)
                    for query in search:
                        visit.results.append(await _search(page, query))
                    await page.wait_for_timeout(150)
                    visit.pwned = await page.evaluate(
                        "() => typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")
                    visit.tooltips = await page.evaluate("() => window.__tooltips || 0")
                except Exception as error:  # noqa: BLE001 - a page that navigated away is a finding, not a crash
                    visit.errors.append(f"{type(error).__name__}: {str(error)[:200]}")
                if page.url != target and page.url not in visit.navigated:
                    visit.navigated.append(page.url)

            queue = list(paths)

            async def worker() -> None:
                page = await context.new_page()

                async def on_dialog(dialog) -> None:
                    current[page].dialogs.append(f"{dialog.type}: {dialog.message}")
                    await dialog.dismiss()

                def on_navigated(frame) -> None:
                    if frame == page.main_frame and frame.url not in (base + current[page].url, "about:blank"):
                        current[page].navigated.append(frame.url)

                page.on("dialog", on_dialog)
                page.on("framenavigated", on_navigated)
                while queue:
                    await run(page, queue.pop(0))
                await page.close()

            await asyncio.gather(*(worker() for _ in range(min(concurrency, len(paths)))))
            return [visits[p] for p in paths]
        finally:
            await browser.close()


async def _search(page, query: str) -> int:
    """Type ``query`` into the header's search box (cop-site's on Pagefind, or the theme's); the number of results
    it shows."""
    if await page.locator("input.cop-search__input").count():
        box = page.locator("input.cop-search__input")
        await box.fill("")
        await box.press_sequentially(query, delay=10)
        await page.wait_for_function(
            "q => document.querySelector('[data-cop-search]').getAttribute('data-cop-query') === q && /result/i.test("
            "document.querySelector('.cop-search__status')?.textContent || '')", arg=query, timeout=20_000)
        await page.wait_for_timeout(100)  # images in results fail to load, then their handlers (if any) would run
        return await page.evaluate("() => document.querySelectorAll('.cop-search__result').length")
    box = page.locator("input.md-search__input")
    await box.fill("")
    await box.press_sequentially(query, delay=10)  # Material searches on key presses; fill() alone does nothing
    await page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__item').length > 0"
        " || /No matching/.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=20_000)
    await page.wait_for_timeout(100)  # images in results fail to load, then their handlers (if any) would run
    return await page.evaluate("() => document.querySelectorAll('.md-search-result__item').length")


SEARCH_INDEXES = {"search/search_index.json": "docs", "search.json": "items"}
"""Material's search index and Zensical's, with the key of their entries."""


def visit_site(site: Path, paths: list[str] | None = None, **options) -> list[Visit]:
    """Serve ``site`` and visit ``paths`` (default: every HTML page) in the browser."""
    paths = paths if paths is not None else [page_url(site, f) for f in sorted(site.rglob("*.html"))]
    for name, key in SEARCH_INDEXES.items():
        if (site / name).is_file():
            options.setdefault("empty_index", json.dumps({**json.loads((site / name).read_text("utf-8")), key: []}))
    with serve(site) as base, ThreadPoolExecutor(1) as thread:
        # A thread of its own: the browser tests in tests/e2e keep Playwright's sync API (and its event loop)
        # alive in the main thread for the whole session.
        return thread.submit(asyncio.run, _visit_all(base, paths, **options)).result()


@pytest.fixture(scope="module")
def hostile_visits(hostile: Built) -> list[Visit]:
    return visit_site(hostile.site)


@needs_browser
def test_browser_sees_no_payload_run_on_any_page(hostile: Built, hostile_visits: list[Visit]) -> None:
    assert_no_payload_ran(hostile, hostile_visits)


def assert_no_payload_ran(hostile: Built, hostile_visits: list[Visit]) -> None:
    """No page ran a payload, and the controls show that the visits could have seen one."""
    ran = [v for v in hostile_visits if v.ran() or v.errors]
    assert ran == [], "\n".join(map(str, ran))
    # The controls: every page was visited, tooltips were really rendered by the theme, and outside requests
    # were really seen (the one allowed kind: a Markdown image in a practice).
    assert len(hostile_visits) == len(hostile.html_files()) > 3 * len(GROUPS)
    assert sum(v.tooltips for v in hostile_visits) > len(GROUPS), "hovering showed (almost) no tooltips"
    outside = {_host(u) for v in hostile_visits for u in v.outside}
    assert outside == {IMAGE_HOST}, f"requests left the site for {outside}"


@needs_browser
def test_browser_search_shows_payloads_as_text(hostile: Built) -> None:
    queries = ["onerror", "script", "javascript", "onload", "svg"]
    (visit,) = visit_site(hostile.site, [""], search=queries)
    assert not visit.ran() and not visit.errors, visit
    assert len(visit.results) == len(queries) and all(visit.results), f"a query found nothing: {visit.results}"


@needs_browser
def test_browser_check_notices_a_payload_that_runs(tmp_path: Path) -> None:
    """The control for the controls: a page whose script does run is caught by every detector."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>t</title><script>window.__pwned = 1; alert(1)</script>"
        f"<img src='https://{EVIL_HOST}/pixel.png'><p>x</p>", encoding="utf-8")
    (visit,) = visit_site(tmp_path, [""])
    assert visit.pwned == "1" and visit.dialogs == ["alert: 1"]
    assert [_host(u) for u in visit.outside] == [EVIL_HOST] and visit.ran()


# --- Known gaps (each reported; strict, so a fix makes them fail until the mark goes) ----------------------------

def test_hand_written_front_matter_cannot_run_script(tmp_path: Path) -> None:
    built = build_mini(tmp_path, {**MINI, **HAND_WRITTEN_FRONT_MATTER}, strict=False)
    problems = [p for f in (built.file("about/"), built.file("")) for p in
                inert_problems(f.read_text(encoding="utf-8"), page_url(built.site, f))]
    raw = [f.relative_to(built.site).as_posix() for f in built.html_files()
           if any(n.tag == "img" and "src" in n.attrs and n.attrs["src"] == "x"
                  for n in parse_html(f.read_text(encoding="utf-8")).iter())]
    assert problems == [] and raw == [], (problems, raw)


def test_files_next_to_practices_cannot_bring_script_to_the_site(tmp_path: Path) -> None:
    files = {**MINI, "practices/facilitation/slides.html": "<!doctype html><script>__pwned=1</script><p>Slides</p>",
             "practices/facilitation/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>__pwned=1</script>'
                                                 '</svg>'}
    built = build_mini(tmp_path, files, strict=False)
    active = [f for f in ("practices/facilitation/slides.html", "practices/facilitation/chart.svg")
              if (built.site / f).is_file() and "<script" in (built.site / f).read_text(encoding="utf-8")]
    assert active == [], f"served as written, script and all: {active}"


def test_a_heading_in_a_list_item_does_not_abort_the_build(tmp_path: Path) -> None:
    # Material's search indexer raises ValueError on this (material/plugins/search/plugin.py, data.index('<li>')).
    files = dict(MINI)
    files["practices/facilitation/lean-coffee.md"] += "\n<div markdown>\n\n## A\n\n## B\n\n</div>\n\n1. # C\n"
    built = build_mini(tmp_path, files, strict=False)
    assert built.file("practices/facilitation/lean-coffee/").is_file()
    assert any("lean-coffee.md: left out of search" in line for line in built.logs())
    indexed = {doc["location"].split("#")[0] for doc in built.search_index()}
    assert "practices/facilitation/lean-coffee/" not in indexed and "practices/facilitation/retrospective/" in indexed


def test_a_bio_or_definition_cannot_become_a_heading(tmp_path: Path) -> None:
    files = dict(MINI)
    files["members/dee-newman.yml"] += "bio: \"# Not a heading\"\n"
    files["practices/knowledge-sharing/glossary.yml"] += (
        "- term: Wiki\n  definition: \"### Retrospective { #facilitation-retrospective }\"\n")
    built = build_mini(tmp_path, files, strict=False)
    assert [heading_text(h) for h in built.article("people/dee-newman/").find_all("h1")] == ["Dee Newman"]
    assert built.article("glossary/knowledge-sharing/").find_all(id="facilitation-retrospective") == []
    glossary = built.article("glossary/facilitation/")
    assert [heading_text(h) for h in glossary.find_all(id="facilitation-retrospective")] == ["Retrospective"]


@pytest.mark.parametrize("path, text", [
    pytest.param("members/blank.yml", "name: \" \"\n", id="member-name"),
    pytest.param("practices/facilitation/blank.md", "---\ntitle: \"\\t\"\nsummary: S.\nstewards: [ada-okafor]\n---\n",
                 id="practice-title"),
    pytest.param("practices/facilitation/glossary.yml", "- term: \"\\t\"\n  definition: D.\n", id="term"),
])
def test_blank_required_text_is_reported(tmp_path: Path, path: str, text: str) -> None:
    root = _repo(tmp_path, {path: text})
    _, problems = load_community(root)
    assert [p for p in problems if p.path == path]


def test_control_characters_written_as_escapes_are_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"members/nul.yml": 'name: "Ada\\u0000 Okafor\\x07"\n'})
    _, problems = load_community(root)
    assert [p for p in problems if p.path == "members/nul.yml"]


# --- Random communities (hypothesis) ---------------------------------------------------------------------------

_TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    # Control characters written as escapes are a known gap with a test of their own.
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=24),
    st.sampled_from(["Ada", "x", "*", "_", "`", "[", "]", "(", ")", "<", ">", "&", "#", "|", "\\", "!", "{: #x }",
                     "\u202e", "\u200b", "\uff1c", "\u2028", "\t", "\r\n", " "]),
)
_VALUE = st.lists(_TEXT, min_size=1, max_size=3).map(" ".join).filter(str.strip)  # blank: see the test above
_MEMBER_FIELDS = ("role", "organization", "location", "pronouns", "bio", "timezone")


@st.composite
def communities(draw) -> dict[str, str]:
    """A small repository: 1-3 members and 1-3 practices of random, often hostile, text."""
    files = {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# Home\n",
             "members/ada-okafor.yml": "name: Ada Okafor\nexpertise: {alpha: expert}\n",
             "practices/alpha/domain.yml": f"title: {json.dumps(draw(_VALUE))}\nsummary: {json.dumps(draw(_VALUE))}\n"
                                           "stewards: [ada-okafor]\n",
             "practices/alpha/glossary.yml": f"- term: {json.dumps(draw(_VALUE))}\n"
                                             f"  definition: {json.dumps(draw(_VALUE))}\n"}
    for i in range(draw(st.integers(1, 3))):
        member: dict[str, object] = {}
        if draw(st.booleans()) or i == 0:
            member["name"] = draw(_VALUE)
        for name in draw(st.lists(st.sampled_from(_MEMBER_FIELDS), unique=True, max_size=4)):
            member[name] = draw(_VALUE)
        if draw(st.booleans()):
            member["topics"] = draw(st.lists(_VALUE, min_size=1, max_size=3))
        if draw(st.booleans()):
            member["contact"] = {"chat": draw(_VALUE), "email": draw(_VALUE)}
        if draw(st.booleans()):
            member["links"] = [{"label": draw(_VALUE), "url": draw(st.sampled_from(
                ["https://example.org", "javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x",
                 draw(_VALUE)]))}]
        files[f"members/m-{i}.yml"] = "".join(f"{k}: {json.dumps(v, ensure_ascii=draw(st.booleans()))}\n"
                                              for k, v in member.items())
    for i in range(draw(st.integers(1, 3))):
        front = {"title": draw(_VALUE), "summary": draw(_VALUE), "stewards": ["ada-okafor", f"m-{i}"]}
        if draw(st.booleans()):
            front["tags"] = draw(st.lists(_VALUE, min_size=1, max_size=3))
        body = practice_body(draw(st.lists(_VALUE, min_size=1, max_size=3)), i) if draw(st.booleans()) else \
            "\n\n".join(draw(st.lists(_VALUE, max_size=4)))
        files[f"practices/alpha/p-{i}.md"] = "---\n" + "".join(
            f"{k}: {json.dumps(v)}\n" for k, v in front.items()) + "---\n\n" + body + "\n"
    return files


@settings(max_examples=15, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=communities())
def test_random_communities_are_published_whole_and_inert(files: dict[str, str]) -> None:
    note("\n".join(f"--- {path}\n{text}" for path, text in sorted(files.items()) if path != "mkdocs.yml"))
    with tempfile.TemporaryDirectory(prefix="cop-hypothesis-") as folder:
        root = Path(folder)
        write_files(root, files)
        built = build_site(root / "mkdocs.yml", strict=False)
        assert built.error is None, f"{built.error!r}\n" + "\n".join(built.logs())
        assert_nothing_lost(built, root)
        problems = [p for f in built.html_files()
                    for p in inert_problems(f.read_text(encoding="utf-8"), page_url(built.site, f))]
        assert problems == [], "\n".join(problems[:20])


# --- Resource limits -----------------------------------------------------------------------------------------------

def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, float]:
    """Run ``cop-site check`` in this process: (exit status, everything it printed, seconds)."""
    started = time.perf_counter()
    status = cop_site_main(["check", str(root)])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    return status, out + err, elapsed


def _repo(root: Path, extra: dict[str, str | bytes]) -> Path:
    write_files(root, {k: v for k, v in MINI.items() if not k.startswith("content/")} | extra)
    return root


def test_a_50_mb_practice_fails_fast_with_one_clear_error(tmp_path: Path, capsys) -> None:
    root = _repo(tmp_path, {})
    with (root / "practices/facilitation/huge.md").open("wb") as f:
        f.write(b"---\ntitle: Huge\n---\n")
        f.truncate(50 * 1024 * 1024)
    status, output, seconds = check(root, capsys)
    assert status == 1 and seconds < 5, (status, seconds)
    assert re.search(r"practices/facilitation/huge\.md:1:1: error: file is 52,428,800 bytes, over the limit of "
                     r"1,048,576; split it into smaller files \[too-large\]", output), output
    assert "Traceback" not in output


def test_a_50_mb_member_file_fails_fast_with_one_clear_error(tmp_path: Path, capsys) -> None:
    root = _repo(tmp_path, {})
    with (root / "members/huge.yml").open("wb") as f:
        f.write(b"name: Huge\nbio: ")
        f.truncate(50 * 1024 * 1024)
    status, output, seconds = check(root, capsys)
    assert status == 1 and seconds < 5
    assert "members/huge.yml:1:1: error: file is 52,428,800 bytes, over the limit of 262,144" in output


_TOO_DEEP = r":\d+:\d+: error: values are nested more than 20 levels deep; flatten this structure"


@pytest.mark.parametrize("path, text, expected", [
    pytest.param("members/deep.yml", "name: Deep\ntopics: " + "[" * 100_000 + "]" * 100_000 + "\n", _TOO_DEEP,
                 id="100k-lists"),
    pytest.param("members/deep.yml", "name: Deep\nbio: " + "{a: " * 50_000 + "x" + "}" * 50_000 + "\n", _TOO_DEEP,
                 id="50k-mappings"),
    pytest.param("members/deep.yml", "name: Deep\nbio: " + "{a: " * 100_000 + "x" + "}" * 100_000 + "\n",
                 r":1:1: error: file is 500,018 bytes, over the limit of 262,144", id="100k-mappings"),
    pytest.param("members/deep.yml", "name: Deep\nbio:\n" + "".join(" " * i + "- \n" for i in range(1, 600)),
                 _TOO_DEEP, id="block-lists"),
    pytest.param("practices/facilitation/deep.md", "---\ntitle: Deep\nsummary: S.\nstewards: [ada-okafor]\ntags: "
                 + "[" * 100_000 + "]" * 100_000 + "\n---\n\nBody.\n", _TOO_DEEP,
                 id="100k-front-matter"),
])
def test_100k_levels_of_nesting_fail_fast_with_one_clear_error(tmp_path: Path, capsys, path: str, text: str,
                                                               expected: str) -> None:
    root = _repo(tmp_path, {path: text})
    status, output, seconds = check(root, capsys)
    assert status == 1 and seconds < 5, (status, seconds)
    lines = [line for line in output.splitlines() if line.startswith(path)]
    assert len(lines) == 1 and re.match(re.escape(path) + expected, lines[0]), lines
    assert "Traceback" not in output and "RecursionError" not in output


def test_a_1_mb_single_line_title_fails_fast_and_the_practice_is_still_published(tmp_path: Path) -> None:
    files = dict(MINI)
    files["practices/facilitation/long.md"] = ("---\ntitle: " + "T" * 1_000_000 + "\nsummary: S.\n"
                                               "stewards: [ada-okafor]\n---\n\nBody.\n")
    started = time.perf_counter()
    built = build_mini(tmp_path, files, strict=False)
    seconds = time.perf_counter() - started
    assert seconds < 15, f"the build took {seconds:.1f} s"
    warnings = [w for w in built.logs() if "practices/facilitation/long.md" in w]
    assert warnings == ["cop-site: practices/facilitation/long.md:2:8: error: title is too long (1,000,000); "
                        "the limit is 200 [too-long]"], warnings
    assert built.file("practices/facilitation/long/").is_file()
    assert max(len(m) for m in built.logs(logging.INFO)) < 1000


@pytest.mark.parametrize("field", ["reviewed", "status"])
def test_a_1_mb_value_gives_a_short_message(tmp_path: Path, capsys, field: str) -> None:
    root = _repo(tmp_path, {"practices/facilitation/long.md": f"---\ntitle: T\nsummary: S.\nstewards: [ada-okafor]\n"
                                                              f"{field}: {'x' * 1_000_000}\n---\n\nBody.\n"})
    status, output, seconds = check(root, capsys)
    assert status == 1 and seconds < 5
    assert max(len(line) for line in output.splitlines()) < 1000


def test_too_many_files_stop_reading_with_one_clear_error(tmp_path: Path) -> None:
    extra = {f"members/m{i:03d}.yml": f"name: M {i}\n" for i in range(150)}
    extra |= {f"practices/facilitation/p{i:03d}.md": "---\ntitle: P\nsummary: S.\nstewards: [ada-okafor]\n---\n"
              for i in range(150)}
    root = _repo(tmp_path, extra)
    started = time.perf_counter()
    community, problems = load_community(root, Layout(), Limits(max_files=100))
    assert time.perf_counter() - started < 5
    too_many = [p for p in problems if p.code == "too-many-files"]
    assert [(p.message) for p in too_many] == ["more than 100 files; the rest are not read"]
    assert len(community.members) + len(community.practices) + len(community.terms) <= 100


def _schema_gaps(node: object, path: str = "") -> Iterator[str]:
    """Places in a JSON Schema where a value's size is not bounded."""
    if isinstance(node, dict):
        kind = node.get("type")
        pattern = node.get("pattern", "")
        bounded = pattern.startswith("^") and pattern.endswith("$") and not re.search(r"[*+]|\{\d*,\}", pattern)
        if kind == "string" and "maxLength" not in node and "enum" not in node and not bounded:
            yield f"{path}: a string without maxLength"
        if kind == "array" and "maxItems" not in node:
            yield f"{path}: an array without maxItems"
        if kind == "object" and "maxProperties" not in node and node.get("additionalProperties") is not False:
            yield f"{path}: an object without maxProperties"
        for key, value in node.items():
            yield from _schema_gaps(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schema_gaps(value, f"{path}/{index}")


@pytest.mark.parametrize("name", NAMES)
def test_every_string_list_and_mapping_in_the_schemas_has_a_size_limit(name: str) -> None:
    gaps = list(_schema_gaps(json.loads(schema_text(name))))
    assert gaps == [], gaps


def test_file_size_limits_are_the_documented_ones() -> None:
    limits = Limits()
    assert (limits.max_yaml_bytes, limits.max_markdown_bytes, limits.max_depth, limits.max_files) == (
        256 * 1024, 1024 * 1024, 20, 50_000)


@pytest.mark.parametrize("deep", [
    pytest.param("<div>" * 100_000 + "deep text" + "</div>" * 100_000, id="nested"),
    pytest.param("<div/>" * 100_000 + "deep text", id="self-closing-is-not"),
    pytest.param("<!-- --!>" + "<div>" * 100_000 + "deep text -->", id="comment-ends-early"),
    pytest.param("<!-->" + "<div>" * 100_000 + "deep text -->", id="abrupt-comment"),
    pytest.param("<div></b>" * 100_000 + "deep text", id="stray-end-tags"),
    pytest.param('<div title="<div>">' * 100_000 + "deep text", id="tags-in-attributes"),
])
def test_sanitizer_bounds_the_nesting_it_hands_to_the_html_parser(deep: str) -> None:
    started = time.perf_counter()
    out = sanitize_html(deep)
    assert time.perf_counter() - started < 5  # without the bound: about four minutes
    assert "deep text" in out and out.count("<div") <= MAX_DEPTH


def test_sanitizer_keeps_nesting_that_markdown_makes() -> None:
    legit = "<ul><li>" * 12 + "x" + "</li></ul>" * 12
    assert sanitize_html(legit) == legit
    sloppy = "<p>one" * 300 + "<ul>" + "<li>item" * 300 + "</ul>"  # ends implied, as HTML allows
    assert sanitize_html(sloppy).count("<p>") == 300 and sanitize_html(sloppy).count("<li>") == 300


@pytest.mark.parametrize("body", [
    pytest.param("> " * 100_000 + "x\n", id="100k-nested-quotes"),
    pytest.param("".join("    " * i + "- x\n" for i in range(500)), id="500-nested-lists"),
    pytest.param("[" * 100_000 + "\n", id="100k-brackets"),
])
def test_a_pathological_practice_body_is_reported_before_it_is_rendered(tmp_path: Path, body: str) -> None:
    root = _repo(tmp_path, {"practices/facilitation/deep.md":
                            "---\ntitle: Deep\nsummary: S.\nstewards: [ada-okafor]\n---\n\n" + body})
    _, problems = load_community(root)
    assert [p for p in problems if p.path == "practices/facilitation/deep.md"]


def test_a_pathological_bio_is_reported_before_it_is_rendered(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"members/brackets.yml": "name: B\nbio: \"" + "[" * 5000 + "\"\n"})
    _, problems = load_community(root)
    assert [p for p in problems if p.path == "members/brackets.yml"]


def test_a_pathological_body_is_published_without_it_and_the_build_goes_on(tmp_path: Path) -> None:
    deep = "".join("    " * i + "- x\n" for i in range(500))  # RecursionError in Python-Markdown if rendered
    files = {**MINI, "practices/facilitation/deep.md": "---\ntitle: Deep\nsummary: S.\nstewards: [ada-okafor]\n---\n\n"
                                                        + deep}
    started = time.perf_counter()
    built = build_mini(tmp_path, files, strict=False)
    assert time.perf_counter() - started < 30
    assert built.article("practices/facilitation/deep/").find("h1").text().rstrip("¶") == "Deep"
    assert any("deep.md" in line and "nested more than 32 levels" in line for line in built.logs())
