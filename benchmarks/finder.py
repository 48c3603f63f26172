"""The people finder on /people/ of a built site, in headless Chromium: what it downloads and how long it takes.

    python benchmarks/finder.py SITE_DIR [--runs 3] [--topics "channel practice" learning trust]

For each run it opens /people/ in a fresh tab and types the first topic (the finder then fetches cop.json,
prepares the members and filters: the reader's first query), then each other topic (cop.json is in memory). A time
runs from the input event to the moment the count says how many members match, and includes the finder's 150 ms
wait after a keystroke (TYPING_MS in cop_site/assets/cop-site.js). The site is served from this machine, so the
download itself costs next to nothing: its size is the figure to read for a network.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from playwright.sync_api import sync_playwright
from serving import CHROMIUM, serve

MEASURE = """async ([selector, query]) => {
    const field = document.querySelector(selector), count = document.querySelector('.cop-finder__count');
    const before = count.textContent, start = performance.now();
    field.value = query;
    field.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise((resolve, reject) => {
        const seen = new MutationObserver(() => {
            if (/match/.test(count.textContent) && count.textContent !== before) { seen.disconnect(); resolve(); }
        });
        seen.observe(count, {childList: true, characterData: true, subtree: true});
        setTimeout(() => reject(new Error('no result after 20 s: ' + count.textContent)), 20000);
    });
    return [performance.now() - start, count.textContent];
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--topics", nargs="+", default=["channel practice", "learning", "trust"])
    args = parser.parse_args()

    data = (args.site / "cop.json").read_bytes()
    people = sorted(args.site.glob("people/page/*/index.html"))
    print(f"cop.json: {len(data):,} bytes, {len(gzip.compress(data)):,} gzipped; /people/: "
          f"{(args.site / 'people' / 'index.html').stat().st_size:,} bytes, {1 + len(people)} pages")

    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for run in range(1, args.runs + 1):
            page = browser.new_page()
            page.goto(f"{base}people/")
            page.wait_for_selector("[data-cop-finder] form[role=search]")
            times = [page.evaluate(MEASURE, ["#cop-find-topic", topic]) for topic in args.topics]
            print(f"run {run}: " + "; ".join(f"{topic!r} {ms:.0f} ms ({said})"
                                              for topic, (ms, said) in zip(args.topics, times)))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
