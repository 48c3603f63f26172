"""Glossary linking on rendered HTML: what gets linked, what never does, and that it stays linear."""

from __future__ import annotations

import html
import re
import time

from hypothesis import given, settings, strategies as st

from cop_site.glossary import TermMatcher, link_terms
from cop_site.model import Term, name_key

TERMS = [Term(source="g.yml", term="open space", domain="a", definition="Self-organising <meeting>"),
         Term(source="g.yml", term="open", domain="a", definition="Not closed"),
         Term(source="g.yml", term="lean coffee", domain="a", definition="A meeting", aliases=("LC",)),
         Term(source="g.yml", term="lean coffee", domain="b", definition="The other domain's"),
         Term(source="g.yml", term="C++", domain="b", definition="A language"),
         Term(source="g.yml", term="<b>bold</b>", domain="b", definition="A term named like a tag")]
MATCHER = TermMatcher(TERMS)


def link(content: str, preferred: tuple[str, ...] = ("a",)) -> str:
    return link_terms(content, MATCHER, href=lambda t: f"g/#{t.anchor}", tooltip=lambda t: t.definition,
                      preferred=preferred)[0]


def linked_words(content: str) -> list[str]:
    return re.findall(r'<a class="cop-term"[^>]*>(.*?)</a>', link(content), re.S)


def test_the_first_use_of_each_term_is_linked_longest_name_first() -> None:
    assert linked_words("<p>An open space, then open space, then open doors.</p>") == ["open space", "open"]


def test_names_match_any_case_plural_and_run_of_white_space() -> None:
    assert linked_words("<p>Two Open\n  Spaces.</p>") == ["Open\n  Spaces"]


def test_aliases_link_to_their_term_and_count_as_its_use() -> None:
    out = link("<p>Try LC, then a lean coffee.</p>")
    assert re.findall(r'<a class="cop-term"[^>]*>(.*?)</a>', out) == ["LC"]
    assert 'href="g/#a-lean-coffee"' in out


def test_the_pages_own_domain_wins_when_a_name_is_a_term_in_several() -> None:
    assert 'href="g/#b-lean-coffee"' in link("<p>lean coffee</p>", preferred=("b",))
    assert 'href="g/#a-lean-coffee"' in link("<p>lean coffee</p>", preferred=("a",))


def test_a_name_with_symbols_is_a_whole_word_too() -> None:
    assert linked_words("<p>C+++ and C++</p>") == ["C++"]
    assert linked_words("<p>pre-open doors, open-ended</p>") == []


def test_never_inside_code_headings_links_attributes_comments_or_furniture() -> None:
    content = ('<h2>open space</h2><p><code>open space</code> <a href="x">open space</a> '
               '<span title="open space">t</span><!-- open space --></p>'
               '<div class="cop-meta"><div><p>open space</p></div><p>open space</p></div>'
               '<pre><code>open space</code></pre><p data-cop-nolink>open space</p>')
    assert linked_words(content) == []
    assert linked_words(content + "<p>open space</p>") == ["open space"]


def test_linking_resumes_after_the_furniture_that_holds_nested_elements_of_its_own_kind() -> None:
    assert linked_words('<div class="cop-meta"><div>x</div>open space</div><p>open space</p>') == ["open space"]


def test_an_element_never_closed_keeps_the_rest_of_the_page_unlinked() -> None:
    assert linked_words("<p><code>x open space</p><p>open space</p>") == []


def test_a_term_named_like_markup_never_matches_the_markup_itself() -> None:
    assert linked_words("<p><b>bold</b> text</p>") == []


def test_the_tooltip_and_url_are_escaped() -> None:
    assert 'title="Self-organising &lt;meeting&gt;"' in link("<p>open space</p>")


def test_a_page_with_no_term_comes_back_unchanged() -> None:
    content = "<p>Nothing to see</p>"
    assert link_terms(content, MATCHER, href=str, tooltip=str) == (content, set())


