"""The header's search of a built site, in headless Chromium: what a reader's first search downloads, and how long
a query takes from the keystroke to the results, against what Material's own search would download first.

    python benchmarks/search.py SITE_DIR [--runs 3] [--queries facilitation "chat platforms" retro]

For each run it opens the home page in a fresh tab and types the first query (Pagefind's script, its WebAssembly,
its entry and the index chunks of the words are fetched: the reader's first search), then each other query. A
time runs from the input event to the moment the results say how many there are, and includes the search's 120 ms
wait after a keystroke (TYPING_MS in cop_site/assets/cop-site.js). Sizes are what the browser received (the files
Pagefind writes are compressed already); Material's index is given as gzip would send it.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from playwright.sync_api import sync_playwright
from serving import CHROMIUM, serve

MEASURE = """async (query) => {
    const box = document.querySelector('[data-cop-search]'), field = box.querySelector('input');
    const start = performance.now();
    field.focus();
    field.value = query;
    field.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise((resolve, reject) => {
        const check = () => box.getAttribute('data-cop-query') === query ? resolve() : setTimeout(check, 5);
        check();
        setTimeout(() => reject(new Error('no result after 20 s')), 20000);
    });
    return [performance.now() - start, box.querySelector('.cop-search__status').textContent];
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", nargs="+", default=["facilitation", "chat platforms", "retro"])
    args = parser.parse_args()

    index = sorted(p for p in (args.site / "pagefind").rglob("*") if p.is_file())
    print(f"pagefind/: {len(index):,} files, {sum(p.stat().st_size for p in index):,} bytes")
    theirs = args.site / "search" / "search_index.json"
    if theirs.is_file():
        data = theirs.read_bytes()
        print(f"Material's search_index.json (fetched whole before its first result): {len(data):,} bytes, "
              f"{len(gzip.compress(data)):,} gzipped")

    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for run in range(args.runs):
            page = browser.new_page()
            received: list[tuple[str, int]] = []
            page.on("response", lambda r: "/pagefind/" in r.url and received.append((r.url, len(r.body()))))
            page.goto(base, wait_until="networkidle")
            for number, query in enumerate(args.queries):
                before = sum(size for _, size in received)
                seconds, status = page.evaluate(MEASURE, query)
                got = sum(size for _, size in received) - before
                print(f"run {run + 1} {'first' if number == 0 else 'next '} {query!r}: {seconds:.0f} ms, "
                      f"{got:,} bytes in {len(received)} files so far; {status}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
