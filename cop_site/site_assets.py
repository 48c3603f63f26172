"""The stylesheet and script every cop-site site carries, and the Markdown extensions its pages rely on."""

from __future__ import annotations

from importlib import resources

ASSETS = {"css": "assets/cop-site/cop-site.css", "js": "assets/cop-site/cop-site.js"}
"""Asset kind -> where it is published in the site."""

REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc")
"""Generated pages use these; they are added to the site's markdown_extensions when missing."""


def asset_text(kind: str) -> str:
    """The packaged asset's text."""
    name = ASSETS[kind].rsplit("/", 1)[1]
    return resources.files("cop_site").joinpath("assets", name).read_text(encoding="utf-8")
