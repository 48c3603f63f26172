"""Time what `cop-site check` spends on identities and on the base commit, on a corpus from make_corpus.py.

    python benchmarks/identity.py benchmarks/results/corpus-L [--mailmap 100]

With --mailmap N, an uncommitted .mailmap of N lines (each giving one member's old address to the next member) is
written for the run and removed afterwards, and the credit it moves is measured too. Medians of seven runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from cop_site.baseline import Snapshot, find_base
from cop_site.identity import check_identities
from cop_site.loading import load_community
from cop_site.mailmap import check_mailmap, credit_moves
from cop_site.settings import read_settings


def clock(work, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--mailmap", type=int, default=0, metavar="N")
    args = parser.parse_args()
    root = args.corpus
    settings = read_settings(root)
    community, _ = load_community(root, settings.layout)
    mailmap = root / ".mailmap"
    if args.mailmap:
        members = sorted(community.members)
        mailmap.write_text("".join(f"Moved <{members[(i + 1) % len(members)]}@example.org> <{m}@old.example.org>\n"
                                   for i, m in enumerate(members[: args.mailmap])), encoding="utf-8")
    try:
        base, note = find_base(root, environ={})
        print(f"identity checks ({len(community.members)} members): {clock(lambda: list(check_identities(community))):.3f} s")
        print(f"find_base: {clock(lambda: find_base(root, environ={})):.3f} s ({base.label if base else note})")
        print(f"static .mailmap check: {clock(lambda: check_mailmap(root, settings.bots)):.3f} s")
        if base is None:
            return

        def members_at_base() -> None:
            with Snapshot(base) as snapshot:
                snapshot.files(settings.layout.members_dir)
                snapshot.text(".mailmap")

        print(f"members/ and .mailmap at the base: {clock(members_at_base):.3f} s")

        def moves() -> list:
            with Snapshot(base) as snapshot:
                return credit_moves(root, base, snapshot, (settings.layout.members_dir, settings.layout.practices_dir,
                                                           settings.site.docs_dir), community.members, settings.bots)

        print(f"credit a changed .mailmap moves: {clock(moves, 5):.3f} s ({len(moves())} moves)")
    finally:
        if args.mailmap:
            mailmap.unlink()


if __name__ == "__main__":
    main()
