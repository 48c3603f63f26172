"""The last step of a page's HTML: link glossary terms, then sanitize. Here, or in a worker process beside the build.

The one implementation of finishing: the plugin calls it from its page hooks, and ``cop-site finish``
(``engines/finish.py``) on the marked bodies of a site another engine built from the export.

A site engine renders pages one after another on one core. On a machine with a second core, finishing them can
run there: the engine hands each page over as soon as it has its HTML, carries on with the next one, and asks for
the finished page just before writing it. The result is the same either way (``tests/test_finishing.py`` builds a
site both ways and compares every byte).

How the worker is spoken to, and why:

- It is ``python -m cop_site.finishing``, started with ``subprocess``: multiprocessing's spawn would import the
  build's ``__main__`` again in the child, and a build driven by an unguarded script would run twice.
- Messages are ``marshal``-ed tuples of strings, each after its length, over the child's stdin and stdout.
- Only the engine's thread speaks to it. Pages are written in batches of 256 KB without blocking (what the pipe
  does not take waits in memory for the next page), and read back all at once when the first one is asked for:
  measured on a 2-core machine, a write per page and a round trip per page cost 0.13 and 0.3 ms each (each one
  wakes the other process), half of what finishing a page costs (0.8 ms).
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from typing import Iterable

from .budget import end_worker
from .glossary import TermMatcher, entry_url, link_terms
from .markup import clean_text, names_not_text, plain_text
from .model import Term
from .sanitize import sanitize_html

_BATCH = 256 * 1024
"""Bytes of pages sent to the worker at once: each write wakes it, and a wake-up costs more than a page here."""

MIN_PAGES = 300
"""Below this many pages a worker is not worth starting: starting it takes about as long as it would save."""


def worker_helps(pages: int) -> bool:
    """Whether a worker process would make a build of ``pages`` pages faster on this machine."""
    return pages >= MIN_PAGES and (os.cpu_count() or 1) > 1


class Finisher:
    """Finishes pages: links the first use of each glossary term, then sanitizes the HTML.

    Args:
        terms: the glossary; empty when terms are not linked.
        sanitize: remove what can run (see sanitize.py); False when contributors are trusted.
        worker: finish pages in a worker process. If it cannot be started, or stops, pages are finished in the
            caller's process and ``note`` says why.
    """

    def __init__(self, terms: Iterable[Term], *, sanitize: bool = True, worker: bool = False) -> None:
        self.terms = tuple(terms)
        self.sanitize = sanitize
        self.note = ""
        self._matcher = TermMatcher(list(self.terms))
        self._handed: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
        self._worker: subprocess.Popen | None = None
        self._outbox = bytearray()  # messages not yet written to the worker
        self._finished: dict[str, str] = {}  # pages the worker has sent back
        if worker:
            try:
                self._worker = subprocess.Popen([sys.executable, "-m", "cop_site.finishing"], stdin=subprocess.PIPE,
                                                stdout=subprocess.PIPE, bufsize=0)
                os.set_blocking(self._worker.stdin.fileno(), False)
                self._send((sanitize, tuple((t.term, t.domain, t.definition, t.aliases) for t in self.terms)))
            except (OSError, ValueError, AttributeError) as error:  # AttributeError: no os.set_blocking
                self._stop(f"no worker process ({error})")

    @property
    def parallel(self) -> bool:
        """Whether pages are being finished in a worker process."""
        return self._worker is not None

    def finish(self, html: str, glossary: str | None = None, preferred: Iterable[str] = ()) -> str:
        """The finished HTML of one page, now, in this process.

        Args:
            html: the page's body as the Markdown renderer made it.
            glossary: the URL of the glossary's index relative to this page, or None to link no terms here.
            preferred: domain ids whose terms win when one word is a term in several domains.
        """
        return _finish(self._matcher, self.sanitize, html, glossary, tuple(preferred))

    def hand_over(self, key: str, html: str, glossary: str | None = None, preferred: Iterable[str] = ()) -> None:
        """Start finishing the page ``key``; ``collect(key, ...)`` gives the result. Arguments as ``finish``."""
        self._handed[key] = (html, glossary, tuple(preferred))
        if self._worker is not None:
            self._send((key, html, glossary, tuple(preferred)))

    def handed(self, key: str) -> bool:
        """Whether the page ``key`` was handed over and not collected yet."""
        return key in self._handed

    def collect(self, key: str, html: str) -> str:
        """The finished HTML of the page handed over as ``key``, given the HTML the page holds now.

        That is the HTML handed over, unless another step changed it since; then the new HTML is finished, here.
        A page never handed over, or handed to a worker that has stopped or failed on it, is finished here too.
        """
        handed, glossary, preferred = self._handed.pop(key, (None, None, ()))
        if self._worker is not None and handed is not None and key not in self._finished:
            self._send(("*",), wait=True)  # everything finished so far, in one answer
            self._finished.update(self._receive() or {})
        finished = self._finished.pop(key, None)
        if finished is not None and (html is handed or html == handed):
            return finished
        return _finish(self._matcher, self.sanitize, html, glossary, preferred)

    def close(self) -> None:
        """Stop the worker, if there is one. Safe to call twice."""
        self._stop("")

    def _send(self, message: tuple, wait: bool = False) -> None:
        """Queue ``message`` for the worker; write the queue once it is big enough to be worth a wake-up, and all
        of it, waiting if need be, when ``wait``. Writing never waits otherwise: what the pipe does not take now
        is written with a later page."""
        data = marshal.dumps(message)
        self._outbox += len(data).to_bytes(4, "little") + data
        worker = self._worker
        if worker is None or (len(self._outbox) < _BATCH and not wait):
            return
        fd = worker.stdin.fileno()
        try:
            os.set_blocking(fd, wait)
            while self._outbox:
                try:
                    written = os.write(fd, self._outbox)
                except BlockingIOError:
                    break
                del self._outbox[:written]
        except OSError as error:  # the worker has gone (its pipe is broken)
            self._stop(f"the worker process stopped ({error})")

    def _receive(self) -> dict[str, str] | None:
        """The worker's next answer; None if it has stopped."""
        worker = self._worker
        if worker is None:
            return None
        try:
            size = int.from_bytes(_read(worker.stdout, 4), "little")
            return marshal.loads(_read(worker.stdout, size))
        except (OSError, EOFError, ValueError) as error:
            self._stop(f"the worker process stopped ({error})")
            return None

    def _stop(self, why: str) -> None:
        if why:
            self.note = f"pages are finished in the build's own process: {why}"
        worker, self._worker = self._worker, None
        self._outbox.clear()
        if worker is not None:
            end_worker(worker, 10)


