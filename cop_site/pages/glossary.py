"""The glossary: an A-Z index of every term (/glossary/) and each domain's entries on a page of their own
(/glossary/<domain>/), so that no page grows with the whole community's glossary and entries keep their URL."""

from __future__ import annotations

from typing import Iterator

from ..model import Term
from .base import GLOSSARY_URI, Page, Site, glossary_uri


def glossary_groups(site: Site) -> list[tuple[str, list[Term]]]:
    """Terms A-Z, grouped by first letter; terms not starting with a letter go under '#'."""
    groups: dict[str, list[Term]] = {}
    for term in sorted(site.community.terms, key=lambda t: (t.term.casefold(), t.domain)):
        first = term.term[:1].upper()
        groups.setdefault(first if first.isascii() and first.isalpha() else "#", []).append(term)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))


def pages(site: Site) -> Iterator[Page]:
    """The index, then one page per domain that has terms, by domain id."""
    with_terms = sorted(d for d, terms in site.terms_by_domain.items() if terms)
    yield Page(GLOSSARY_URI, site.render("glossary.md.j2", GLOSSARY_URI, groups=glossary_groups(site),
                                         domains=sorted(with_terms, key=lambda d: site.domain_title(d).casefold())),
               title="Glossary")
    for domain_id in with_terms:
        uri = glossary_uri(domain_id)
        terms = sorted(site.terms_by_domain[domain_id], key=lambda t: t.term.casefold())
        yield Page(uri, site.render("glossary-domain.md.j2", uri, domain_id=domain_id, terms=terms),
                   title=f"Glossary: {site.domain_title(domain_id)}")
