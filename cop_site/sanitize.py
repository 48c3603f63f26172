"""Sanitize rendered HTML: keep what Markdown extensions and Material produce, drop anything that can run."""

from __future__ import annotations

import html
import re

import nh3
from markupsafe import Markup

_SVG = {"svg", "path", "g", "title", "desc", "rect", "line", "polyline", "text"}
"""Inline SVG that cannot act: Material's icons and cop-site's pictures. No ``use``, ``image``, ``a``,
``foreignObject``, ``animate`` or ``style``: nothing that links, embeds, moves or runs."""
_TAGS = set(nh3.ALLOWED_TAGS) | {"input", "label", "section", "select", "option", "figure", "figcaption"} | _SVG
# Anything that executes or embeds (script, style, iframe, object, form, ...) is not listed, so it goes.
_TAGS -= {"area", "map"}
_GENERIC = {"class", "id", "title", "lang", "dir", "hidden", "role", "tabindex"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC,
    "a": {"href", "name", "rel", "hreflang", "target"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "input": {"name", "checked", "disabled", "value"},
    "label": {"for"},
    "option": {"value", "selected"},
    "select": {"name"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
    "col": {"span"},
    # nh3 compares attribute names as the HTML parser leaves them: SVG's viewBox keeps its capital B.
    "svg": {"viewBox", "xmlns", "width", "height", "fill", "aria-hidden", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "g": {"fill"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "y1", "x2", "y2"},
    "polyline": {"points"},
    "text": {"x", "y"},
    "code": {"data-lang"},
}
_INPUT_TYPES = {"input": {"type": {"checkbox", "radio"}}}
# Material for MkDocs keeps its own elements under ids, names and label targets that start with "__" (#__config,
# #__search, #__drawer, ...) and finds them with querySelector, which returns the first match in the page: content
# that came first would be read in their place. Markdown extensions use the prefix too, for these only.
_MARKDOWN_IDS = re.compile(r"__(?:tabbed_\d+(?:_\d+)?|codelineno-[\w-]+|span-[\w-]+)")


URL_SCHEMES = frozenset({"https", "http", "mailto"})
"""Schemes a URL in a page may have; a URL without one (relative) is kept."""
_URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "xlink:href", "action", "formaction", "cite",
                             "data", "background", "ping", "longdesc", "lowsrc", "dynsrc", "manifest", "codebase"})
"""Attributes that hold URLs. nh3 (ammonia) checks the scheme of ``href``, ``src`` and a few others, but not each
candidate of a ``srcset``: every one of these is checked here, whatever the allowlist keeps now or later."""
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")
_SPACE = " \t\n\r\f"


def url_allowed(url: str) -> bool:
    """Whether a URL is relative or has an allowed scheme, read as browsers read it: tabs and line breaks anywhere
    and leading control characters and spaces are ignored (``java\\tscript:`` is ``javascript:``)."""
    url = _URL_NOISE.sub("", url).lstrip("".join(map(chr, range(0x21))))
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def srcset_urls(value: str) -> list[str]:
    """The URL of each candidate in a ``srcset``, split as the HTML standard splits them (a comma ends a
    candidate unless it ends its URL or sits inside a descriptor's parentheses)."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and value[i] in _SPACE + ",":
            i += 1
        start = i
        while i < n and value[i] not in _SPACE:
            i += 1
        url = value[start:i]
        if not url:
            break
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0
        while i < n:  # the descriptors, up to the comma that ends the candidate
            char = value[i]
            i += 1
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(0, depth - 1)
            elif char == "," and not depth:
                break
    return urls


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """Drop attributes that would let content act as part of the theme or load what it must not; make titles inert.

    - ``data-md-*`` attributes are how Material mounts its components (``[data-md-component=source]`` fetches
      from the URL of its link, ``[data-md-toggle=search]`` ...); content has no use for them. ``data-pagefind-*``
      would rank a page in search or change what its result says (search.py adds them from the model).
    - An ``id``, ``for`` or ``name`` starting with ``__`` belongs to the theme, unless a Markdown extension made it.
    - A URL (``href``, ``src``, each candidate of a ``srcset``, ...) must be relative or use an allowed scheme.
    - Material shows a ``title`` as a tooltip by setting it as ``innerHTML`` (``content.tooltips``), so a ``<`` in
      a title would become an element there; it is escaped once more, and shows as ``<`` in the tooltip.
    """
    if attribute in _URL_ATTRIBUTES:
        urls = srcset_urls(value) if attribute == "srcset" else [value]
        return value if all(url_allowed(url) for url in urls) else None
    if attribute.startswith(("data-md-", "data-pagefind-")):
        return None
    if attribute in ("id", "for", "name") and value.startswith("__") and not _MARKDOWN_IDS.fullmatch(value):
        return None
    if attribute == "title" and "<" in value:
        return value.replace("<", "&lt;")
    return value


_FEW_TAGS = 16
MAX_DEPTH = 512
"""Elements nested deeper than this lose their tags (not their text) before sanitizing. Browsers flatten
anything deeper anyway (Chromium's HTML parser stops nesting at 512) and Markdown never nests that deep; the
HTML parser under nh3 checks the open elements for each block tag, so 100,000 nested ``<div>`` take it minutes,
where 512 levels take it 2 ms. A page with no more tags than this cannot reach it and is not scanned."""
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
                           "param", "source", "track", "wbr"})
"""Elements that have no end tag."""
FORMATTING_ELEMENTS = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                                 "strong", "tt", "u"})
"""Elements an HTML parser reopens after something else closed them (the HTML standard's "formatting" elements)."""
_ENDS_ITSELF = {"tr", "td", "th", "option"}
_ENDS_P = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "menu", "nav", "ol", "pre", "section",
           "table", "ul"}
_BUTTON_SCOPE = ("applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button")
_CLOSED_BY = {**{name: ("p", _BUTTON_SCOPE) for name in ("p", *_ENDS_P)},
              "li": ("li", (*_BUTTON_SCOPE, "ol", "ul")), "dd": ("dd", _BUTTON_SCOPE), "dt": ("dt", _BUTTON_SCOPE)}
"""Start tags that end an open element (name: (the element, elements that shield it)), as the HTML standard says."""
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_TAG_REST = re.compile(r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*>?")


def limit_depth(html: str, limit: int = MAX_DEPTH) -> str:
    """``html`` without the tags that would make an HTML parser's work grow faster than the text; their text stays.

    Two kinds go: the tags of elements nested more than ``limit`` deep, and the start tags of formatting elements
    (``b``, ``a``, ``em``...) that something else closes: the parser keeps those in its list of active formatting
    elements and opens a copy of each again in every paragraph that follows (200 unclosed ``<b id=N>`` before
    2,000 ``<p>x`` made 400,000 elements out of 10 KB). Markdown closes what it opens, so its HTML loses nothing.

    A tokenizer, not a parser, that errs on the deep side: it counts tags inside comments, scripts and attribute
    values, and ``<div/>`` as an open ``div`` (as HTML does). So the real parser never sees deeper nesting than it
    counted, and whatever it keeps is sanitized after it. Each tag is looked at a bounded number of times.
    """
    stack: list[str] = []
    spans: list[tuple[int, int]] = []  # where each open element's start tag is
    where: dict[str, list[int]] = {}  # name -> the stack indexes where it is open
    dropped: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []

    def pop() -> tuple[str, tuple[int, int]]:
        top = stack.pop()
        span = spans.pop()
        where[top].pop()
        return top, span

    def close(name: str) -> None:
        """Pop up to and including the innermost open ``name``; formatting elements popped on the way lose their
        start tags, since the parser would reopen them."""
        while True:
            top, span = pop()
            if top == name:
                return
            if top in FORMATTING_ELEMENTS:
                cuts.append(span)

    for token in _TAG_NAME.finditer(html):
        closing, name = token.groups()
        name = name.lower()
        if closing:
            if dropped.get(name):
                dropped[name] -= 1
                cuts.append((token.start(), _TAG_REST.match(html, token.end()).end()))
            elif where.get(name):
                close(name)
            continue
        if name in VOID_ELEMENTS:
            continue
        ends = _CLOSED_BY.get(name)
        if ends is not None:
            ended, boundaries = ends
            inner = where.get(ended)
            if inner and all(not where.get(b) or where[b][-1] < inner[-1] for b in boundaries):
                close(ended)  # '<p>a<p>b', '<li>a<li>b', '<p>a<div>': the open one ends where this begins
        elif stack and stack[-1] in _ENDS_ITSELF and name == stack[-1]:
            pop()  # '<td>a<td>b', '<option>a<option>b'
        span = (token.start(), _TAG_REST.match(html, token.end()).end())
        if len(stack) < limit:
            stack.append(name)
            spans.append(span)
            where.setdefault(name, []).append(len(stack) - 1)
        else:
            dropped[name] = dropped.get(name, 0) + 1
            cuts.append(span)
    if not cuts:
        return html
    cuts.sort()
    pieces, start = [], 0
    for begin, end in cuts:  # in order; a tag inside a cut one's attribute value is already gone
        if begin >= start:
            pieces.append(html[start:begin])
        start = max(start, end)
    pieces.append(html[start:])
    return "".join(pieces)


_CLEANER = nh3.Cleaner(  # built once: nh3.clean would rebuild these sets for every page
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "textarea"},
        attributes=_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        generic_attribute_prefixes={"data-", "aria-"},
        tag_attribute_values=_INPUT_TYPES,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )


def sanitize_html(html: str) -> str:
    """HTML with scripts, event handlers, unsafe URLs, frames, forms and styles removed; structure kept."""
    if html.count("<") > _FEW_TAGS:  # with so few tags, neither nesting nor reopening can cost much
        html = limit_depth(html)
    return _CLEANER.clean(html)


def escape_title_element(output: str, title: str) -> str:
    """Re-escape the text a theme printed into ``<title>``.

    Material prints ``page.title | striptags`` there, and ``striptags`` turns ``&lt;`` back into ``<``, so an
    escaped title like ``</title><script>`` would run (material/templates/base.html, block htmltitle). The printed
    text is known, so it is found and escaped. (A front-matter title is escaped before the theme sees it, by
    ``escape_meta``.)
    """
    printed = Markup(title).striptags()
    safe = html.escape(printed, quote=False)
    if printed == safe:
        return output
    return output.replace(f"<title>{printed} - ", f"<title>{safe} - ", 1).replace(
        f"<title>{printed}</title>", f"<title>{safe}</title>", 1)


def escape_meta(value: object) -> object:
    """Front matter with every string HTML-escaped, quotes included.

    Material prints ``page.meta.title`` raw in ``<title>``, the header and the navigation, ``description`` raw in a
    ``<meta>`` attribute, ``status`` in a class name; escaping every string keeps all of them text, and leaves the
    values themes read as names (``template``, ``icon``, ``hide``) unchanged, since those hold no ``<&"'``.
    """
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, dict):
        return {key: escape_meta(item) for key, item in value.items()}
    if isinstance(value, list):
        return [escape_meta(item) for item in value]
    return value
