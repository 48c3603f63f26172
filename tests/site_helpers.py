"""End-to-end test helpers: write a mini community, build it with the real MkDocs, read the HTML it produced."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import subprocess
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator, Mapping
from urllib.parse import unquote, urljoin, urlsplit

import mkdocs
from mkdocs.commands.build import build
from mkdocs.config import load_config

ENGINE = mkdocs.__name__
"""The engine the tests build with: "mkdocs", or "properdocs" when conftest.py aliased ``mkdocs`` to it. Also
the name of its logger (plugins log under "<engine>.plugins.<name>"), and its module for ``python -m``."""

REPO_ROOT = Path(__file__).resolve().parents[1]
"""The repository this test file belongs to: its root is the example community."""

# The smallest valid PNG (1x1, transparent): real bytes, so a published image can be compared byte for byte.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

MKDOCS_YML = """\
site_name: Mini CoP
site_url: https://example.org/mini/
repo_url: https://github.com/example/cop
edit_uri: edit/main/content/
docs_dir: content
theme:
  name: material
  features: [navigation.indexes, content.tooltips, content.action.edit]
plugins:
  - search
  - cop-site
markdown_extensions:
  - admonition
  - tables
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.superfences
validation:
  links:
    unrecognized_links: warn
    anchors: warn
"""

MINI: dict[str, str | bytes] = {
    "mkdocs.yml": MKDOCS_YML,
    "content/index.md": "# Mini CoP\n\nA community of practice small enough for a test.\n",
    "content/contributing.md": "# Contributing\n\nOpen a pull request.\n",
    "members/ada-okafor.yml": """\
name: Ada Okafor
role: Facilitator
status: active
bio: Runs the monthly retrospective.
expertise: {facilitation: expert, knowledge-sharing: practitioner}
topics: [remote workshops, timeboxing]
mentor: true
contact: {email: ada@example.org}
""",
    "members/bo-chen.yml": """\
name: Bo Chen
role: Librarian
expertise: {knowledge-sharing: expert, facilitation: practitioner}
topics: [wikis]
learning: [facilitation]
""",
    "members/cy-oldham.yml": """\
name: Cy Oldham
status: alumni
expertise: {facilitation: practitioner}
topics: [sticky notes]
""",
    "members/dee-newman.yml": """\
name: Dee Newman
expertise: {facilitation: learning}
learning: [facilitation]
""",
    "practices/facilitation/domain.yml": """\
title: Facilitation
summary: Running sessions where a group thinks well together.
stewards: [ada-okafor]
""",
    "practices/facilitation/glossary.yml": """\