def test_a_megabyte_of_one_term_takes_linear_time() -> None:
    content = "<p>" + "open space " * 100_000 + "</p>"
    start = time.perf_counter()
    assert linked_words(content) == ["open space"]
    # Not a timing test (those live in benchmarks/): quadratic work here would take minutes, not seconds.
    assert time.perf_counter() - start < 60


def test_text_full_of_unclosed_tags_takes_linear_time() -> None:
    start = time.perf_counter()
    assert linked_words("<p>" + "<b " * 200_000 + "</p><p>open space</p>") == ["open space"]
    assert linked_words("<p>" + '<span class="x ' * 100_000 + "</p><p>open space</p>") == ["open space"]
    assert time.perf_counter() - start < 60  # as above: quadratic work would take many minutes


# The plain way to do it, as cop-site first did: tokenize every tag, keep a stack of open elements, and run the
# term pattern over each piece of text outside the elements that forbid links. link_terms must agree with it.
_SKIP = {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math",
         "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "dfn", "title", "select", "option", "label"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"(<!--.*?-->|<![^>]*>|<\?.*?\?>|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/)?\s*>", re.S)
_MARK = re.compile(r"""\bclass\s*=\s*["'][^"']*\bcop-meta\b|\bdata-cop-nolink\b""")


def reference(content: str, preferred: set[str]) -> str:
    linked: set[str] = set()
    stack: list[tuple[str, bool]] = []
    out = []

    def replace(match: re.Match) -> str:
        name = name_key(match.group(0))
        candidates = MATCHER.by_name.get(name)
        if not candidates or name in linked:
            return match.group(0)
        term = next((t for t in candidates if t.domain in preferred), candidates[0])
        if name_key(term.term) in linked:
            return match.group(0)
        linked.update({name, name_key(term.term)})
        return (f'<a class="cop-term" href="{html.escape(f"g/#{term.anchor}")}" '
                f'title="{html.escape(term.definition)}">{match.group(0)}</a>')

    for token in _TOKEN.split(content):
        if token.startswith("<"):
            tag = _TAG.match(token)
            if tag and not token.startswith(("<!", "<?")):
                closing, name, attrs, self_closing = tag.groups()
                name = name.lower()
                if closing:
                    while stack:
                        if stack.pop()[0] == name:
                            break
                elif name not in _VOID and not self_closing:
                    stack.append((name, name in _SKIP or bool(_MARK.search(attrs))))
            out.append(token)
        elif any(skip for _name, skip in stack):
            out.append(token)
        else:
            out.append(MATCHER.pattern.sub(replace, token))
    return "".join(out)


_TEXT = st.sampled_from(["open", "space", " ", "\n", "open space", "Open Spaces", "lean coffee", "LC", "C++",
                         "pre-", "-", "x", "&amp;", "<br>", "<br/>", "<img src=x>", "<!-- open space -->",
                         "<b>bold</b>"])
_ELEMENTS = st.sampled_from(["p", "div", '<div class="cop-meta">', "<span data-cop-nolink>", "code", "pre",
                             '<a href="#">', "h2", "em", '<span title="open space">', "b"])


def _element(tag: str, children: list[str]) -> str:
    opening = tag if tag.startswith("<") else f"<{tag}>"
    name = re.match(r"<(\w+)", opening).group(1)
    return f"{opening}{''.join(children)}</{name}>"


_HTML = st.recursive(st.lists(_TEXT, max_size=4).map("".join),
                     lambda inner: st.builds(_element, _ELEMENTS, st.lists(inner, max_size=4)), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(st.lists(_HTML, max_size=5).map("".join), st.sampled_from([("a",), ("b",), ()]))
def test_it_agrees_with_the_plain_tokenizer_on_any_well_formed_mix_of_markup_and_terms(content, preferred) -> None:
    assert link(content, preferred) == reference(content, set(preferred))


def test_a_stray_end_tag_closes_nothing_as_in_a_browser() -> None:
    # The plain tokenizer would have closed the <code> here; browsers ignore an end tag with nothing to close.
    assert linked_words("<p><code></span>open</code></p>") == []
