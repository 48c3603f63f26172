"""Where a build's time goes: build a site in this process and time each of the cop-site plugin's hooks.

    python benchmarks/hooks.py benchmarks/results/corpus-L/mkdocs.yml

Prints the whole build's wall time and the time spent inside each hook, on MkDocs' own thread (a worker
process's time is not in it: that is the point of the worker). The rest of the build is MkDocs, the theme and
the search plugin, which the floor in run.py pays too.
"""

from __future__ import annotations

import argparse
import functools
import os
import tempfile
import time
from collections import Counter

HOOKS = ("on_config", "on_files", "on_page_read_source", "on_page_markdown", "on_page_content", "on_page_context", "on_post_page",
         "on_post_build")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", help="the site's mkdocs.yml")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from cop_site.engines.plugin import CopSitePlugin

    spent: Counter[str] = Counter()
    for name in HOOKS:
        original = getattr(CopSitePlugin, name, None)
        if original is None:  # a hook this version of the plugin does not have
            continue

        @functools.wraps(original)  # keeps mkdocs_priority, which MkDocs reads off the method
        def timed(*a, _original=original, _name=name, **k):
            start = time.perf_counter()
            try:
                return _original(*a, **k)
            finally:
                spent[_name] += time.perf_counter() - start

        setattr(CopSitePlugin, name, timed)
    with tempfile.TemporaryDirectory(prefix="cop-hooks-") as site:
        config = load_config(args.config, site_dir=site)
        start = time.perf_counter()
        build(config)
        total = time.perf_counter() - start
    hooks = sum(spent.values())
    print(f"build {total:.2f} s; in cop-site's hooks {hooks:.2f} s ({hooks / total:.1%}); "
          f"the rest {total - hooks:.2f} s")
    for name, seconds in spent.most_common():
        print(f"  {name:18} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
