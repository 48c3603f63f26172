"""`cop-site build --engine NAME`: a repository's site built by MkDocs, ProperDocs or Zensical, finished.

MkDocs and ProperDocs run the cop-site plugin, which finishes every page in its hooks: that is the default path
(the fastest, and the one ``mkdocs build`` takes), so ``build`` runs the engine on the repository itself. Zensical
runs no third-party plugin: ``build`` exports the site into a work folder, has Zensical build it there (it only
writes inside its project folder), finishes the result and moves it to the site folder. ``via_export`` takes the
second path with MkDocs or ProperDocs too, as a yardstick and for a repository whose mkdocs.yml lists no cop-site.

Engines run as subprocesses of the same Python (``python -m NAME``): each is an optional dependency, and a missing
one is a usage error that says what to install.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Problem
from ..settings import read_config
from .export import export_site
from .finish import Finished, finish_site

ENGINES = ("mkdocs", "properdocs", "zensical")
_INSTALL = {"mkdocs": "pip install cop-site (MkDocs is one of its dependencies)",
            "properdocs": "pip install 'cop-site[properdocs]'", "zensical": "pip install 'cop-site[zensical]'"}


class BuildError(Exception):
    """The build cannot start (a usage error): no such engine, no mkdocs.yml, a site folder it must not replace."""


@dataclass
class Built:
    """What a build did."""

    engine: str
    path: str
    """``plugin`` (the engine ran the cop-site plugin) or ``export`` (exported, built, finished)."""
    status: int = 0
    """The engine's exit status (0: built)."""
    problems: list[Problem] = field(default_factory=list)
    """Content problems (export path; on the plugin path the engine's log shows them)."""
    summary: str = ""
    finished: Finished | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall seconds of each step: export, engine, finish."""


def missing_engine(engine: str) -> str:
    """Why ``engine`` cannot run here, with what to install; '' when it can."""
    if engine not in ENGINES:
        return f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}"
    if importlib.util.find_spec(engine) is None:
        return f"the {engine} engine is not installed in this Python ({sys.executable}); install it with: " \
               f"{_INSTALL[engine]}"
    return ""


def build(root: Path, engine: str, site_dir: Path | None = None, *, config_file: str = "mkdocs.yml",
          strict: bool = False, via_export: bool = False) -> Built:
    """Build the site of the repository at ``root`` with ``engine`` into ``site_dir`` (default: mkdocs.yml's
    site_dir, or ``site``); the engine's own output goes to this process's stdout and stderr.

    Raises:
        BuildError: a usage error; nothing was built.
    """
    root = Path(root).resolve()
    why = missing_engine(engine)
    if why:
        raise BuildError(why)
    if not (root / config_file).is_file():
        raise BuildError(f"no {config_file} in {root}")
    config = read_config(root, config_file)
    site = Path(site_dir).resolve() if site_dir else (root / str(config.get("site_dir") or "site")).resolve()
    _check_site_dir(site, root, config)
    if engine != "zensical" and not via_export and _runs_plugin(config):
        started = time.perf_counter()
        command = [sys.executable, "-m", engine, "build", "-f", str(root / config_file), "-d", str(site)]
        status = subprocess.run(command + (["--strict"] if strict else []), cwd=root).returncode
        return Built(engine, "plugin", status, seconds={"engine": time.perf_counter() - started})
    with tempfile.TemporaryDirectory(prefix="cop-site-build-") as work:
        project = Path(work) / "project"
        started = time.perf_counter()
        exported = export_site(root, project, config_file)
        built = Built(engine, "export", problems=exported.problems, summary=exported.summary,
                      seconds={"export": time.perf_counter() - started})
        started = time.perf_counter()
        built.status = subprocess.run(_engine_command(engine, strict), cwd=project).returncode
        built.seconds["engine"] = time.perf_counter() - started
        if built.status != 0:
            return built
        built.finished = finish_site(project / exported.site_dir)
        built.seconds["finish"] = built.finished.seconds
        if built.finished.problems:  # a page left unfinished is never published
            return built
        if site.exists():
            shutil.rmtree(site)
        site.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(project / exported.site_dir), str(site))
    return built


def _engine_command(engine: str, strict: bool) -> list[str]:
    """The command that builds an export (the current folder) into its ``site`` folder."""
    command = [sys.executable, "-m", engine, "build", "-f", "mkdocs.yml"]
    if engine != "zensical":  # Zensical has no -d: it always builds into site_dir, inside the project
        command += ["-d", "site"]
    return command + (["--strict"] if strict else [])


def _runs_plugin(config: dict) -> bool:
    """Whether mkdocs.yml lists the cop-site plugin (as a name, or a mapping to its options)."""
    plugins = config.get("plugins")
    return any(p == "cop-site" or (isinstance(p, dict) and "cop-site" in p)
               for p in (plugins if isinstance(plugins, (list, dict)) else ()))


def _check_site_dir(site: Path, root: Path, config: dict) -> None:
    """Refuse a site folder whose replacement would delete the repository or its sources."""
    docs = (root / str(config.get("docs_dir") or "docs")).resolve()
    if site == root or site in root.parents:
        raise BuildError(f"the site folder {site} holds the repository {root}; building there would delete it")
    if site == docs or docs in site.parents or site in docs.parents:
        raise BuildError(f"the site folder {site} overlaps docs_dir {docs}; choose another with -d")
    if site.exists() and not site.is_dir():
        raise BuildError(f"{site} is a file, not a folder")
    if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file() \
            and not (site / "404.html").is_file() and not (site / "sitemap.xml").is_file():
        raise BuildError(f"{site} is a folder that holds no site (no index.html); building there would replace it")


__all__ = ["ENGINES", "BuildError", "Built", "build", "missing_engine"]
