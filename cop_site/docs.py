"""What of docs_dir may be published: no links, allowlisted file types, no theme or generated page shadowed, front
matter the theme can use. The plugin, `export` and `check` all take this one path; no site engine here."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import importlib.util
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from .loading import (ASSET_SUFFIXES, close_matches, has_control_characters, symlink_problem, unsafe_file_problem,
                      walk_files)
from .model import Community, Problem
from .schemas import schema_text
from .settings import plugin_options, read_config
from .site_assets import ASSETS
from .urls import PAGE_KINDS, asset_uri, planned_pages

try:  # the loader MkDocs reads front matter with (mkdocs/utils/meta.py), so both see the same values
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""What MkDocs renders as a page (mkdocs/utils/__init__.py, markdown_extensions; compared case-sensitively)."""


@dataclass(frozen=True)
class DocsPolicy:
    """What the site's maintainers decided in mkdocs.yml about docs_dir."""

    trusted_files: tuple[str, ...] = ()
    """Patterns (``*`` and ``?``, ``*`` crossing folders) of docs_dir files published whatever their type: site code
    such as stylesheets and scripts, which maintainers keep under CODEOWNERS."""
    replace_pages: tuple[str, ...] = ()
    """Generated pages (``people/ada-okafor.md``, ``start-here/index.md``; patterns allowed) that a hand-written
    page at the same URL may replace."""
    use_directory_urls: bool = True

    @classmethod
    def from_options(cls, options: Mapping[str, object], use_directory_urls: object = True) -> "DocsPolicy":
        """The policy from the plugin's options as read from mkdocs.yml (values of the wrong type are ignored)."""
        def texts(key: str) -> tuple[str, ...]:
            value = options.get(key)
            return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()
        return cls(texts("trusted_files"), texts("replace_pages"), use_directory_urls is not False)

    def trusts(self, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.trusted_files)

    def may_replace(self, uri: str) -> bool:
        url = site_url(uri, self.use_directory_urls)
        return any(fnmatch.fnmatchcase(uri, p) or fnmatch.fnmatchcase(url, p.lstrip("/")) for p in self.replace_pages)


@dataclass(frozen=True)
class Theme:
    """Where the site's theme keeps its files: the folders MkDocs searches, the first holding a path wins."""

    dirs: tuple[Path, ...] = ()
    custom_dir: Path | None = None
    """The site's own overrides (``theme/``): trusted, reviewed as code; its templates may be named by pages."""
    known: bool = True
    """False when the theme could not be found (``check`` without it installed): lookups are then skipped."""

    def file(self, path: str) -> Path | None:
        """The theme's file at ``path`` (a site path), if it has one."""
        if not _plain_path(path):
            return None
        for folder in self.dirs:
            candidate = folder / path
            if candidate.is_file():
                return candidate
        return None

    def label(self, file: Path, root: Path) -> str:
        """A theme file as a message names it: relative to the repository, or ``material/templates/...``."""
        try:
            return file.relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            for folder in self.dirs:
                if file.is_relative_to(folder):
                    return "/".join([*folder.parts[-2:], file.relative_to(folder).as_posix()])
            return file.name

    def has_template(self, name: str) -> bool:
        """Whether ``name`` is a page template: ``main.html``, or an .html file of custom_dir outside partials/."""
        if name == "main.html":
            return True
        if self.custom_dir is None or not name.endswith(".html") or not _plain_path(name):
            return False
        return not name.startswith("partials/") and (self.custom_dir / name).is_file()

    def templates(self) -> list[str]:
        """The page templates pages may name (``has_template``)."""
        found = ["main.html"]
        if self.custom_dir is not None:
            found += sorted(path.relative_to(self.custom_dir).as_posix() for path, link in walk_files(self.custom_dir)
                            if not link and self.has_template(path.relative_to(self.custom_dir).as_posix()))
        return list(dict.fromkeys(found))

    def has_icon(self, name: str) -> bool:
        """Whether ``.icons/<name>.svg`` is in the theme (Material's icon sets, or custom_dir's own)."""
        return bool(_ICON.fullmatch(name)) and any((d / ".icons" / f"{name}.svg").is_file() for d in self.dirs)


_ICON = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")


def _plain_path(path: str) -> bool:
    """A relative path with no '..', no empty or hidden part: one that cannot leave the folder it is joined to."""
    return bool(path) and not path.startswith("/") and all(part and not part.startswith(".")
                                                              for part in path.split("/"))


