"""The newcomer's path (/start-here/): how to take part, newcomer practices, mentors."""

from __future__ import annotations

from typing import Iterator

from .base import Page, Site

MENTORS_SHOWN = 12
"""Mentors with a card here; the rest are on /expertise/mentors/."""

NEWCOMER_PRACTICES = 3
"""Practices for newcomers listed here per domain; the domain's page has the rest."""


def pages(site: Site) -> Iterator[Page]:
    yield Page("start-here/index.md", site.render("start-here.md.j2", "start-here/index.md",
                                                  MENTORS_SHOWN=MENTORS_SHOWN,
                                                  NEWCOMER_PRACTICES=NEWCOMER_PRACTICES), title="Start here")
