"""Unit tests of cross-reference checks that golden cases cannot pin down portably."""

from __future__ import annotations

import pytest

from cop_site.validation import check_url, load_and_check


@pytest.mark.parametrize(("url", "verdict"), [
    ("https://example.org", None),
    ("HTTPS://EXAMPLE.ORG", None),
    ("mailto:ada@example.org", None),
    ("  https://example.org  ", None),
    ("http://example.org", ("warning", "uses http:, which readers' browsers may flag; use https: if the site supports it")),
    ("javascript:alert(1)", ("error", "uses the scheme 'javascript:', which is not allowed; use https: or mailto:")),
    (" JaVaScRiPt:alert(1)", ("error", "uses the scheme 'javascript:', which is not allowed; use https: or mailto:")),
    ("data:text/html,x", ("error", "uses the scheme 'data:', which is not allowed; use https: or mailto:")),
    ("//example.org", ("error", "has no scheme; write a full https: or mailto: address")),
    ("example.org/ada", ("error", "has no scheme; write a full https: or mailto: address")),
])
def test_only_https_and_mailto_links_are_safe(url: str, verdict: tuple[str, str] | None) -> None:
    assert check_url(url) == verdict


def test_a_misspelt_time_zone_is_a_warning_with_the_closest_zone(tmp_path, make_repo) -> None:
    make_repo(tmp_path, {"members/ada-okafor.yml": "name: Ada\ntimezone: Europe/Berln\n"})
    _, problems = load_and_check(tmp_path)
    assert [(p.path, p.line, p.column, p.code, p.severity) for p in problems] == [
        ("members/ada-okafor.yml", 2, 11, "unknown-timezone", "warning")]
    assert problems[0].message.startswith("'Europe/Berln' is not an IANA time zone; did you mean 'Europe/Berlin'")


def test_problems_are_sorted_and_never_repeated(tmp_path, make_repo) -> None:
    make_repo(tmp_path, {
        "members/ada-okafor.yml": "name: Ada\nexpertise: {b-domain: expert, a-domain: expert}\n",
        "members/bo.yml": "name: Bo\nexpertise: {zz: expert}\n",
    })
    _, problems = load_and_check(tmp_path)
    assert [(p.path, p.line, p.column) for p in problems] == [
        ("members/ada-okafor.yml", 2, 23), ("members/ada-okafor.yml", 2, 41), ("members/bo.yml", 2, 17)]
    assert len(set(problems)) == len(problems)
