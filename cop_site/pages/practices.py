"""Practice pages (/practices/<domain>/<id>/) and the list of all practices (/practices/)."""

from __future__ import annotations

import json
from typing import Iterator

from markupsafe import Markup

from ..model import Practice
from .base import Page, Site, practice_uri


def front_matter(practice: Practice) -> Markup:
    """Front matter the site engine reads (hide, search), as YAML (JSON is YAML) built from validated values."""
    return Markup(json.dumps(dict(practice.meta), sort_keys=True))


def index_pages(site: Site) -> Iterator[Page]:
    """/practices/: every practice, by domain."""
    yield Page("practices/index.md", site.render("practices.md.j2", "practices/index.md"), title="All practices")


def pages(site: Site) -> Iterator[Page]:
    """One page per practice, by key; always built."""
    for practice in sorted(site.community.practices.values(), key=lambda p: p.key):
        uri = practice_uri(practice)
        yield Page(uri, site.render("practice.md.j2", uri, practice=practice, front_matter=front_matter(practice)),
                   practice.source, practice.title)
