"""The newcomer's path (/start-here/): how to take part, newcomer practices, mentors."""

from __future__ import annotations

from typing import Iterator

from .base import Page, Site


def pages(site: Site) -> Iterator[Page]:
    yield Page("start-here/index.md", site.render("start-here.md.j2", "start-here/index.md"), title="Start here")
