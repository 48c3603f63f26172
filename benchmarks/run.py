"""Measure cop-site at community scale: check, the history pass, full builds, plain MkDocs as the floor, page sizes.

    python benchmarks/run.py                 # sizes S and L, 3 runs each
    python benchmarks/run.py --sizes S L 2L --runs 3
    python benchmarks/run.py --engines       # each engine path of `cop-site build`, side by side

With ``--engines``: ``cop-site build`` with the plugin on MkDocs and on ProperDocs, and through export + engine +
``cop-site finish`` on MkDocs and on Zensical (each engine that is installed), in turns; wall and CPU seconds, the
peak RSS of the largest process, the finishing step's own seconds, and the size of the site (bytes and files).

Figures: ``cop-site check``; the history pass; ``mkdocs build`` with the plugin as configured (a worker process
finishes pages on a second core; the corpus's theme has ``navigation.prune``); the same build with ``parallel:
false`` (serial); the same build without ``navigation.prune`` (unpruned); and the floor, plain MkDocs building the
``cop-site export`` of the same site. The builds take turns, so that a machine that gets slower or faster during
the runs weighs on all of them alike. Each figure is the median of the runs, with min and max, CPU seconds (the
process and its children) and peak RSS. Then the size of the pages of the plugin's builds, with and without
``navigation.prune`` (``sizes.py``). Corpora are made once (deterministic from their seed) under
benchmarks/results/ and reused. The tables are printed and written to benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus, make_history  # noqa: E402
from sizes import page_sizes  # noqa: E402
from sizes import table as size_table  # noqa: E402

SIZES = {  # practices, members, domains, commits
    "S": (500, 200, 20, 2_000),
    "L": (2_000, 500, 40, 5_000),
    "2L": (4_000, 1_000, 80, 10_000),
}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def run(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, its own children included) of one process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: `check` found content problems
        raise SystemExit(f"{' '.join(command)} failed in {cwd}: {child.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def history_pass(corpus: Path) -> tuple[float, int]:
    code = ("import time,sys; from cop_site.loading import load_community; from cop_site.history import read_history;"
            "c,_=load_community(sys.argv[1]); t=time.perf_counter();"
            "h=read_history(sys.argv[1], ['members','practices','content'], c.members);"
            "print(time.perf_counter()-t, sum(len(f.changes) for f in h.files.values()))")
    out = subprocess.run([sys.executable, "-c", code, str(corpus)], env=ENV, capture_output=True, text=True, check=True)
    seconds, _changes = out.stdout.split()
    return float(seconds), 0, float(seconds)


def corpus_for(size: str) -> Path:
    practices, members, domains, commits = SIZES[size]
    path = HERE / "results" / f"corpus-{size}"
    if not (path / ".git").is_dir():
        shutil.rmtree(path, ignore_errors=True)
        make_corpus(path, practices, members, domains)
        make_history(path, commits)
    return path


BUILDS = ("build", "floor", "serial", "unpruned")


def measure(size: str, runs: int, builds: tuple[str, ...] = BUILDS) -> dict:
    corpus = corpus_for(size)
    export = Path(tempfile.mkdtemp(prefix=f"cop-export-{size}-"))
    subprocess.run(["cop-site", "export", str(export), str(corpus)], env=ENV, check=True, capture_output=True)
    site = Path(tempfile.mkdtemp(prefix=f"cop-site-{size}-"))
    (corpus / "mkdocs-serial.yml").write_text(  # the same site with pages finished in the build's own process
        "INHERIT: mkdocs.yml\nplugins:\n  - search\n  - cop-site:\n      parallel: false\n", encoding="utf-8")
    (corpus / "mkdocs-unpruned.yml").write_text(  # the theme renders the whole navigation into every page
        "INHERIT: mkdocs.yml\ntheme:\n  name: material\n  features: [navigation.indexes, content.tooltips]\n",
        encoding="utf-8")
    figures = {
        "check": lambda: run(["cop-site", "check", "."], corpus),
        "history": lambda: history_pass(corpus),
        "build": lambda: run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site / "plugin")], corpus),
        "floor": lambda: run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site / "floor")], export),
        "serial": lambda: run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-serial.yml",
                               "-d", str(site / "serial")], corpus),
        "unpruned": lambda: run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-unpruned.yml",
                                 "-d", str(site / "unpruned")], corpus),
    }
    result: dict = {"size": size, "practices": SIZES[size][0], "members": SIZES[size][1],
                    "commits": SIZES[size][3]}
    # The builds and the floor take turns (build, floor, serial, serial, floor, build, ...), so that a machine
    # getting slower or faster during the runs weighs on all of them alike.
    turn = tuple(name for name in BUILDS if name in builds)
    order = [name for i in range(runs) for name in (turn if i % 2 == 0 else turn[::-1])]
    samples: dict[str, list] = {name: [] for name in ("check", "history", *turn)}
    for name in ("check", "history"):
        samples[name] = [figures[name]() for _ in range(runs)]
    for name in order:
        samples[name].append(figures[name]())
    result["sizes"] = {name: page_sizes(site / folder) for name, folder in
                       (("navigation.prune", "plugin"), ("no navigation.prune", "unpruned"), ("floor", "floor"))
                       if (site / folder).is_dir()}
    for name, taken in samples.items():
        seconds = [s for s, _, _ in taken]
        result[name] = {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds),
                        "peak_mib": max(m for _, m, _ in taken), "cpu": statistics.median(c for _, _, c in taken)}
    shutil.rmtree(export, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return result


ENGINE_PATHS = {  # name -> the `cop-site build` arguments
    "mkdocs plugin": ["--engine", "mkdocs"],
    "properdocs plugin": ["--engine", "properdocs"],
    "mkdocs export + finish": ["--engine", "mkdocs", "--via-export"],
    "zensical export + finish": ["--engine", "zensical"],
}


def site_size(site: Path) -> tuple[int, int]:
    """(bytes, files) of a built site."""
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def measure_engines(size: str, runs: int) -> dict:
    """Each engine path of ``cop-site build`` on the corpus of ``size``, in turns."""
    import importlib.util
    import re

    corpus = corpus_for(size)
    work = Path(tempfile.mkdtemp(prefix=f"cop-engines-{size}-"))
    paths = {name: args for name, args in ENGINE_PATHS.items() if importlib.util.find_spec(args[1])}
    samples: dict[str, list] = {name: [] for name in paths}
    sizes: dict[str, tuple[int, int]] = {}
    finish: dict[str, list[float]] = {name: [] for name in paths}
    order = [name for i in range(runs) for name in (list(paths) if i % 2 == 0 else list(paths)[::-1])]
    load = os.getloadavg()
    for name in order:
        site = work / name.replace(" ", "-").replace("+", "")
        command = ["cop-site", "build", *paths[name], "-d", str(site), "."]
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=corpus, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 text=True)
        out = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed in {corpus}:\n{out[-2000:]}")
        samples[name].append((elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime))
        found = re.search(r"finished [\d,]+ pages in .* in ([\d.]+) s", out)
        if found:
            finish[name].append(float(found.group(1)))
        sizes[name] = site_size(site)
        shutil.rmtree(site)
    result: dict = {"size": size, "practices": SIZES[size][0], "members": SIZES[size][1], "commits": SIZES[size][3],
                    "load": {"before": load, "after": os.getloadavg()}}
    for name, taken in samples.items():
        seconds = [s for s, _, _ in taken]
        result[name] = {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds),
                        "peak_mib": max(m for _, m, _ in taken), "cpu": statistics.median(c for _, _, c in taken),
                        "finish": statistics.median(finish[name]) if finish[name] else None,
                        "bytes": sizes[name][0], "files": sizes[name][1]}
    shutil.rmtree(work, ignore_errors=True)
    return result


def engines_table(results: list[dict]) -> str:
    lines = ["| size | path | median s | min s | max s | CPU s | finish s | peak RSS MiB | site bytes | files |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        label = f"{r['size']} ({r['practices']:,} practices, {r['members']:,} members)"
        for name in ENGINE_PATHS:
            if name in r:
                f = r[name]
                finish = f"{f['finish']:.2f}" if f["finish"] is not None else "(in the build)"
                lines.append(f"| {label} | {name} | {f['median']:.2f} | {f['min']:.2f} | {f['max']:.2f} | "
                             f"{f['cpu']:.2f} | {finish} | {f['peak_mib']} | {f['bytes']:,} | {f['files']:,} |")
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    lines = ["| size | figure | median s | min s | max s | CPU s | peak RSS MiB |", "|---|---|---|---|---|---|---|"]
    for r in results:
        label = f"{r['size']} ({r['practices']:,} practices, {r['members']:,} members, {r['commits']:,} commits)"
        for name in ("check", "history", *BUILDS):
            if name not in r:
                continue
            f = r[name]
            peak = f["peak_mib"] or ""
            lines.append(f"| {label} | {name} | {f['median']:.2f} | {f['min']:.2f} | {f['max']:.2f} | {f['cpu']:.2f} "
                         f"| {peak} |")
        for name, what in (("build", "build over floor"), ("serial", "build without a worker over floor")):
            if name not in r or "floor" not in r:
                continue
            wall = r[name]["median"] / r["floor"]["median"] - 1
            cpu = r[name]["cpu"] / r["floor"]["cpu"] - 1
            lines.append(f"| {label} | {what} | {wall:+.1%} | | | {cpu:+.1%} | |")
    by = {r["size"]: r for r in results}
    for name, what in (("build", "build time ratio"), ("unpruned", "build time ratio, no navigation.prune"),
                       ("floor", "floor time ratio")):
        if {"L", "2L"} <= by.keys() and name in by["L"] and name in by["2L"]:
            lines.append(f"| 2L / L | {what} | {by['2L'][name]['median'] / by['L'][name]['median']:.2f}x "
                         f"| | | {by['2L'][name]['cpu'] / by['L'][name]['cpu']:.2f}x | |")
    return "\n".join(lines)


def sizes_table(results: list[dict]) -> str:
    """Page sizes of each size's builds, one column per build; and the practice page's growth from S."""
    rows = [(f"{r['size']}, {name}", sizes) for r in results for name, sizes in r.get("sizes", {}).items()
            if name != "floor"]
    out = size_table(rows)
    by = {r["size"]: r.get("sizes", {}) for r in results}
    for name in ("navigation.prune", "no navigation.prune"):
        if name in by.get("S", {}) and name in by.get("2L", {}):
            s, l2 = (by[k][name]["kinds"]["practice"]["median"] for k in ("S", "2L"))
            out += (f"\n\nMedian practice page, {name}: {l2 / s:.2f}x its size at S "
                    f"({s / 1000:.1f} KB to {l2 / 1000:.1f} KB).")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "L"], choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--builds", nargs="+", default=list(BUILDS), choices=BUILDS,
                        help="which builds to time (default: all)")
    parser.add_argument("--engines", action="store_true", help="each engine path of `cop-site build` instead")
    args = parser.parse_args()
    results = [measure_engines(size, args.runs) if args.engines else measure(size, args.runs, tuple(args.builds))
               for size in args.sizes]
    machine = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
               "load_average": os.getloadavg()}
    out = HERE / "results" / ("engines.json" if args.engines else "latest.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n")
    if args.engines:
        print(engines_table(results))
    else:
        print(table(results))
        print("\nPage sizes; each cell: pages · median KB · largest KB (1 KB = 1,000 bytes of HTML).\n")
        print(sizes_table(results))
    print(f"\nmachine: {machine}; written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
