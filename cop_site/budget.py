"""A time budget per page: a large page is rendered first in a worker process, and one that takes too long (or
fails) is published without its body, reported, while the rest of the site builds.

Why a worker process: Python-Markdown cannot be interrupted from a plugin hook (MkDocs calls it in
``Page.render``), and a signal can only stop work in the main thread of its own process (``mkdocs serve``
rebuilds in another thread). So a page above ``TRIAL_BYTES`` is rendered once, with the site's own Markdown
extensions, in ``python -m cop_site.budget``: there a CPU timer (``ITIMER_PROF``) interrupts a render that
overruns its budget, and the build's process, which only waits for the verdict, kills and restarts a worker
that does not answer in time (a single regular expression can run for minutes without letting a signal in).
The worker runs on another core while the engine renders other pages; pages below ``TRIAL_BYTES`` are not
tried: the pre-scan (``markdown_shapes``) bounds what they can cost.

Messages are ``marshal``-ed, each after its length: the first one carries the extensions, pickled.
"""

from __future__ import annotations

import marshal
import re
import os
import pickle
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Iterable, Mapping

from .markdown_cost import MarkdownLimits, costly_shape
from .markup import without_control_characters
from .model import Problem
from .sanitize import sanitize_html
from .strictyaml import parse_yaml

TRIAL_BYTES = 64 * 1024
"""Pages (their Markdown) above this size are rendered in a worker first; below it the pre-scan bounds their cost."""

DEFAULT_SECONDS = 10.0
"""CPU seconds a page may take to render before it is published without its body."""

MAX_PAGE_BYTES = 1024 * 1024
"""A hand-written page above this size is not read (the limit of a practice file)."""

MAX_FRONT_MATTER_BYTES = 256 * 1024
"""A hand-written page's front matter above this size is not read (the limit of a YAML file)."""

MAX_META_LINES = 100
"""Lines of MultiMarkdown-style metadata (``key: value`` lines at the top, without ``---``) a hand-written page may
start with: MkDocs reads each one by taking the first line off the list of the page's lines, which costs the square
of their number."""


def notice(what: str) -> str:
    """The Markdown published in place of a body that is not rendered (it says so; the build log says why)."""
    return (f'!!! warning "Not shown"\n    The text of this {what} is not shown here: it could not be read, or '
            "would take too long to render. The site's build log says why.\n")

_SLACK = 10.0
"""Seconds of wall time, beyond twice the budget, that the build waits for a worker before it stops it."""


@dataclass(frozen=True)
class Verdict:
    """How a trial render went."""

    seconds: float
    """CPU seconds it took (the budget, if it was stopped)."""
    failure: str = ""
    """'' when the page rendered in time; else why not: too slow, or the error it raised."""

    @property
    def ok(self) -> bool:
        return not self.failure


def render(markdown: str, extensions: list, configs: Mapping[str, dict], sanitize: bool = True) -> str:
    """``markdown`` as HTML, rendered the way MkDocs renders a page (a fresh ``Markdown`` each time), sanitized."""
    import markdown as python_markdown

    html = python_markdown.Markdown(extensions=extensions, extension_configs=dict(configs)).convert(markdown)
    return sanitize_html(html) if sanitize else html


def strip_front_matter(text: str) -> str:
    """The Markdown an engine renders: ``text`` without a YAML front matter block."""
    if not text.startswith("---"):
        return text
    first = text.find("\n")
    if first < 0 or text[:first].rstrip() != "---":
        return text
    position = first + 1
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        if text[position:end].rstrip() in ("---", "..."):
            return text[end + 1:]
        position = end + 1
    return text


def portable_extensions(extensions: Iterable, configs: Mapping[str, dict]) -> tuple[list, dict, list[str]]:
    """The extensions (and their settings) that can be handed to a worker, and the names of those that cannot.

    Extensions named in mkdocs.yml pickle by name, settings such as ``!!python/name:`` functions by reference; an
    extension object another plugin added (with references into that plugin) may not, and is left out of trials.
    """
    kept, settings, left = [], {}, []
    for extension in extensions:
        name = extension if isinstance(extension, str) else type(extension).__name__
        try:
            pickle.dumps((extension, configs.get(name, {}) if isinstance(extension, str) else None))
        except Exception:  # noqa: BLE001 - whatever pickle raises, the extension stays out of trials
            left.append(name)
            continue
        kept.append(extension)
        if isinstance(extension, str) and name in configs:
            settings[name] = configs[name]
    return kept, settings, left


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

    def close(self) -> None:
        """Stop the worker, if one was started. Safe to call twice."""
        if self.budget is not None:
            self.budget.close()


