"""The stylesheet and script every cop-site site carries, and the Markdown extensions its pages rely on."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ASSETS = {"css": "assets/cop-site/cop-site.css", "js": "assets/cop-site/cop-site.js"}
"""Asset kind -> where it is published in the site."""

THEME_PARTIALS = str(Path(__file__).resolve().parent / "templates" / "theme")
"""A theme folder of cop-site's own, put after the site's custom_dir on every engine: the header's search
(``partials/search.html``, with ``search: pagefind``)."""
SEARCH_PARTIAL = "partials/search.html"

REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc")
"""Generated pages use these; they are added to the site's markdown_extensions when missing."""


def asset_text(kind: str) -> str:
    """The packaged asset's text."""
    name = ASSETS[kind].rsplit("/", 1)[1]
    return resources.files("cop_site").joinpath("assets", name).read_text(encoding="utf-8")