def find_theme(root: Path, config: Mapping[str, object]) -> Theme:
    """The theme of a repository's mkdocs.yml, found as MkDocs finds it (custom_dir, the theme and what it extends,
    MkDocs' own templates), without importing MkDocs: for ``check`` and ``export``."""
    theme = config.get("theme")
    name, custom = (theme, None) if isinstance(theme, str) else (
        (theme.get("name"), theme.get("custom_dir")) if isinstance(theme, dict) else ("mkdocs", None))
    dirs: list[Path] = []
    custom_dir = (Path(root) / custom).resolve() if isinstance(custom, str) and custom else None
    if custom_dir is not None:
        dirs.append(custom_dir)
    known = True
    seen: set[str] = set()
    while isinstance(name, str) and name and name not in seen:
        seen.add(name)
        folder = _installed_theme(name)
        if folder is None:
            known = False
            break
        dirs.append(folder)
        try:
            parent = yaml.load((folder / "mkdocs_theme.yml").read_text(encoding="utf-8"), _Loader) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            parent = {}
        name = parent.get("extends") if isinstance(parent, dict) else None
    mkdocs_templates = _package_folder("mkdocs", "templates")
    if mkdocs_templates is not None:
        dirs.append(mkdocs_templates)
    return Theme(tuple(dirs), custom_dir, known)


_KNOWN_THEMES = {"material": ("material", "templates"), "mkdocs": ("mkdocs", "themes", "mkdocs"),
                 "readthedocs": ("mkdocs", "themes", "readthedocs")}
"""Where the usual themes are, so that their folder is found without reading every package's entry points."""


def _installed_theme(name: str) -> Path | None:
    """The folder of an installed MkDocs theme, from its ``mkdocs.themes`` entry point, without importing it."""
    if name in _KNOWN_THEMES and (folder := _package_folder(*_KNOWN_THEMES[name])) is not None:
        return folder
    for entry in importlib.metadata.entry_points(group="mkdocs.themes"):
        if entry.name == name:
            top, *rest = entry.value.split(".")
            return _package_folder(top, *rest)
    return None


def _package_folder(package: str, *parts: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)  # a top-level name: found, not imported
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent.joinpath(*parts)
    return folder if folder.is_dir() else None