- term: Retrospective
  definition: A session in which a group looks *back* at its work and picks [one change](https://example.org/x).
  aliases: [retro]
  see: [retrospective]
- term: Lean coffee
  definition: A meeting without a prepared agenda.
  aliases: [lean-coffee session]
  see: [lean-coffee]
""",
    "practices/facilitation/lean-coffee.md": """\
---
title: Lean coffee
summary: A meeting to hold before a retrospective, whose agenda the participants write.
stewards: [ada-okafor, cy-oldham]
level: newcomer
related: [retrospective]
---

## Why a retrospective helps

Start with `retrospective` written as code.
Read [about the retrospective](https://example.org/retro) elsewhere.

```text
retrospective in a fenced block
```

Retrospectives close the loop; a retrospective every month keeps a group honest, and one more retrospective
does no harm.

A lean-coffee session needs no agenda, which is why lean coffee is easy to start.
""",
    "practices/facilitation/retrospective.md": """\
---
title: Retrospective
summary: Look back, agree on one change.
stewards: [ada-okafor]
level: practitioner
---

A retro every month. Each retrospective ends with one change. Feed what you learn into a knowledge harvest.

![Diagram of a retrospective](diagram.png)
""",
    "practices/facilitation/diagram.png": PNG_BYTES,
    "practices/knowledge-sharing/domain.yml": """\
title: Knowledge sharing
summary: Writing down what we learn so others can find it.
stewards: [bo-chen]
""",
    "practices/knowledge-sharing/glossary.yml": """\
- term: Knowledge harvest
  definition: A session that captures what a group learned.
  aliases: [harvest]
  see: [knowledge-harvest]
""",
    "practices/knowledge-sharing/knowledge-harvest.md": """\
---
title: Knowledge harvest
summary: Capture what a group learned before it is forgotten.
stewards: [bo-chen]
domains: [facilitation]
---

Hold a harvest after each retrospective; a knowledge harvest takes thirty minutes.
""",
}
"""A mini community: two domains with glossaries, four members (one alumnus, one mentor), three practices."""

MINI_MEMBERS = {"ada-okafor": "Ada Okafor", "bo-chen": "Bo Chen", "cy-oldham": "Cy Oldham", "dee-newman": "Dee Newman"}
MINI_DOMAINS = {"facilitation": "Facilitation", "knowledge-sharing": "Knowledge sharing"}
MINI_PRACTICES = {"facilitation/lean-coffee": "Lean coffee", "facilitation/retrospective": "Retrospective",
                  "knowledge-sharing/knowledge-harvest": "Knowledge harvest"}
MINI_TERMS = {"facilitation-retrospective": "Retrospective", "facilitation-lean-coffee": "Lean coffee",
              "knowledge-sharing-knowledge-harvest": "Knowledge harvest"}
MINI_SITE_URL = "https://example.org/mini/"


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root``, creating folders; return ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def site_files(site: Path) -> dict[str, bytes]:
    """Every file a build wrote, by its path in the site: for byte-for-byte comparisons of two builds."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Built:
    """A site built by MkDocs, and what it logged."""

    site: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    error: Exception | None = None
    """The exception the build raised (``mkdocs.exceptions.Abort`` in strict mode), if any."""

    def logs(self, level: int = logging.WARNING) -> list[str]:
        """The messages logged at ``level`` or above."""
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def file(self, url: str) -> Path:
        """The file serving ``url`` (relative to the site root): a directory URL is its index.html."""
        path = self.site / url.lstrip("/")
        return path / "index.html" if url == "" or url.endswith("/") else path

    def html(self, url: str) -> str:
        return self.file(url).read_text(encoding="utf-8")

    def doc(self, url: str) -> "Node":
        return parse_html(self.html(url))

    def article(self, url: str) -> "Node":
        """The page's content (Material's ``article``), without the theme's header, navigation and footer."""
        found = self.doc(url).find("article", cls="md-content__inner")
        assert found is not None, f"{url} has no article"
        return found

    def html_files(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def search_index(self) -> list[dict]:
        return json.loads((self.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def build_site(config_file: Path, *, strict: bool = True, site_dir: Path | None = None) -> Built:
    """Build the site of ``config_file`` with the real MkDocs, in this process, recording every log line.

    The build's exception (``Abort`` when ``--strict`` finds warnings) is kept in ``Built.error``, not raised.
    """
    site = site_dir or Path(config_file).parent / "site"
    # ProperDocs logs under "properdocs"; themes and plugins written for MkDocs still log under "mkdocs".
    loggers = [logging.getLogger(name) for name in dict.fromkeys((ENGINE, "mkdocs"))]
    recorder = _Recorder()
    old_levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(recorder)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site), strict=strict)
        try:
            build(config)
            error = None
        except Exception as exc:  # noqa: BLE001 - kept for the test to inspect
            error = exc
    finally:
        for logger, level in zip(loggers, old_levels):
            logger.removeHandler(recorder)
            logger.setLevel(level)
    # Only the build's own lines: DEBUG lines of third-party libraries would drown the messages a test reads.
    records = [r for r in recorder.records if r.levelno >= logging.INFO]
    return Built(site, records, error)


def build_mini(root: Path, files: Mapping[str, str | bytes] = MINI, *, strict: bool = True) -> Built:
    """Write ``files`` as a repository under ``root`` and build it; fail loudly if the build itself failed."""
    write_files(root, files)
    built = build_site(root / "mkdocs.yml", strict=strict)
    if built.error is not None:
        raise AssertionError(f"the build of {root} failed: {built.error!r}\n" + "\n".join(built.logs(logging.INFO)))
    return built


def glossary_entries(built: Built) -> dict[str, tuple[str, "Node"]]:
    """Every glossary entry published, by its anchor: (the URL of its domain's glossary page, its heading)."""
    found: dict[str, tuple[str, Node]] = {}
    for page in sorted(built.site.glob("glossary/*/index.html")):
        url = page.parent.relative_to(built.site).as_posix() + "/"
        for heading in built.article(url).find_all("h2"):
            if "id" in heading.attrs:
                found[heading.attrs["id"]] = (url, heading)
    return found


# --- A small DOM over the stdlib HTML parser -------------------------------------------------------------------

_RAW_TEXT = {"title", "textarea"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Node:
    """An element: its tag, attributes, parent and children (elements and text)."""

    tag: str
    attrs: dict[str, str]
    parent: "Node | None" = None
    children: list["Node | str"] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator["Node"]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Node"]:
        """Elements inside this one (itself included) with the tag, class and exact attribute values given."""
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> "Node | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        """The text inside this element, whitespace collapsed."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, Node):
                    walk(child)
                else:
                    parts.append(child)
        walk(self)
        return " ".join("".join(parts).split())

    def ancestors(self) -> Iterator["Node"]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v if v is not None else "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)
        if tag in _RAW_TEXT:
            # As browsers do: what a <title> holds is text up to </title>, never elements.
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v if v is not None else "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    """The document as a tree of ``Node``s (the stdlib parser, closing unclosed elements leniently)."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def section(article: Node, heading_id: str) -> list[Node]:
    """The elements after the heading with ``heading_id``, up to the next heading of the same or a higher level."""
    heading = article.find(id=heading_id)
    assert heading is not None and heading.parent is not None, f"no heading #{heading_id}"
    level = int(heading.tag[1])
    siblings = [c for c in heading.parent.children if isinstance(c, Node)]
    out: list[Node] = []
    for node in siblings[siblings.index(heading) + 1:]:
        if re.fullmatch(r"h[1-6]", node.tag) and int(node.tag[1]) <= level:
            break
        out.append(node)
    return out


# --- Links -----------------------------------------------------------------------------------------------------

def page_url(site: Path, html_file: Path) -> str:
    """Where a built file is served, relative to the site root: ``people/ada/index.html`` -> ``people/ada/``."""
    rel = html_file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def resolve(site: Path, base: str, here: str, ref: str) -> tuple[Path, str] | None:
    """The file (and #fragment) a link on page ``here`` points at, or None when it leaves the site.

    Args:
        site: the built site's folder.
        base: the site's URL (its ``site_url``), ending with a slash; absolute links (the 404 page) start with it.
        here: the page's URL relative to the site root.
        ref: the href or src as written.
    """
    target = urlsplit(urljoin(base + here, ref))
    root = urlsplit(base)
    if (target.scheme, target.netloc) != (root.scheme, root.netloc) or not target.path.startswith(root.path):
        return None
    path = unquote(target.path[len(root.path):])
    file = site / path
    if path == "" or path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, target.fragment


def broken_links(site: Path, base: str) -> list[str]:
    """Every ``a[href]`` and ``img[src]`` of every HTML page that points inside the site at a missing file or id.

    Links to ``#...`` on the same page are left out; a fragment on another page must be an ``id`` there.
    """
    ids: dict[Path, set[str]] = {}

    def ids_of(file: Path) -> set[str]:
        if file not in ids:
            doc = parse_html(file.read_text(encoding="utf-8"))
            ids[file] = {n.attrs["id"] for n in doc.iter() if "id" in n.attrs}
            ids[file] |= {n.attrs["name"] for n in doc.iter() if n.tag == "a" and "name" in n.attrs}
        return ids[file]

    broken: list[str] = []
    for html_file in sorted(site.rglob("*.html")):
        here = page_url(site, html_file)
        for node in parse_html(html_file.read_text(encoding="utf-8")).iter():
            attr = {"a": "href", "img": "src"}.get(node.tag)
            ref = node.attrs.get(attr) if attr else None
            if ref is None or ref.startswith("#"):
                continue
            found = resolve(site, base, here, ref)
            if found is None:
                continue
            file, fragment = found
            if not file.is_file():
                broken.append(f"/{here}: <{node.tag} {attr}={ref!r}>: no file {file.relative_to(site)}")
            elif fragment and file.suffix == ".html" and fragment not in ids_of(file):
                broken.append(f"/{here}: <{node.tag} {attr}={ref!r}>: no id {fragment!r} in {file.relative_to(site)}")
    return broken


def git(repo: Path, *args: str, who: str = "Ada Okafor <ada@example.org>", when: str = "2026-03-01T12:00:00Z") -> str:
    """Run git in a test repository with a fixed identity and date, whatever machine runs the tests."""
    name, email = who.rsplit(" <", 1)
    email = email.rstrip(">")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, files: Mapping[str, str | bytes], message: str, **who: str) -> None:
    """Write ``files`` into ``repo`` and commit everything as ``who`` (``git(...)``'s identity and date)."""
    write_files(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, **who)


def clone_on_branch(origin: Path, clone: Path, branch: str) -> Path:
    """A contributor's clone of ``origin`` (whose main branch is then ``origin/HEAD``), on a new ``branch``."""
    git(clone.parent, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", branch)
    return clone


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # the browser hangs up on aborted loads
            super().handle()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 from a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
