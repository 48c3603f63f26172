"""A time budget per page: a large page is rendered first in a worker process, and one that takes too long (or
fails) is published without its body, reported, while the rest of the site builds.

Why a worker process: Python-Markdown cannot be interrupted from a plugin hook (MkDocs calls it in
``Page.render``), and a signal can only stop work in the main thread of its own process (``mkdocs serve``
rebuilds in another thread). So a page above ``TRIAL_BYTES`` is rendered once, with the site's own Markdown
extensions, in ``python -m cop_site.budget``: there a CPU timer (``ITIMER_PROF``) interrupts a render that
overruns its budget, and the build's process, which only waits for the verdict, kills and restarts a worker
that does not answer in time (a single regular expression can run for minutes without letting a signal in).
The worker runs on another core while the engine renders other pages; pages below ``TRIAL_BYTES`` are not
tried: the pre-scan (``markdown_cost``) bounds what they can cost. ``page_guard`` applies all this to pages.

Messages are ``marshal``-ed, each after its length: the first one carries the extensions, pickled.
"""

from __future__ import annotations

import marshal
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

from .sanitize import sanitize_html

TRIAL_BYTES = 64 * 1024
"""Pages (their Markdown) above this size are rendered in a worker first; below it the pre-scan bounds their cost."""

DEFAULT_SECONDS = 10.0
"""CPU seconds a page may take to render before it is published without its body."""

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
        self.extensions, self.configs, left_out = portable_extensions(extensions, configs)
        self.note = (f"these Markdown extensions cannot be handed to the render budget's worker, so trial renders run "
                     f"without them: {', '.join(left_out)}") if left_out else ""
        """What the build log should say about trial renders, if anything."""
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
            except OSError as error:  # no worker, no trial: the page is rendered as it is, and the log says so
                self.note = f"pages are not tried before they are rendered: the worker cannot start ({error})"
                return Verdict(0.0)
            try:
                _write(worker.stdin, ("render", markdown))
                answer = _read_message(worker.stdout, deadline=time.monotonic() + 2 * self.seconds + _SLACK)
            except TimeoutError:
                self._stop()
                return Verdict(self.seconds, _slow(self.seconds))
            except (OSError, EOFError, ValueError) as error:
                self._stop()
                if attempt:  # twice: it is this page that stops it (it would stop the engine's process too)
                    return Verdict(0.0, f"rendering failed: it stopped the process rendering it ({error})")
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
        if worker is not None:
            end_worker(worker, 1)


def end_worker(worker: subprocess.Popen, wait: float) -> None:
    """Stop a worker process that reads its stdin: close it (the worker ends when its input does), wait up to
    ``wait`` seconds, then kill it."""
    try:
        worker.stdin.close()
    except OSError:
        pass
    try:
        worker.wait(timeout=wait)
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
