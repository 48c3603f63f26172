"""Read a CoP repository into a Community: strict YAML, schema checks, and a position for every value."""

from __future__ import annotations

import difflib
import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Callable, Iterable, Iterator

from .gitorder import first_added
from .markdown_cost import Finding, MarkdownLimits, costly_shape
from .markup import without_control_characters
from .model import (Community, Domain, Link, Member, Path, Practice, Problem, Term, one_line, slugify,
                    title_from_id)
from .schemas import fast_check, validator
from .strictyaml import Document, parse_yaml

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
RESERVED_IDS = frozenset({"index"})
"""Ids that would name a folder's own page (people/index.md is the directory), so no member, domain or practice
takes them."""

_KIND_NAMES = {"member": "member profile", "practice": "practice front matter", "domain": "domain file",
               "glossary": "glossary"}


ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf", ".csv", ".txt",
                            ".woff", ".woff2", ".ttf", ".otf"})
"""Static files a contributor may publish, next to practices and in docs_dir: images that cannot carry script,
PDF, CSV, plain text and fonts. HTML, SVG, JavaScript, CSS, XML, JSON and anything unknown could run script or
restyle every page on the site's origin; they are refused (site code lives in the theme, see SECURITY.md)."""


def symlink_problem(source: str) -> Problem:
    """The error for a symbolic link where contributors' files are read: it is never followed, nor its target named."""
    return Problem(source, 1, 1, "symlink",
                   "this is a symbolic link; links are never followed, so nothing it points to is read or published "
                   "(commit the file itself instead)")


def unsafe_file_problem(source: str, suffix: str, trusted_files: bool = False) -> Problem:
    """The error for a static file whose type is not on the allowlist (``ASSET_SUFFIXES``)."""
    kind = f"a '{suffix}' file" if suffix else "a file without an extension"
    code_goes = ("in the theme's custom_dir, or in files the maintainers list in the plugin's trusted_files"
                 if trusted_files else "in the theme's custom_dir")
    return Problem(source, 1, 1, "unsafe-file",
                   f"not published: {kind} can run script or restyle pages on the site's origin; contributors "
                   f"publish images, PDF, CSV, text and fonts ({' '.join(sorted(ASSET_SUFFIXES))}); convert an SVG "
                   f"to PNG; site code (stylesheets, scripts) belongs {code_goes}")


def has_control_characters(name: str) -> bool:
    """Whether a file name holds a control character or line break (it would break every log line that names it)."""
    return one_line(name) != name


def walk_files(folder: FsPath) -> Iterator[tuple[FsPath, bool]]:
    """(path, is a symbolic link) of every file and link under ``folder``, sorted by path.

    Links are listed, never followed (a linked folder is not entered); hidden folders (``.git/``, ``.obsidian/``)
    are not entered either. ``folder`` itself must not be a link (callers check it with ``symlink_problem``).
    """
    found: list[tuple[FsPath, bool]] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            path = FsPath(entry.path)
            if entry.is_symlink():
                found.append((path, True))
            elif entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                found.append((path, False))
    return iter(sorted(found))


@dataclass(frozen=True)
class Limits:
    """Resource limits, so a pathological pull request fails fast with a clear message."""

    max_yaml_bytes: int = 256 * 1024
    max_markdown_bytes: int = 1024 * 1024
    max_depth: int = 20
    max_files: int = 50_000
    markdown: MarkdownLimits = MarkdownLimits()
    """How much of each shape that costs Python-Markdown more than linear time a practice body, a bio or a
    definition may hold (``markdown_cost``)."""


@dataclass(frozen=True)
class Layout:
    """Where a repository keeps its members and practices, relative to its root."""

    members_dir: str = "members"
    practices_dir: str = "practices"


def close_matches(value: str, candidates: Iterable[str], what: str = "", limit: int = 3,
                  shown: Iterable[str] | None = None) -> str:
    """A hint for a message: '; did you mean ...?' or '; known X include: ...' (from ``shown`` if given)."""
    pool = sorted(set(candidates))
    near = difflib.get_close_matches(value, pool, n=limit, cutoff=0.6)
    if near:
        return "; did you mean " + " or ".join(f"'{n}'" for n in near) + "?"
    pool = sorted(set(shown)) if shown is not None else pool
    if what and pool:
        shown = ", ".join(pool[:8]) + (f" (and {len(pool) - 8} more)" if len(pool) > 8 else "")
        return f"; known {what} include: {shown}"
    if what:
        return f"; there are no {what} yet"
    return ""