def _read(stream, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise EOFError("the worker's output ended")
        data += chunk
    return bytes(data)


def _finish(matcher: TermMatcher, sanitize: bool, html: str, glossary: str | None, preferred: tuple[str, ...]) -> str:
    references = sanitize and names_not_text(html)  # the sanitizer's parser turns '&#1;' into U+0001
    if glossary is not None:
        html, _ = link_terms(html, matcher, href=lambda t: entry_url(glossary, t),
                             tooltip=lambda t: plain_text(t.definition), preferred=preferred)
    html = sanitize_html(html) if sanitize else html
    return clean_text(html) if references else html


def _serve(source, sink) -> None:
    """The worker: finish each page as it arrives, keep it until it is asked for; stop when the input ends."""
    def messages():
        while header := source.read(4):
            yield marshal.loads(_read(source, int.from_bytes(header, "little")))

    incoming = messages()
    start = next(incoming, None)
    if start is None:  # closed before any page was handed over
        return
    sanitize, terms = start
    matcher = TermMatcher([Term(source="", term=term, domain=domain, definition=definition, aliases=tuple(aliases))
                           for term, domain, definition, aliases in terms])
    done: dict[str, str] = {}
    for message in incoming:
        if message == ("*",):  # a request: every page finished so far (one that failed here is left out)
            data = marshal.dumps(done)
            sink.write(len(data).to_bytes(4, "little") + data)
            sink.flush()
            done.clear()
            continue
        key, html, glossary, preferred = message
        try:
            done[key] = _finish(matcher, sanitize, html, glossary, preferred)
        except Exception:  # noqa: BLE001 - the build's own process finishes it again and reports what it raises
            pass


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