def site_path(path: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs writes a docs_dir file in the site: 'a/b.md' -> 'a/b/index.html', 'a/README.md' ->
    'a/index.html', anything else where it is (mkdocs/structure/files.py, File.dest_uri)."""
    if not path.endswith(MARKDOWN_SUFFIXES):
        return path
    folder, slash, filename = path.rpartition("/")
    stem = filename.rpartition(".")[0]
    stem = "index" if stem == "README" else stem
    if not use_directory_urls or stem == "index":
        return f"{folder}{slash}{stem}.html"
    return f"{folder}{slash}{stem}/index.html"


def site_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL of a docs_dir file, relative to the site root: 'people/ada.md' -> 'people/ada/'."""
    dest = site_path(path, use_directory_urls)
    if use_directory_urls and posixpath.basename(dest) == "index.html":
        return dest[: -len("index.html")]
    return dest


# --- Front matter ----------------------------------------------------------------------------------------------

_YAML_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_MMD_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MMD_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
_MAX_META_NODES = 10_000
"""Values in one page's front matter. YAML aliases share a value, so a few lines can name billions of them (or
the value itself); walking those would never end. More than this, and the front matter is dropped."""


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter as MkDocs reads it."""

    data: dict
    lines: dict[str, int]
    """The line of each top-level key."""
    body: str = ""
    """The page's text after its front matter."""
    unread: str = ""
    """Why a front matter block could not be read ('' when it was, or when there is none)."""


def read_front_matter(text: str) -> FrontMatter:
    """A page's front matter, by the rules of mkdocs/utils/meta.py ``get_data``: YAML between '---' lines, or
    MultiMarkdown ``key: value`` lines; YAML that does not parse, or is not a mapping, gives none (and MkDocs shows
    it as text)."""
    if match := _YAML_FRONT.match(text):
        block = match.group(1)
        lines = {m.group(1): number for number, line in enumerate(block.split("\n"), start=2)
                 if (m := re.match(r"([^\s#:'\"][^:]*?)\s*:", line))}
        try:
            data = yaml.load(block, _Loader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" on line {mark.line + 2}" if mark is not None else ""
            return FrontMatter({}, {}, text, f"{getattr(error, 'problem', None) or 'invalid YAML'}{where}")
        except RecursionError:
            return FrontMatter({}, {}, text, "it is nested too deep")
        if not isinstance(data, dict):
            return FrontMatter({}, {}, text, "it is not a mapping of key: value lines")
        return FrontMatter(data, {str(k): lines.get(str(k), 1) for k in data}, text[match.end():])
    data: dict[str, str] = {}
    lines: dict[str, int] = {}
    key = None
    end = 0
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == "":
            end += len(line) + 1 if data else 0
            break
        if m := _MMD_KEY.match(line):
            key = m.group("key").lower().strip()
            value = m.group("value").strip()
            data[key] = f"{data[key]} {value}" if key in data else value
            lines.setdefault(key, number)
        elif (m := _MMD_MORE.match(line)) and key:
            data[key] += " " + m.group("value").strip()
        else:
            break
        end += len(line) + 1
    return FrontMatter(data, lines, text[end:])


def _too_big(value: object) -> bool:
    """Whether walking ``value`` visits more than _MAX_META_NODES values (a value reached twice counts twice)."""
    budget = _MAX_META_NODES
    pending = [value]
    while pending:
        item = pending.pop()
        budget -= 1
        if budget < 0:
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return False


_HIDE = tuple(json.loads(schema_text("practice"))["properties"]["hide"]["items"]["enum"])
_CHECKED = ("template", "icon", "hide", "search", "tags", "status", "subtitle")
"""The front matter keys Material turns into lookups or iterates (the rest it prints, and ``escape_meta`` escapes)."""


def check_meta(meta: Mapping, theme: Theme) -> tuple[dict, list[tuple[str, str, str]]]:
    """Front matter with what the theme cannot use dropped: (kept, [(key, code, message)]).

    Material turns ``template`` and ``icon`` into template lookups, iterates ``hide`` and ``tags`` and reads
    ``search`` as a mapping: a value it cannot use stops the whole build (TemplateNotFound, TypeError). Each such
    value is dropped, so the page is published without it.
    """
    if not isinstance(meta, Mapping):
        return {}, []
    if any(isinstance(value, (dict, list)) for value in meta.values()) and _too_big(meta):
        return {}, [("", "front-matter-too-large",
                     f"front matter holds more than {_MAX_META_NODES:,} values (YAML aliases can repeat one without "
                     "end); write it out plainly (the page is published without its front matter)")]
    kept = meta if isinstance(meta, dict) else dict(meta)
    if not any(key in meta for key in _CHECKED):  # most pages: nothing to look at, nothing copied
        return kept, []
    kept = dict(meta)
    found: list[tuple[str, str, str]] = []

    def drop(key: str, code: str, message: str) -> None:
        kept.pop(key, None)
        found.append((key, code, message + " (the page is published without it)"))

    template = meta.get("template")
    if "template" in meta and not (isinstance(template, str) and (not theme.known or theme.has_template(template))):
        known = theme.templates()
        hint = close_matches(template, known) if isinstance(template, str) else ""
        drop("template", "unknown-template", f"template {_quoted(template)} is not a page template of this site"
                                             f"{hint or '; the templates are: ' + ', '.join(known)}")
    icon = meta.get("icon")
    if "icon" in meta and not (isinstance(icon, str) and (not theme.known or theme.has_icon(icon))):
        drop("icon", "unknown-icon", f"icon {_quoted(icon)} is not an icon of the theme; name one such as "
                                     "material/book-open-variant (https://squidfunk.github.io/mkdocs-material/"
                                     "reference/icons-emojis/)")
    hide = meta.get("hide")
    if "hide" in meta and not (isinstance(hide, list) and all(isinstance(h, str) and h in _HIDE for h in hide)):
        drop("hide", "invalid-value", f"hide must be a list of: {', '.join(_HIDE)}")
    search = meta.get("search")
    if "search" in meta and not _valid_search(search):
        drop("search", "invalid-value", "search must be a mapping with 'exclude' (true or false) and 'boost' "
                                        "(a number)")
    tags = meta.get("tags")
    if "tags" in meta and not (isinstance(tags, list) and all(isinstance(t, str) and t for t in tags)):
        drop("tags", "invalid-value", "tags must be a list of text; put numbers in quotes")
    for key in ("status", "subtitle"):
        if key in meta and not isinstance(meta[key], str):
            drop(key, "invalid-value", f"{key} must be text")
    return kept, found


def _valid_search(value: object) -> bool:
    if not isinstance(value, dict) or set(value) - {"exclude", "boost"}:
        return False
    boost = value.get("boost", 1)
    return isinstance(value.get("exclude", False), bool) and isinstance(boost, (int, float)) \
        and not isinstance(boost, bool)


def _quoted(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return f"'{text[:80]}'" + ("..." if len(text) > 80 else "")


# --- The scan ---------------------------------------------------------------------------------------------------

@dataclass
class DocsScan:
    """What docs_dir holds, and what of it may be published."""

    docs_dir: str
    """docs_dir relative to the repository root, with forward slashes."""
    files: list[str] = field(default_factory=list)
    """Paths (relative to docs_dir) that may be published: pages and allowlisted or trusted static files."""
    problems: list[Problem] = field(default_factory=list)
    theme_files: dict[str, Path] = field(default_factory=dict)
    """docs_dir paths refused because the theme has a file there -> the theme's file, to be published instead."""
    replaced: dict[str, str] = field(default_factory=dict)
    """Generated page -> the hand-written page that replaces it (only where ``replace_pages`` allows it)."""
    refused: dict[str, Problem] = field(default_factory=dict)
    """docs_dir paths refused for their type -> that problem, which ``settle_urls`` replaces with one naming the
    generated file, where one is at the same URL (``content/cop.json``)."""

    @property
    def pages(self) -> list[str]:
        """The hand-written pages that may be published."""
        return [path for path in self.files if path.endswith(MARKDOWN_SUFFIXES)]

    def source(self, path: str) -> str:
        return f"{self.docs_dir}/{path}" if self.docs_dir not in ("", ".") else path


def scan_docs(root: Path, docs_dir: str, theme: Theme, policy: DocsPolicy = DocsPolicy()) -> DocsScan:
    """Every file of docs_dir, judged: links, file names and types, theme files shadowed, pages' front matter.

    Nothing is followed or read through a link; pages are read (not through links) for their front matter.
    Generated pages are not known yet here: ``settle_urls`` compares with them.
    """
    root = Path(root)
    folder = root / docs_dir
    scan = DocsScan(Path(os.path.normpath(docs_dir)).as_posix())
    if folder.is_symlink():
        scan.problems.append(symlink_problem(scan.docs_dir))
        return scan
    if not folder.is_dir():
        return scan
    for path, link in walk_files(folder):
        rel = path.relative_to(folder).as_posix()
        source = scan.source(rel)
        if link:
            scan.problems.append(symlink_problem(source))
            continue
        if any(part.startswith(".") for part in rel.split("/")) or rel.startswith("templates/"):
            continue  # what MkDocs leaves out by default (mkdocs/structure/files.py: '.*', '/templates/')
        if has_control_characters(rel):
            scan.problems.append(Problem(source, 1, 1, "file-name", "not published: the file name holds a control "
                                                                    "character or line break; rename the file"))
            continue
        theme_file = theme.file(rel)
        if theme_file is not None:
            scan.theme_files[rel] = theme_file
            scan.problems.append(Problem(source, 1, 1, "shadows-theme",
                                         f"not published: the theme has its own file at this path "
                                         f"({theme.label(theme_file, root)}), which this one would replace on every "
                                         "page; rename or move it (maintainers change the theme in its custom_dir)"))
            continue
        if rel.endswith(MARKDOWN_SUFFIXES):
            publishable, found = _check_page(path, source, theme)
            scan.problems += found
            if publishable:
                scan.files.append(rel)
        elif path.suffix.lower() in ASSET_SUFFIXES or policy.trusts(rel):
            scan.files.append(rel)
        else:
            scan.refused[rel] = unsafe_file_problem(source, path.suffix, trusted_files=True)
            scan.problems.append(scan.refused[rel])
    return scan


def _check_page(path: Path, source: str, theme: Theme) -> tuple[bool, list[Problem]]:
    """(may it be published?, problems) of one hand-written page: its encoding and its front matter."""
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as file:
            data = file.read()
    except OSError as error:
        return False, [Problem(source, 1, 1, "unreadable", f"cannot read file: {error.strerror or error}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:  # MkDocs would stop the whole build on it (Page.read_source)
        line = data.count(b"\n", 0, error.start) + 1
        return False, [Problem(source, line, 1, "encoding", f"not published: the page is not valid UTF-8 (byte "
                                                            f"0x{data[error.start]:02x}); save it as UTF-8")]
    front = read_front_matter(text)
    if front.unread:
        return True, [Problem(source, 1, 1, "front-matter-invalid",
                              f"front matter is not read ({front.unread}); the theme shows it as text", "warning")]
    _kept, found = check_meta(front.data, theme)
    return True, [Problem(source, front.lines.get(key, 1), 1, code, message) for key, code, message in found]


def clean_page(text: str, theme: Theme) -> str | None:
    """A page's text with the front matter values ``check_meta`` drops taken out, or None if none is: for an
    export, which plain MkDocs builds without the plugin that would drop them."""
    front = read_front_matter(text)
    kept, found = check_meta(front.data, theme)
    if not found:
        return None
    return "---\n" + yaml.safe_dump(kept, sort_keys=False, allow_unicode=True) + "---\n\n" + front.body.lstrip("\n")


def settle_urls(scan: DocsScan, generated: Mapping[str, str | None], policy: DocsPolicy = DocsPolicy()) -> None:
    """Compare the URLs of hand-written files with each other's and with the generated pages' (by URL, not path:
    ``people/ada.md``, ``people/ada/index.md`` and ``people/ada/README.md`` are one page).

    Two hand-written files at one URL: the first by folder and path is kept (an index.md before a README.md). A hand-written file at a generated page's URL:
    the generated page is kept, unless ``policy.replace_pages`` lets the hand-written one replace it. Every other
    case is an error naming both. Updates ``scan`` in place.

    Args:
        scan: the result of ``scan_docs``.
        generated: every generated file (``people/ada-okafor.md``, ``cop.json``) -> the source it comes from, if any.
        policy: the maintainers' decisions.
    """
    where = policy.use_directory_urls
    taken: dict[str, str] = {}
    kept: list[str] = []
    for path in sorted(scan.files, key=_precedence):
        dest = site_path(path, where)
        if dest in taken:
            scan.problems.append(Problem(scan.source(path), 1, 1, "url-collision",
                                         f"not published: {scan.source(taken[dest])} is already published at "
                                         f"/{site_url(path, where)}; keep one of the two"))
            continue
        taken[dest] = path
        kept.append(path)
    refused = {site_path(path, where): path for path in scan.refused}
    lost: set[str] = set()
    for uri, origin in generated.items():
        dest = site_path(uri, where)
        path = taken.get(dest)
        if path is None and dest in refused:  # refused for its type already: say what it would have replaced
            path = refused.pop(dest)
            scan.problems.remove(scan.refused[path])
        elif path is None or path in lost:
            continue
        elif policy.may_replace(uri):
            scan.replaced[uri] = path
            continue
        lost.add(path)
        what = f"the page generated from {origin}" if origin else f"the generated {uri}"
        scan.problems.append(Problem(
            scan.source(path), 1, 1, "url-collision",
            f"not published: /{site_url(path, where)} is the address of {what}, which is published instead; rename "
            f"this file, or, if it is meant to replace that page, ask the maintainers to list '{uri}' in the "
            "cop-site plugin's replace_pages in mkdocs.yml"))
    scan.files = [path for path in kept if path not in lost]


def _precedence(path: str) -> tuple[str, bool, str]:
    """The order in which hand-written files claim a URL: by folder, an index.md before a README.md beside it (as
    MkDocs keeps it: mkdocs/structure/files.py, get_files), then by path."""
    folder, _, name = path.rpartition("/")
    return folder, name.startswith("README."), path


def generated_files(pages: Iterable, community: Community) -> dict[str, str | None]:
    """``settle_urls``'s ``generated``: every page built, every file next to a practice, cop-site's own assets."""
    return {**{page.uri: page.source for page in pages}, **{asset_uri(s): s for s in community.assets},
            **dict.fromkeys(ASSETS.values())}


def check_docs(root: Path, community: Community, config_file: str = "mkdocs.yml") -> DocsScan:
    """docs_dir judged for `cop-site check` as the plugin judges it (its ``problems``), against the generated pages
    that every build has (``planned_pages``), and the theme installed here (lookups skipped if it is not)."""
    root = Path(root)
    config = read_config(root, config_file)
    options = plugin_options(root, config_file)
    policy = DocsPolicy.from_options(options, config.get("use_directory_urls", True))
    docs_dir = config.get("docs_dir")
    scan = scan_docs(root, docs_dir if isinstance(docs_dir, str) and docs_dir else "docs", find_theme(root, config),
                     policy)
    kinds = options.get("pages") if isinstance(options.get("pages"), list) else PAGE_KINDS
    settle_urls(scan, {**planned_pages(community, kinds), **dict.fromkeys(ASSETS.values())}, policy)
    return scan