def notice(what: str) -> str:
    """The Markdown published in place of a body that is not rendered: it says so, and the build log says why."""
    return (f'!!! warning "Not shown"\n    The text of this {what} is not shown here: it could not be read, or '
            "would take too long to render. The site's build log says why.\n")


def read_text(path: FsPath, source: str, limit: int) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the reason: a link, not a file, too large, or not UTF-8.

    A symbolic link is never opened (``O_NOFOLLOW``), so its target is neither read nor quoted.
    """
    try:
        status = os.lstat(path)
        if stat.S_ISLNK(status.st_mode):
            return None, [symlink_problem(source)]
        if not stat.S_ISREG(status.st_mode):  # a fifo would block the build, a device read forever
            return None, [Problem(source, 1, 1, "unreadable", "not a regular file; commit a plain text file")]
        if status.st_size > limit:
            return None, [Problem(source, 1, 1, "too-large", f"file is {status.st_size:,} bytes, over the limit "
                                                             f"of {limit:,}; split it into smaller files")]
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as file:
            data = file.read(limit + 1)  # no more than the limit, even if the file grew since lstat
        if len(data) > limit:
            return None, [Problem(source, 1, 1, "too-large", f"file is over the limit of {limit:,} bytes; split it "
                                                             "into smaller files")]
    except OSError as error:
        return None, [Problem(source, 1, 1, "unreadable", f"cannot read file: {error.strerror or error}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[data.rfind(b"\n", 0, error.start) + 1:error.start].decode("utf-8")) + 1  # in characters
        return None, [Problem(source, line, column, "encoding",
                              f"file is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8")]
    return text.removeprefix("\ufeff"), []


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.M)


_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.M)


def split_front_matter(text: str, source: str) -> tuple[str | None, str, int, list[Problem]]:
    """(front matter YAML, body, body's first line, problems) of a Markdown file.

    Lines end at '\n' only, as editors count them (not at \x0c or \u2028); the body is not split into lines.
    """
    first_end = text.find("\n")
    if not text or (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        return None, text, 1, [Problem(source, 1, 1, "front-matter-missing",
                                      "a practice must start with YAML front matter between '---' lines "
                                      "(title, summary, stewards)")]
    start = len(text) if first_end < 0 else first_end + 1
    closing = _FRONT_MATTER_END.search(text, start)
    if closing is None:
        return None, "", 1, [Problem(source, 1, 1, "front-matter-unclosed",
                                     "front matter opened with '---' on line 1 is never closed; add a '---' line "
                                     "after it")]
    after = text.find("\n", closing.end())
    number = text.count("\n", 0, closing.start()) + 1
    return text[start:closing.start()], "" if after < 0 else text[after + 1:], number + 1, []


def _describe(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _type_name(value: object) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "empty"}.get(type(value), type(value).__name__)


_WANTED_TYPES = {"object": "a mapping (key: value lines)", "array": "a list", "string": "text",
                 "boolean": "true or false", "integer": "a whole number", "number": "a number"}


def _shown(value: object, limit: int = 80) -> str:
    """A value as quoted in a message: cut to ``limit`` characters, so a huge value gives a short line."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


def _pattern_help(pattern: str) -> str:
    if pattern == "\\S":
        return "text that is not blank"
    if pattern.startswith("^[a-z0-9]+(?:-"):
        return "a lowercase slug of letters, digits and dashes, such as 'ada-okafor'"
    if pattern.startswith("^(?:[a-z0-9]"):
        return "a practice reference, '<domain>/<id>' or '<id>', in lowercase slugs"
    if "[0-9]{4}" in pattern:
        return "a date written YYYY-MM-DD, in quotes, such as \"2026-05-01\""
    if "@" in pattern:
        return "an email address such as name@example.org"
    if pattern.startswith("^[A-Za-z0-9]"):
        return "a GitHub user name (letters, digits and dashes)"
    return f"text matching {pattern}"


def schema_problems(kind: str, doc: Document, source: str) -> tuple[list[Problem], set[Path]]:
    """Check a document against its JSON Schema; explain each failure and return the paths to drop."""
    problems: list[Problem] = []
    bad: set[Path] = set()
    what = _KIND_NAMES[kind]

    def at(path: Path, key: bool = False) -> tuple[int, int]:
        table = doc.key_positions if key and path in doc.key_positions else doc.positions
        while path not in table and path:
            path = path[:-1]
        return table.get(path, (1, 1))

    for error in validator(kind).iter_errors(doc.data):
        path = tuple(error.absolute_path)
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        kind_of = error.validator
        schema = error.schema
        if kind_of == "required":
            missing = next(iter(set(error.validator_value) - set(error.instance)), "")
            where = f" in {_describe(path)}" if path else ""
            problems.append(Problem(source, *at(path), "missing-field",
                                    f"{what} is missing the required field '{missing}'{where}"))
            if path:
                bad.add(path[:2])
            continue
        if kind_of == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                hint = close_matches(key, allowed) or "; allowed: " + ", ".join(allowed)
                problems.append(Problem(source, *at((*path, key), key=True), "unknown-field",
                                        f"unknown field '{key}' in {_describe(path) if path else what}{hint}"))
                bad.add((*path, key)[:2])
            continue
        if "propertyNames" in error.relative_schema_path:  # jsonschema reports the key's own failure (pattern, ...)
            name = error.instance
            problems.append(Problem(source, *at((*path, name), key=True), "invalid-key",
                                    f"'{name}' in {_describe(path)} must be {_pattern_help(schema.get('pattern', ''))}"))
            bad.add((*path, name)[:2])
            continue
        if not path:
            problems.append(Problem(source, *at(()), "wrong-type",
                                    f"{what} must be {_WANTED_TYPES.get(schema.get('type'), schema.get('type'))}, "
                                    f"not {_type_name(error.instance)}"))
            bad.add(())
            continue
        name = _describe(path)
        value = error.instance
        if kind_of == "enum":
            options = [str(o) for o in error.validator_value]
            hint = close_matches(str(value), options)
            noun = f"level for {name}" if path[0] == "expertise" else (field or name)
            message = f"'{_shown(value)}' is not a valid {noun}{hint or ''} (allowed: {', '.join(options)})"
            code = "invalid-value"
        elif kind_of == "type":
            wanted = schema["type"]
            message = f"{name} must be {_WANTED_TYPES.get(wanted, wanted)}, not {_type_name(value)}"
            if wanted == "string" and isinstance(value, (bool, int, float)):
                message += "; put it in quotes"
            code = "wrong-type"
        elif kind_of == "pattern":
            message = f"{name} is '{_shown(value)}'; it must be {_pattern_help(error.validator_value)}"
            code = "invalid-value"
        elif kind_of in ("maxLength", "maxItems", "maxProperties"):
            message = f"{name} is too long ({len(value):,}); the limit is {error.validator_value:,}"
            code = "too-long"
        elif kind_of in ("minLength", "minItems"):
            message = f"{name} is empty; give at least {error.validator_value} " + (
                "character" if kind_of == "minLength" else "entry")
            code = "empty-value"
        else:
            message = f"{name}: {error.message}"
            code = "invalid-value"
        problems.append(Problem(source, *at(path), code, message))
        bad.add(path[:2])
    return problems, bad


_DROP = object()


def _prune(value: object, old: Path, new: Path, bad: set[Path], doc: Document,
           positions: dict[Path, tuple[int, int]]) -> object:
    """A copy of ``value`` without the paths in ``bad``, with positions re-keyed to the copy."""
    if old in bad:
        return _DROP
    if old in doc.positions:
        positions[new] = doc.positions[old]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            kept = _prune(item, (*old, key), (*new, key), bad, doc, positions)
            if kept is not _DROP:
                out[key] = kept
        return out
    if isinstance(value, list):
        items: list = []
        for index, item in enumerate(value):
            kept = _prune(item, (*old, index), (*new, len(items)), bad, doc, positions)
            if kept is not _DROP:
                items.append(kept)
        return items
    return value


_REMEMBERED = 8192
"""How many parsed texts are remembered. `cop-site check` reads the base commit's community right after the
working tree's, and `mkdocs serve` reads the community again after every edit: both read mostly texts they have
just read, at the same paths."""
_REMEMBERED_CHARS = 65_536
"""Longer texts are parsed again each time, so the memory stays bounded whatever the files hold."""


def load_document(kind: str, text: str, source: str, limits: Limits, first_line: int = 1
                  ) -> tuple[object, dict[Path, tuple[int, int]], list[Problem]]:
    """Parse and schema-check one YAML document; return the valid part, its positions and the problems.

    A pure function of its arguments: a text already read at the same path is not parsed again.
    """
    parse = _parse_document if len(text) > _REMEMBERED_CHARS else _remembered_document
    data, positions, problems = parse(kind, text, source, limits, first_line)
    return data, dict(positions), list(problems)


def _parse_document(kind: str, text: str, source: str, limits: Limits, first_line: int
                    ) -> tuple[object, dict[Path, tuple[int, int]], list[Problem]]:
    """``load_document``'s work, whose results callers share (``load_document`` hands out copies)."""
    doc = parse_yaml(text, source, first_line=first_line, max_depth=limits.max_depth)
    if not doc.ok:
        return None, {}, doc.problems
    if doc.data is None:
        expected = "a list of terms" if kind == "glossary" else "key: value lines"
        return None, {}, [Problem(source, first_line, 1, "empty-file", f"{_KIND_NAMES[kind]} is empty; it needs {expected}")]
    if fast_check(kind)(doc.data):
        return doc.data, doc.positions, []
    problems, bad = schema_problems(kind, doc, source)
    if () in bad:
        return None, {}, problems
    positions: dict[Path, tuple[int, int]] = {}
    data = _prune(doc.data, (), (), bad, doc, positions)
    return data, positions, problems


_remembered_document = functools.lru_cache(maxsize=_REMEMBERED)(_parse_document)


def _texts(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()


def load_member(path: FsPath, source: str, limits: Limits) -> tuple[Member | None, list[Problem]]:
    """One member profile; None when the file cannot be read as a mapping at all."""
    text, problems = read_text(path, source, limits.max_yaml_bytes)
    if text is None:
        return None, problems
    data, positions, found = load_document("member", text, source, limits)
    problems += found
    if not isinstance(data, dict):
        return None, problems
    member_id = path.stem
    costly = _costly_shape(data.get("bio", ""), limits.markdown, inline=True)
    if costly is not None:
        problems.append(Problem(source, *positions.get(("bio",), (1, 1)), costly.code,
                                f"bio: {costly.message} (the profile is published without it until then)"))
        data = {key: value for key, value in data.items() if key != "bio"}
    return Member(
        source=source, positions=positions, id=member_id, name=data.get("name") or member_id,
        role=data.get("role", ""), pronouns=data.get("pronouns", ""), organization=data.get("organization", ""),
        location=data.get("location", ""), timezone=data.get("timezone", ""), joined=data.get("joined", ""),
        status=data.get("status", "active"), bio=data.get("bio", ""), expertise=dict(data.get("expertise", {})),
        topics=_texts(data.get("topics")), learning=_texts(data.get("learning")), mentor=data.get("mentor", False),
        contact=dict(data.get("contact", {})),
        links=tuple(Link(item["label"], item["url"]) for item in data.get("links", [])),
        aliases=_texts(data.get("aliases")),
    ), problems


def load_domain(path: FsPath, source: str, domain_id: str, limits: Limits) -> tuple[Domain, list[Problem]]:
    """A domain file; a missing or broken one still yields a domain named after its folder."""
    fallback = Domain(source=source, id=domain_id, title=title_from_id(domain_id))
    if path.is_symlink():
        return fallback, [symlink_problem(source)]
    if not path.is_file():
        return fallback, [Problem(source, 1, 1, "missing-domain-file",
                                  f"domain folder '{domain_id}' has no domain.yml; add one with a title, "
                                  "a summary and stewards", "warning")]
    text, problems = read_text(path, source, limits.max_yaml_bytes)
    if text is None:
        return fallback, problems
    data, positions, found = load_document("domain", text, source, limits)
    problems += found
    if not isinstance(data, dict):
        return fallback, problems
    return Domain(source=source, positions=positions, id=domain_id, title=data.get("title") or fallback.title,
                  summary=data.get("summary", ""), stewards=_texts(data.get("stewards"))), problems


def load_glossary(path: FsPath, source: str, domain_id: str, limits: Limits) -> tuple[list[Term], list[Problem]]:
    """A domain's terms, each with its positions."""
    text, problems = read_text(path, source, limits.max_yaml_bytes)
    if text is None:
        return [], problems
    data, positions, found = load_document("glossary", text, source, limits)
    problems += found
    terms = []
    for index, item in enumerate(data if isinstance(data, list) else []):
        if not isinstance(item, dict) or "term" not in item:
            continue  # reported by the schema check
        definition = item.get("definition", "")
        costly = _costly_shape(definition, limits.markdown, inline=True)
        if costly is not None:
            problems.append(Problem(source, *positions.get((index, "definition"), (1, 1)), costly.code,
                                    f"definition: {costly.message} (the term is published without it until then)"))
            definition = ""
        terms.append(Term(source=source, positions=positions, term=item["term"], domain=domain_id,
                          definition=definition, aliases=_texts(item.get("aliases")),
                          see=_texts(item.get("see")), index=index))
    return terms, problems


_META_KEYS = ("hide", "search")


def load_practice(path: FsPath, source: str, domain_id: str, limits: Limits) -> tuple[Practice | None, list[Problem]]:
    """A practice: front matter checked against its schema, body kept as written."""
    text, problems = read_text(path, source, limits.max_markdown_bytes)
    if text is None:
        return None, problems
    front, body, body_line, found = split_front_matter(text, source)
    problems += found
    data: object = {}
    positions: dict[Path, tuple[int, int]] = {}
    if front is not None:
        data, positions, found = load_document("practice", front, source, limits, first_line=2)
        problems += found
    if not isinstance(data, dict):
        data = {}
    body, found = without_control_characters(body, source, body_line)
    problems += found
    structure = markdown_structure_problem(body, source, body_line, limits)
    if structure is not None:
        problems.append(structure)
        body = notice("practice")
    practice_id = path.stem if SLUG.match(path.stem) else slugify(path.stem)
    return Practice(
        source=source, positions=positions, id=practice_id, domain=domain_id,
        title=data.get("title") or title_from_id(path.stem), summary=data.get("summary", ""),
        stewards=_texts(data.get("stewards")), domains=_texts(data.get("domains")),
        status=data.get("status", "active"), level=data.get("level", ""), tags=_texts(data.get("tags")),
        related=_texts(data.get("related")), review_every=data.get("review_every"),
        reviewed=data.get("reviewed", ""), body=body, body_line=body_line,
        meta={key: data[key] for key in _META_KEYS if key in data},
    ), problems


def _costly_shape(text: str, limits: MarkdownLimits, inline: bool = False) -> Finding | None:
    """``costly_shape``, remembered for short texts as parsed documents are."""
    if len(text) > _REMEMBERED_CHARS:
        return costly_shape(text, limits, inline=inline)
    return _remembered_shape(text, limits, inline=inline)


_remembered_shape = functools.lru_cache(maxsize=_REMEMBERED)(costly_shape)


def markdown_structure_problem(text: str, source: str, first_line: int, limits: Limits) -> Problem | None:
    """The first place where a Markdown body would cost Python-Markdown more than its limits allow, if any."""
    found = _costly_shape(text, limits.markdown)
    if found is None:
        return None
    return Problem(source, first_line + found.line, 1, found.code,
                   f"{found.message} (the practice is published without its body until then)")


def _relative(path: FsPath, root: FsPath) -> str:
    return path.relative_to(root).as_posix()


def load_community(root: FsPath, layout: Layout = Layout(), limits: Limits = Limits()
                   ) -> tuple[Community, list[Problem]]:
    """Read every member, domain, glossary and practice under ``root``; never raises on content."""
    root = FsPath(root)
    problems: list[Problem] = []
    members: dict[str, Member] = {}
    domains: dict[str, Domain] = {}
    practices: dict[str, Practice] = {}
    terms: list[Term] = []
    counted = 0

    def over_limit(source: str) -> bool:
        nonlocal counted
        counted += 1
        if counted == limits.max_files + 1:
            problems.append(Problem(source, 1, 1, "too-many-files",
                                    f"more than {limits.max_files:,} files; the rest are not read"))
        return counted > limits.max_files

    unreadable: dict[str, Problem] = {}

    def refuse(ident: str, problem: Problem) -> None:
        """Report a file that is not read, and remember it so that references to its id point here."""
        problems.append(problem)
        unreadable.setdefault(ident, problem)

    members_root = root / layout.members_dir
    if members_root.is_symlink():
        problems.append(symlink_problem(layout.members_dir))
    member_files = sorted(members_root.iterdir()) if members_root.is_dir() and not members_root.is_symlink() else []
    kept = _kept_copies(root, [p for p in member_files if p.suffix in (".yml", ".yaml") and SLUG.match(p.stem)
                               and not p.name.startswith(".") and not p.is_symlink() and p.is_file()],
                        lambda p: p.stem, lambda p: p.suffix != ".yml")  # .yml is the documented name
    for path in member_files:
        source = _relative(path, root)
        if path.is_symlink():
            if not over_limit(source):  # links count too: 100,000 of them are 100,000 problems
                problems.append(symlink_problem(source))
            continue
        if path.name.startswith(".") or over_limit(source):
            continue
        if path.is_dir() or path.suffix not in (".yml", ".yaml"):
            problems.append(Problem(source, 1, 1, "misplaced-file",
                                    f"not read: {layout.members_dir}/ holds one <id>.yml file per member", "warning"))
            continue
        if not SLUG.match(path.stem):
            refuse(slugify(path.stem), Problem(
                source, 1, 1, "invalid-id", f"member id '{path.stem}' (the file name) must be a lowercase slug of "
                f"letters, digits and dashes; rename the file to '{slugify(path.stem)}{path.suffix}'"))
            continue
        if kept.get(path.stem, path) != path:
            problems.append(Problem(source, 1, 1, "duplicate-id",
                                    f"member '{path.stem}' is also defined in {_relative(kept[path.stem], root)}, "
                                    "which is the one read; move what this file adds there and delete this file"))
            continue
        if path.stem in RESERVED_IDS:
            refuse(path.stem, Problem(source, 1, 1, "reserved-id",
                                      f"'{path.stem}' cannot be a member id: the people directory's own page is "
                                      f"people/{path.stem}.md; name the file after the member, such as "
                                      "'ada-okafor.yml'"))
            continue
        member, found = load_member(path, source, limits)
        problems += found
        if member:
            members[member.id] = member
        elif found:
            unreadable.setdefault(path.stem, found[0])

    practices_root = root / layout.practices_dir
    if practices_root.is_symlink():
        problems.append(symlink_problem(layout.practices_dir))
    assets: list[str] = []
    for folder in sorted(practices_root.iterdir()) if practices_root.is_dir() and not practices_root.is_symlink() else []:
        folder_source = _relative(folder, root)
        if folder.is_symlink():
            problems.append(symlink_problem(folder_source))
            continue
        if folder.name.startswith("."):
            continue
        if not folder.is_dir():
            problems.append(Problem(folder_source, 1, 1, "misplaced-file",
                                    f"not read: files in {layout.practices_dir}/ belong in a domain folder, "
                                    f"{layout.practices_dir}/<domain>/", "warning"))
            continue
        domain_id = folder.name
        if not SLUG.match(domain_id):
            problems.append(Problem(folder_source, 1, 1, "invalid-id",
                                    f"domain id '{domain_id}' (the folder name) must be a lowercase slug; "
                                    f"rename the folder to '{slugify(domain_id)}'"))
            continue
        if domain_id in RESERVED_IDS:
            problems.append(Problem(folder_source, 1, 1, "reserved-id",
                                    f"'{domain_id}' cannot be a domain id: the domains overview's own page is "
                                    f"domains/{domain_id}.md; rename the folder after what its practices are about "
                                    "(its practices are not read until then)"))
            continue
        domain_file = folder / "domain.yml"
        domain, found = load_domain(domain_file, _relative(domain_file, root), domain_id, limits)
        problems += found
        domains[domain_id] = domain
        files = list(walk_files(folder))
        kept = _kept_copies(root, [p for p, link in files if not link and p.parent == folder and p.suffix == ".md"
                                   and not p.name.startswith(".")],
                            _practice_id, lambda p: p.stem != _practice_id(p))  # a file already named by its id
        for path, link in files:
            source = _relative(path, root)
            if link:
                if over_limit(source):
                    break
                if path != domain_file:  # load_domain said so
                    problems.append(symlink_problem(source))
                continue
            if path.name.startswith(".") or path.name == "domain.yml":
                continue
            if over_limit(source):
                break
            if path.parent != folder:
                if path.suffix in (".md", ".yml", ".yaml"):
                    problems.append(Problem(source, 1, 1, "misplaced-file",
                                            f"not read: practices live directly in their domain folder, "
                                            f"as {layout.practices_dir}/{domain_id}/<id>.md", "warning"))
                continue
            if path.name in ("glossary.yml", "glossary.yaml"):
                found_terms, found = load_glossary(path, source, domain_id, limits)
                terms += found_terms
                problems += found
            elif path.suffix == ".md":
                key = f"{domain_id}/{_practice_id(path)}"
                if kept.get(_practice_id(path), path) != path:
                    problems.append(Problem(source, 1, 1, "duplicate-id",
                                            f"practice '{key}' is also defined in "
                                            f"{_relative(kept[_practice_id(path)], root)}, which is the one published; "
                                            "move what this file adds there and delete this file"))
                    continue
                if _practice_id(path) in RESERVED_IDS:
                    refuse(key, Problem(source, 1, 1, "reserved-id",
                                        f"'{path.stem}' cannot be a practice id: practices/{domain_id}/ is the "
                                        "domain's own folder in the site; name the file after the practice, such as "
                                        "'lean-coffee.md'"))
                    continue
                practice, found = load_practice(path, source, domain_id, limits)
                problems += found
                if practice is None:
                    if found:
                        unreadable.setdefault(key, found[0])
                    continue
                if practice.id != path.stem:
                    problems.append(Problem(source, 1, 1, "invalid-id",
                                            f"practice id '{path.stem}' (the file name) must be a lowercase slug; "
                                            f"rename the file to '{practice.id}.md' (published as that for now)"))
                practices[practice.key] = practice
            elif path.suffix in (".yml", ".yaml"):
                problems.append(Problem(source, 1, 1, "misplaced-file",
                                        "not read: a domain folder holds domain.yml, glossary.yml and "
                                        "<id>.md practices", "warning"))
            elif path.suffix.lower() not in ASSET_SUFFIXES:
                problems.append(unsafe_file_problem(source, path.suffix))
            elif has_control_characters(path.name):
                problems.append(Problem(source, 1, 1, "file-name", "not published: the file name holds a control "
                                                                   "character or line break; rename the file"))
            else:  # an image, a PDF: an asset a practice may link to
                assets.append(source)

    community = Community(members=members, domains=domains, practices=practices, terms=tuple(terms),
                          unreadable=unreadable, assets=tuple(assets))
    return community, problems


def _practice_id(path: FsPath) -> str:
    """A practice's id: its file name, or the slug of it (a wrongly named practice is published under that)."""
    return path.stem if SLUG.match(path.stem) else slugify(path.stem)


def _kept_copies(root: FsPath, paths: list[FsPath], ident: Callable[[FsPath], str],
                 second_choice: Callable[[FsPath], bool]) -> dict[str, FsPath]:
    """The one file read for each id, when several define it (``x.yml`` and ``x.yaml``): the one git had first,
    so that the copy a change adds is the one reported; failing that, the one ``second_choice`` does not mark."""
    by_id: dict[str, list[FsPath]] = {}
    for path in paths:
        by_id.setdefault(ident(path), []).append(path)
    tied = [path for group in by_id.values() if len(group) > 1 for path in group]
    added = first_added(root, [_relative(p, root) for p in tied]) if tied else {}
    never = float("inf")  # not committed yet: the newest copy
    return {key: min(group, key=lambda p: (added.get(_relative(p, root), never), second_choice(p), p.name))
            for key, group in by_id.items()}