def guard_for(root, config_file: str = "mkdocs.yml") -> RenderGuard:
    """A RenderGuard set up as the plugin would set it up for the site at ``root``, from its mkdocs.yml: for the
    adapters that run without MkDocs (``cop-site check``, ``cop-site export``)."""
    from .settings import markdown_config, plugin_options  # settings reads loading, which reads this module

    options = plugin_options(root, config_file)
    seconds = options.get("render_budget", DEFAULT_SECONDS)
    seconds = float(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else 0.0
    extensions, configs = markdown_config(root, config_file)
    return RenderGuard(extensions, configs, seconds=max(seconds, 0.0), sanitize=options.get("html") != "allow")


def check_site(root, community, config_file: str = "mkdocs.yml") -> list[Problem]:
    """What the render budget finds in a repository, without building it: trial renders of large practice bodies,
    and every hand-written page of docs_dir read and pre-scanned as the plugin reads it."""
    from pathlib import Path

    from .settings import read_config

    root = Path(root)
    guard = guard_for(root, config_file)
    problems: list[Problem] = []
    try:
        docs = root / str(read_config(root, config_file).get("docs_dir") or "docs")
        keys: list[str] = []
        for path in sorted(docs.rglob("*.md")) if docs.is_dir() and not docs.is_symlink() else []:
            relative = path.relative_to(docs)
            if path.is_symlink() or any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue
            key = "docs:" + relative.as_posix()
            problems += guard.read_page(key, path, path.relative_to(root).as_posix())
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


_YAML_FENCE = re.compile(r"-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.S)
"""MkDocs' front matter (mkdocs/utils/meta.py, YAML_RE)."""
_META_LINE = re.compile(r"[ ]{0,3}[A-Za-z0-9_-]+:|(?:[ ]{4}|\t)")
_ATX_LINE = re.compile(r"^#{1,6}[ \t].*$", re.M)


def _read_page(path, source: str, limits: MarkdownLimits) -> tuple[str | None, list[Problem]]:
    """A hand-written page's text, and its problems: an error means it cannot be rendered as it is."""
    try:
        size = os.stat(path).st_size
        if size > MAX_PAGE_BYTES:
            return None, [Problem(source, 1, 1, "too-large", f"file is {size:,} bytes, over the limit of "
                                                            f"{MAX_PAGE_BYTES:,}; split it into smaller pages")]
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        return None, [Problem(source, 1, 1, "unreadable", f"cannot read file: {error.strerror or error}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(source, line, 1, "encoding", f"file is not valid UTF-8 (byte 0x{data[error.start]:02x});"
                                                            " save it as UTF-8")]
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


class RenderBudget:
    """Trial renders of large pages in a worker process, one page at a time, in the order they are submitted.

    Args:
        extensions: the site's Markdown extensions (names or objects), as MkDocs' ``markdown_extensions``.
        configs: their settings, as MkDocs' ``mdx_configs``.
        seconds: the CPU seconds a page may take.
        sanitize: whether the site sanitizes pages (sanitizing is part of the cost).
    """

    def __init__(self, extensions: Iterable, configs: Mapping[str, dict], *, seconds: float = DEFAULT_SECONDS,
                 sanitize: bool = True) -> None:
        self.extensions, self.configs, self.left_out = portable_extensions(extensions, configs)
        self.seconds = seconds
        self.sanitize = sanitize
        self._requests: queue.Queue = queue.Queue()
        self._verdicts: dict[str, Verdict] = {}
        self._pending: set[str] = set()
        self._done = threading.Condition()
        self._thread: threading.Thread | None = None
        self._worker: subprocess.Popen | None = None

    def submit(self, key: str, markdown: str) -> None:
        """Start a trial render of ``markdown`` (without front matter); ``verdict(key)`` gives its outcome."""
        with self._done:
            self._pending.add(key)
            self._verdicts.pop(key, None)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cop-site render budget", daemon=True)
            self._thread.start()
        self._requests.put((key, markdown))

    def submitted(self, key: str) -> bool:
        """Whether a trial of ``key`` was submitted and its verdict not taken yet."""
        with self._done:
            return key in self._pending or key in self._verdicts

    def verdict(self, key: str) -> Verdict | None:
        """The outcome of the trial of ``key``, once it is known (this waits); None if none was submitted."""
        with self._done:
            if key not in self._pending and key not in self._verdicts:
                return None
            while key not in self._verdicts:
                self._done.wait()
            self._pending.discard(key)
            return self._verdicts.pop(key)

    def trial(self, pages: Mapping[str, str]) -> dict[str, Verdict]:
        """Every page's verdict, waiting for all of them: for callers with nothing else to do meanwhile."""
        for key, markdown in pages.items():
            self.submit(key, markdown)
        return {key: self.verdict(key) for key in pages}

    def close(self) -> None:
        """Stop the worker; pending trials end as failures. Safe to call twice."""
        if self._thread is not None:
            self._requests.put(None)
            self._thread.join()
            self._thread = None

    # --- the thread that speaks to the worker -----------------------------------------------------------------

    def _run(self) -> None:
        try:
            while (request := self._requests.get()) is not None:
                key, markdown = request
                verdict = self._try(markdown)
                with self._done:
                    self._verdicts[key] = verdict
                    self._done.notify_all()
        finally:
            self._stop()
            with self._done:  # anything still waiting gets an answer
                for key in self._pending - set(self._verdicts):
                    self._verdicts[key] = Verdict(0.0, "the render budget's worker was stopped")
                self._done.notify_all()

    def _try(self, markdown: str) -> Verdict:
        for attempt in range(2):  # a worker that died unexpectedly is restarted once
            try:
                worker = self._start()
                _write(worker.stdin, ("render", markdown))
                answer = _read_message(worker.stdout, deadline=time.monotonic() + 2 * self.seconds + _SLACK)
            except TimeoutError:
                self._stop()
                return Verdict(self.seconds, _slow(self.seconds))
            except (OSError, EOFError, ValueError) as error:
                self._stop()
                if attempt:
                    return Verdict(0.0, f"the render budget's worker stopped ({error})")
                continue
            status, seconds, detail = answer
            if status == "ok":
                return Verdict(seconds)
            return Verdict(seconds, _slow(self.seconds) if status == "slow" else f"rendering failed: {detail}")
        raise AssertionError("unreachable")  # pragma: no cover

    def _start(self) -> subprocess.Popen:
        if self._worker is None or self._worker.poll() is not None:
            self._worker = subprocess.Popen([sys.executable, "-m", "cop_site.budget"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, bufsize=0)
            _write(self._worker.stdin, ("start", pickle.dumps((self.extensions, self.configs)), self.seconds,
                                        self.sanitize))
        return self._worker

    def _stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        try:
            worker.stdin.close()
        except OSError:
            pass
        try:
            worker.wait(timeout=1)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        worker.stdout.close()


def _slow(seconds: float) -> str:
    return f"took more than {seconds:g} s to render"


def _write(stream, message: tuple) -> None:
    data = marshal.dumps(message)
    stream.write(len(data).to_bytes(4, "little") + data)
    stream.flush()


def _read_exactly(stream, size: int, deadline: float | None) -> bytes:
    data = bytearray()
    while len(data) < size:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stream], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(stream.fileno(), size - len(data)) if deadline is not None else stream.read(size - len(data))
        if not chunk:
            raise EOFError("the worker's output ended")
        data += chunk
    return bytes(data)


def _read_message(stream, deadline: float | None = None):
    size = int.from_bytes(_read_exactly(stream, 4, deadline), "little")
    return marshal.loads(_read_exactly(stream, size, deadline))


class _OverBudget(BaseException):
    """Raised in the worker by the CPU timer; not an Exception, so that no ``except Exception`` in an extension
    takes it for an error of its own and carries on."""


def _over_budget(signum, frame) -> None:
    raise _OverBudget


def _serve(source, sink) -> None:
    """The worker: render each page under a CPU timer and say how it went; stop when the input ends."""
    try:
        _, extensions, seconds, sanitize = _read_message(source)
    except EOFError:
        return
    extensions, configs = pickle.loads(extensions)
    signal.signal(signal.SIGPROF, _over_budget)
    while True:
        try:
            _, markdown = _read_message(source)
        except EOFError:
            return
        started = time.process_time()
        try:
            signal.setitimer(signal.ITIMER_PROF, seconds)
            try:
                render(markdown, extensions, configs, sanitize)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            answer = ("ok", time.process_time() - started, "")
        except _OverBudget:
            answer = ("slow", time.process_time() - started, "")
        except RecursionError:
            answer = ("error", time.process_time() - started, "it is nested too deeply (RecursionError)")
        except Exception as error:  # noqa: BLE001 - an extension's error on this page: reported, not fatal
            answer = ("error", time.process_time() - started, f"{type(error).__name__}: {error}"[:300])
        _write(sink, answer)


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
