"""What a page may cost, for every engine adapter: the pre-scan and the render budget applied to generated practice
pages and to hand-written pages, which are read here before the engine reads them.

A page that costs too much is published as a notice in place of its body, and reported; the rest of the site builds.
The plugin drives a RenderGuard page by page, so that trials run while MkDocs renders other pages; ``cop-site
check`` and ``cop-site export`` use the same one and wait.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .budget import DEFAULT_SECONDS, TRIAL_BYTES, RenderBudget
from .loading import notice, read_text
from .markdown_cost import MarkdownLimits, costly_shape
from .markup import without_control_characters
from .model import Problem
from .strictyaml import parse_yaml

MAX_PAGE_BYTES = 1024 * 1024
"""A hand-written page above this size is not read (the limit of a practice file)."""

MAX_FRONT_MATTER_BYTES = 256 * 1024
"""A hand-written page's front matter above this size is not read (the limit of a YAML file)."""

MAX_META_LINES = 100
"""Lines of MultiMarkdown-style metadata (``key: value`` lines at the top, without ``---``) a hand-written page may
start with: MkDocs reads each one by taking the first line off the list of the page's lines, which costs the square
of their number."""


_YAML_FENCE = re.compile(r"-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.S)
"""MkDocs' front matter (mkdocs/utils/meta.py, YAML_RE)."""


def strip_front_matter(text: str) -> str:
    """The Markdown an engine renders: ``text`` without its YAML front matter, read as MkDocs reads it."""
    fence = _YAML_FENCE.match(text) if text.startswith("---") else None
    return text[fence.end():] if fence else text


@dataclass(frozen=True)
class _Watched:
    source: str
    line: int
    what: str
    body: str | None
    """The text to replace by a notice in the page's Markdown; None: the whole page."""


class RenderGuard:
    """Keeps each page's rendering within its budget, for a site engine that renders pages one by one.

    Pages are shown to it before the engine renders them: ``watch_practice`` for a generated practice page,
    ``read_page`` for a hand-written one (it reads the file, so that the engine never reads a file that would cost
    too much to read). Large pages get a trial render in a worker meanwhile; ``finish`` gives the Markdown the engine
    should render (the page, or the page with a notice in place of its body) and the problem found, if any.

    Args:
        extensions: the site's Markdown extensions; configs: their settings (MkDocs' ``mdx_configs``).
        seconds: the CPU seconds a page may take to render; 0 turns trial renders off.
        sanitize: whether the site sanitizes pages (sanitizing is part of a page's cost).
        limits: the pre-scan's limits for hand-written pages.
    """

    def __init__(self, extensions: Iterable = (), configs: Mapping[str, dict] | None = None, *,
                 seconds: float = DEFAULT_SECONDS, sanitize: bool = True,
                 limits: MarkdownLimits = MarkdownLimits()) -> None:
        self.budget = RenderBudget(extensions, configs or {}, seconds=seconds, sanitize=sanitize) if seconds else None
        self.limits = limits
        self._watched: dict[str, _Watched] = {}
        self._texts: dict[str, str] = {}

    def watch_practice(self, key: str, markdown: str, source: str, body: str, body_line: int) -> None:
        """A generated practice page: tried in the worker if it is large."""
        if self.budget is not None and len(markdown) > TRIAL_BYTES and body:
            self._watched[key] = _Watched(source, body_line, "practice", body)
            self.budget.submit(key, strip_front_matter(markdown))

    def read_page(self, key: str, path, source: str) -> list[Problem]:
        """Read a hand-written page ahead of the engine (``text_of`` gives its text); its problems.

        Too large, not UTF-8, metadata that costs too much to read, or a body with a costly shape (an error): the
        page becomes its front matter and a notice. Control characters are left out (a warning). A large page that
        passes is tried in the worker (``finish`` gives the verdict).
        """
        text, problems = _read_page(path, source, self.limits)
        if text is None or any(p.severity == "error" for p in problems):
            self._texts[key] = _page_notice(text or "")
            return problems
        self._texts[key] = text
        if self.budget is not None and len(text) > TRIAL_BYTES:
            self._watched[key] = _Watched(source, 1, "page", None)
            self.budget.submit(key, strip_front_matter(text))
        return problems

    def text_of(self, key: str) -> str | None:
        """The text ``read_page`` read for ``key`` (or the notice that replaces it); None if it read none."""
        return self._texts.pop(key, None)

    def finish(self, key: str, markdown: str) -> tuple[str, Problem | None]:
        """The Markdown to render for ``key`` (waiting for its trial, if it has one) and its problem, if any."""
        watched = self._watched.pop(key, None)
        if watched is None or self.budget is None:
            return markdown, None
        verdict = self.budget.verdict(key)
        if verdict is None or verdict.ok:
            return markdown, None
        problem = Problem(watched.source, watched.line, 1, "too-slow" if verdict.failure.startswith("took") else
                          "render-failed", f"this {watched.what} {verdict.failure} (split it, or simplify it); "
                          "published without its body")
        if watched.body is None:
            return _page_notice(markdown), problem
        return markdown.replace(watched.body, notice(watched.what), 1), problem

    @property
    def note(self) -> str:
        """What the build log should say about trial renders (extensions left out, a worker that cannot start)."""
        return self.budget.note if self.budget is not None else ""

    def close(self) -> None:
        """Stop the worker, if one was started. Safe to call twice."""
        if self.budget is not None:
            self.budget.close()


def guard_for(root, config_file: str = "mkdocs.yml") -> RenderGuard:
    """A RenderGuard set up as the plugin would set it up for the site at ``root``, from its mkdocs.yml: for the
    adapters that run without MkDocs (``cop-site check``, ``cop-site export``)."""
    from .settings import markdown_config, plugin_options

    options = plugin_options(root, config_file)
    seconds = options.get("render_budget", DEFAULT_SECONDS)
    seconds = float(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else 0.0
    extensions, configs = markdown_config(root, config_file)
    return RenderGuard(extensions, configs, seconds=max(seconds, 0.0), sanitize=options.get("html") != "allow")


def check_site(root, community, pages: Iterable[tuple[str, str]], config_file: str = "mkdocs.yml") -> list[Problem]:
    """What the render budget finds in a repository, without building it: trial renders of large practice bodies,
    and the hand-written ``pages`` that may be published ((path relative to docs_dir, path from the root), as
    ``docs.scan_docs`` found them) read and pre-scanned as the plugin reads them."""
    root = Path(root)
    guard = guard_for(root, config_file)
    problems: list[Problem] = []
    try:
        keys: list[str] = []
        for page, source in pages:
            key = "docs:" + page
            problems += guard.read_page(key, root / source, source)
            keys.append(key)
        for practice in community.practices.values():
            guard.watch_practice(practice.key, practice.body, practice.source, practice.body, practice.body_line)
            keys.append(practice.key)
        for key in keys:
            problem = guard.finish(key, "")[1]
            problems += [problem] if problem is not None else []
    finally:
        guard.close()
    return problems


_META_LINE = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:|(?:[ ]{4}|\t)")
_ATX_LINE = re.compile(r"^#{1,6}[ \t].*$", re.M)


def _read_page(path, source: str, limits: MarkdownLimits) -> tuple[str | None, list[Problem]]:
    """A hand-written page's text, and its problems: an error means it cannot be rendered as it is."""
    text, problems = read_text(Path(path), source, MAX_PAGE_BYTES)
    if text is None:
        return None, problems
    text, problems = without_control_characters(text, source)
    body, body_line = text, 1
    fence = _YAML_FENCE.match(text) if text.startswith("---") else None
    if fence is not None:
        front = fence.group(1)
        if len(front) > MAX_FRONT_MATTER_BYTES:
            return text, [*problems, Problem(source, 2, 1, "too-large", f"front matter is {len(front):,} characters, "
                                                                       f"over the limit of {MAX_FRONT_MATTER_BYTES:,}")]
        costly = [p for p in parse_yaml(front, source, first_line=2).problems
                  if p.code in ("yaml-alias", "yaml-anchor", "too-deep")]
        if costly:  # aliases can make a small file an exponentially large value (and the theme walks it)
            return text, [*problems, costly[0]]
        body, body_line = text[fence.end():], front.count("\n") + 3
    else:
        meta = 0
        for line in text.split("\n", MAX_META_LINES + 1)[:MAX_META_LINES + 1]:
            if not line.strip() or not _META_LINE.match(line):
                break
            meta += 1
        if meta > MAX_META_LINES:
            return text, [*problems, Problem(
                source, 1, 1, "too-complex", f"the page starts with more than {MAX_META_LINES} lines of 'key: value' "
                "metadata, which MkDocs reads in time that grows with the square of their number; put a blank line "
                "after the metadata, or use --- front matter")]
    found = costly_shape(body, limits)
    if found is not None:
        problems.append(Problem(source, body_line + found.line, 1, found.code,
                                f"{found.message} (the page is published without its body until then)"))
    return text, problems


def _page_notice(text: str) -> str:
    """A hand-written page reduced to its front matter (when small and simple), its first heading, and a notice."""
    fence = _YAML_FENCE.match(text) if text.startswith("---") else None
    keep = ""
    if fence is not None and len(fence.group(1)) <= MAX_FRONT_MATTER_BYTES and \
            parse_yaml(fence.group(1), "", first_line=2).ok:
        keep = text[:fence.end()]
    heading = _ATX_LINE.search(text, len(keep), len(keep) + 4096)
    return keep + (heading.group() + "\n\n" if heading else "") + notice("page")


