"""Practice pages (/practices/<domain>/<id>/) and the list of all practices, A-Z (/practices/, in parts of
``PRACTICES_PER_PAGE``)."""

from __future__ import annotations

import json
from typing import Iterator

from markupsafe import Markup

from ..model import Practice
from .base import Page, Site, practice_uri, split_list

PRACTICES_PER_PAGE = 150
"""Rows of the list of all practices on one page: the first at /practices/, the next at /practices/page/2/, ..."""


def front_matter(practice: Practice) -> Markup:
    """Front matter the site engine reads (hide, search), as YAML (JSON is YAML) built from validated values."""
    return Markup(json.dumps(dict(practice.meta), sort_keys=True))


def index_pages(site: Site) -> Iterator[Page]:
    """/practices/: every practice, A-Z."""
    every = sorted(site.community.practices.values(), key=lambda p: (p.title.casefold(), p.key))
    for part in split_list("practices/index.md", every, PRACTICES_PER_PAGE):
        yield Page(part.uri, site.render("practices.md.j2", part.uri, part=part),
                   title="All practices" + (f", page {part.number}" if part.number > 1 else ""))


def pages(site: Site) -> Iterator[Page]:
    """One page per practice, by key; always built."""
    for practice in sorted(site.community.practices.values(), key=lambda p: p.key):
        uri = practice_uri(practice)
        yield Page(uri, site.render("practice.md.j2", uri, practice=practice, front_matter=front_matter(practice)),
                   practice.source, practice.title)
