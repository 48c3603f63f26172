"""Pathological shapes of Markdown: how each one's cost grows, and what cop-site makes of it at the size limit.

    python benchmarks/shapes.py growth [SHAPE ...]   # Python-Markdown and the sanitizer alone, at growing sizes
    python benchmarks/shapes.py limit [SHAPE ...]    # one 1 MiB practice of each shape: check, then build
    python benchmarks/shapes.py corpus               # every shape at once, in one site: check, then build

The shapes are in tests/hostile_corpus/shapes.py. ``growth`` renders each shape with the example community's
Markdown extensions (mkdocs.yml at the repository's root, plus those the plugin adds), in a fresh process per
measurement, stopped after ``--timeout`` seconds; it prints the render and sanitize seconds at each size and the
exponent k of the growth between the last two sizes (time ~ size^k), without cop-site's pre-scan or budget.
``limit`` and ``corpus`` run the real ``cop-site check`` and ``mkdocs build`` on a mini community.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from hostile_corpus.shapes import BY_NAME, SHAPES, shape_corpus  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
LIMIT = 1024 * 1024
"""The size limit of a practice file, front matter included."""
FRONT = "---\ntitle: {title}\nsummary: A practice of one shape.\nstewards: [ada-okafor]\n---\n\n"

_MEASURE = """
import json, sys, time
from cop_site.budget import render
from cop_site.sanitize import sanitize_html
from cop_site.settings import markdown_config
extensions, configs = markdown_config(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8").read()
render("*warm* `up` [a](b)\\n\\n# h\\n\\n```python\\nx\\n```\\n", extensions, configs)  # imports, not the shape
started = time.process_time()
html = render(text, extensions, configs, sanitize=False)
rendered = time.process_time()
sanitize_html(html)
print(json.dumps([rendered - started, time.process_time() - rendered, len(html)]))
"""


def measure(text: str, timeout: float) -> tuple[float, float] | None:
    """(render, sanitize) CPU seconds of ``text`` in a fresh process; None if it ran past ``timeout``."""
    with tempfile.NamedTemporaryFile("w", suffix=".md", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(ROOT), f.name], env=ENV, capture_output=True,
                             text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    finally:
        os.unlink(f.name)
    if out.returncode:
        raise SystemExit(out.stderr[-2000:])
    render_s, sanitize_s, _ = json.loads(out.stdout)
    return render_s, sanitize_s


def growth(names: list[str], sizes: list[int], timeout: float, enough: float) -> list[dict]:
    """Each shape at growing sizes, until one takes ``enough`` seconds; the last three sizes are kept."""
    rows = []
    for name in names:
        shape = BY_NAME[name]
        times: list[tuple[int, float | None, float | None]] = []
        for size in sizes:
            result = measure(shape.body(size), timeout)
            times.append((size, *(result or (None, None))))
            if result is None or sum(result) >= enough:
                break
        times = times[-3:]
        known = [(size, r + s) for size, r, s in times if r is not None]
        k = (math.log(known[-1][1] / known[-2][1]) / math.log(known[-1][0] / known[-2][0])
             if len(known) >= 2 and known[-2][1] > 0.005 else None)
        row = {"shape": name, "what": shape.what, "times": times, "k": k}
        rows.append(row)
        print(_growth_line(row, timeout), flush=True)
    return rows


def _growth_line(row: dict, timeout: float) -> str:
    cells = []
    for size, render_s, sanitize_s in row["times"]:
        cells.append(f"{size // 1000} KB: " + (f"{render_s:.3f} + {sanitize_s:.3f}" if render_s is not None
                                                 else f"> {timeout:g}"))
    k = f"{row['k']:.1f}" if row["k"] is not None else ""
    return f"| {row['shape']} | {'; '.join(cells)} | {k} |"


def timed(command: list[str], cwd: Path, timeout: float) -> tuple[float | None, str]:
    """Wall seconds and output (stdout and stderr) of a command; None if it ran past ``timeout``."""
    started = time.perf_counter()
    try:
        out = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, ""
    return time.perf_counter() - started, out.stdout + out.stderr


def _verdict(output: str, source: str) -> str:
    """What the output says of ``source``: its problem codes, or 'published'."""
    codes = sorted({line.rsplit("[", 1)[-1].rstrip("]") for line in output.splitlines()
                    if source + ":" in line and line.rstrip().endswith("]")})
    return ", ".join(codes) or "published"


def at_limit(names: list[str], timeout: float) -> list[dict]:
    """Each shape as one practice at the size limit, in a mini community: check it, then build it."""
    rows = []
    for name in names:
        with tempfile.TemporaryDirectory(prefix="cop-shape-") as folder:
            root = Path(folder)
            shape_corpus(root, [name])
            source = f"practices/shapes/{name}.md"
            check_s, check_out = timed([sys.executable, "-m", "cop_site.cli", "check", "."], root, timeout)
            build_s, build_out = timed([sys.executable, "-m", "mkdocs", "build", "-d", str(root / "site")], root,
                                       timeout)
            row = {"shape": name, "check": check_s, "checked": _verdict(check_out, source), "build": build_s,
                   "built": _verdict(build_out, source)}
        rows.append(row)
        print(_limit_line(row, timeout), flush=True)
    return rows


def _seconds(value: float | None, timeout: float) -> str:
    return f"{value:.1f}" if value is not None else f"> {timeout:g}"


def _limit_line(row: dict, timeout: float) -> str:
    return (f"| {row['shape']} | {_seconds(row['check'], timeout)} | {row['checked']} | "
            f"{_seconds(row['build'], timeout)} | {row['built']} |")


def corpus(timeout: float) -> None:
    """Every shape at once, each a practice at the size limit, in one community: check it, then build it."""
    with tempfile.TemporaryDirectory(prefix="cop-shapes-") as folder:
        root = Path(folder)
        shape_corpus(root, [s.name for s in SHAPES])
        size = sum(p.stat().st_size for p in (root / "practices").rglob("*.md")) / 2 ** 20
        check_s, _ = timed([sys.executable, "-m", "cop_site.cli", "check", "."], root, timeout)
        build_s, out = timed([sys.executable, "-m", "mkdocs", "build", "-d", str(root / "site")], root, timeout)
        reported = sum(1 for s in SHAPES if _verdict(out, f"practices/shapes/{s.name}.md") != "published")
        print(f"| every shape at once: {len(SHAPES)} practices, {size:.0f} MiB | {_seconds(check_s, timeout)} | "
              f"{_seconds(build_s, timeout)} | {reported} reported |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    grow = sub.add_parser("growth", help="Python-Markdown and the sanitizer alone, at growing sizes")
    grow.add_argument("shapes", nargs="*", help="shape names (default: all)")
    grow.add_argument("--sizes", default=",".join(str(8000 * 2 ** i) for i in range(8)),
                      help="comma-separated sizes in characters, tried in turn (default: 8 KB to 1 MB, doubling)")
    grow.add_argument("--enough", type=float, default=2, help="stop growing a shape once it takes this many s")
    grow.add_argument("--timeout", type=float, default=60, help="stop a measurement after this many s")
    limit = sub.add_parser("limit", help="one practice of each shape at the size limit: check, then build")
    limit.add_argument("shapes", nargs="*", help="shape names (default: all)")
    limit.add_argument("--timeout", type=float, default=600, help="stop a check or a build after this many s")
    every = sub.add_parser("corpus", help="every shape at once, in one site: check, then build")
    every.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    names = getattr(args, "shapes", None) or [s.name for s in SHAPES]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown shapes: {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    if args.command == "growth":
        print("| shape | render + sanitize CPU s at each size | k |\n|---|---|---|")
        growth(names, [int(s) for s in args.sizes.split(",")], args.timeout, args.enough)
    elif args.command == "limit":
        print("| shape (1 MiB practice) | check s | check says | build s | build says |\n|---|---|---|---|---|")
        at_limit(names, args.timeout)
    else:
        print("| corpus | check s | build s | |\n|---|---|---|---|")
        corpus(args.timeout)


if __name__ == "__main__":
    main()
