"""Sanitize rendered HTML: keep what Markdown extensions and Material produce, drop anything that can run."""

from __future__ import annotations

import html

import nh3
from markupsafe import Markup

_TAGS = set(nh3.ALLOWED_TAGS) | {"input", "label", "section", "select", "option", "svg", "path", "g", "title"}
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
    "svg": {"viewbox", "xmlns", "width", "height", "fill", "aria-hidden", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "g": {"fill"},
    "code": {"data-lang"},
}
_INPUT_TYPES = {"input": {"type": {"checkbox", "radio"}}}


def sanitize_html(html: str) -> str:
    """HTML with scripts, event handlers, unsafe URLs, frames, forms and styles removed; structure kept."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "textarea"},
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        tag_attribute_values=_INPUT_TYPES,
        url_schemes={"https", "http", "mailto"},
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
    )


def escape_title_element(output: str, title: str, from_meta: bool = False) -> str:
    """Re-escape the text a theme printed into ``<title>``.

    Material prints ``page.title | striptags`` there, and ``striptags`` turns ``&lt;`` back into ``<``, so an
    escaped title like ``</title><script>`` would run (material/templates/base.html, block htmltitle). A
    front-matter title is printed as it is. Either way the printed text is known, so it is found and escaped.
    """
    printed = title if from_meta else Markup(title).striptags()
    safe = html.escape(printed, quote=False)
    if printed == safe:
        return output
    return output.replace(f"<title>{printed} - ", f"<title>{safe} - ", 1).replace(
        f"<title>{printed}</title>", f"<title>{safe}</title>", 1)
