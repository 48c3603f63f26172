"""Write the site as a plain project that any engine builds without the plugin (MkDocs, ProperDocs, Zensical).

What the export writes is safe as Markdown for any engine: every value a contributor gave is escaped where it is
printed and cannot become HTML, a link or an attribute; front matter (titles, descriptions) is HTML-escaped, as the
plugin escapes it. What is Markdown by design (practice bodies, bios, definitions, hand-written pages) is rendered
by the engine as it is: ``cop-site finish`` sanitizes it afterwards, with glossary links, through the theme
override and the plan written here (see ``finish.py``). Only what the plugin would publish is written: docs_dir is
read through ``docs.scan_docs`` (no links followed, allowlisted types, no theme file or generated page shadowed).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..assemble import assemble
from ..docs import MARKDOWN_SUFFIXES, DocsPolicy, clean_page, find_theme, generated_files, scan_docs, settle_urls
from ..page_guard import guard_for
from ..history import DEFAULT_BOTS
from ..loading import Layout
from ..model import Problem
from ..pages import GLOSSARY_URI, Options, build_day, build_nav, edit_base, feeds_for, nav_uris
from ..pages.search import search_marker
from ..search import wants_index
from ..sanitize import escape_meta
from ..settings import plugin_options, read_config
from ..signals import settings_from
from ..site_assets import ASSETS, REQUIRED_EXTENSIONS, SEARCH_PARTIAL, THEME_PARTIALS, asset_text
from ..validation import sort_problems
from .finish import PLAN, PagePlan, Plan, html_path, new_nonce

THEME_DIR = "theme"
"""The export's custom_dir: the site's own overrides, if any, and the two partials that mark what to finish."""
_OVERRIDES = ("partials/content.html", "partials/toc-item.html")
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
"""Front matter as MkDocs finds it (mkdocs/utils/meta.py, YAML_RE)."""
_HEADER = """\
# Exported by `cop-site export`: builds with MkDocs, ProperDocs or Zensical, without the cop-site plugin.
# The built site is NOT finished: run `cop-site finish SITE_DIR` on it before publishing (or build with
# `cop-site build --engine NAME`, which does both). Until then practice bodies, bios, definitions and hand-written
# pages are as contributors wrote them (not sanitized) and glossary terms are not linked. README.md says more.
"""
EDIT_LINKS_HOOK = "hooks/cop_site_edit_links.py"
"""A MkDocs hook (plain MkDocs runs it, no plugin needed) that makes a page's ``edit_url`` front matter its "Edit this
page" link: MkDocs would otherwise point generated pages at docs/ files that do not exist in the repository."""
_EDIT_LINKS_HOOK_TEXT = '''"""Written by `cop-site export`: "Edit this page" opens the file a generated page comes from."""


def on_page_markdown(markdown, page, **kwargs):
    if "edit_url" in page.meta:  # members/<id>.yml, practices/<domain>/<id>.md; empty: a page with no source
        page.edit_url = page.meta["edit_url"] or None
    return markdown
'''


@dataclass
class Exported:
    """What an export wrote."""

    problems: list[Problem] = field(default_factory=list)
    """Content problems found on the way (the export is written all the same)."""
    summary: str = ""
    """What is published, as the plugin says it: '16 members, 23 practices, 5 domains, 38 terms published'."""
    site_dir: str = "site"
    """Where the engine builds it, relative to the export folder (as its mkdocs.yml says)."""


def export_site(root: Path, out: Path, config_file: str = "mkdocs.yml") -> Exported:
    """Write ``out/mkdocs.yml``, ``out/docs/`` (hand-written pages, every generated page, assets, the finishing
    plan), ``out/theme/`` (the site's overrides and the export's) and ``out/README.md``."""
    root, out = Path(root), Path(out)
    config = read_config(root, config_file)
    options = plugin_options(root, config_file)
    layout = Layout(str(options.get("members_dir", "members")), str(options.get("practices_dir", "practices")))
    docs_dir = str(config.get("docs_dir") or "docs")
    policy = DocsPolicy.from_options(options, config.get("use_directory_urls", True))
    site_theme = find_theme(root, config)
    scan = scan_docs(root, docs_dir, site_theme, policy)
    contributing = str(options.get("contributing", "contributing.md"))
    built = assemble(root, layout, Options(
        pages=tuple(options.get("pages") or Options().pages),
        review_every=int(options.get("review_every", Options().review_every)),
        contributing=contributing if contributing in scan.pages else "", today=build_day(),
        site_url=str(config.get("site_url") or ""), site_name=str(config.get("site_name") or ""),
        edit_base=edit_base(config.get("repo_url"), config.get("edit_uri")), docs_dir=docs_dir,
        practices_dir=layout.practices_dir, participation=settings_from(options.get("participation"))),
        history=bool(options.get("history", True)), bots=options.get("bots") or DEFAULT_BOTS)
    site, pages = built.site, built.pages
    edit_links = bool(site.options.edit_base)
    settle_urls(scan, generated_files(pages, site.community), policy)
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    titled: set[str] = set()
    for path in scan.files:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / docs_dir / path, target, follow_symlinks=False)
        if path.endswith(MARKDOWN_SUFFIXES):
            cleaned = clean_page(target.read_text(encoding="utf-8-sig"), site_theme)
            if cleaned is not None:
                target.write_text(cleaned, encoding="utf-8")
            if _escape_front_matter(target):
                titled.add(path)
    kept = [page for page in pages if page.uri not in scan.replaced]
    published = {page.uri: page.source for page in kept}
    guard = guard_for(root, config_file)  # what the plugin would not render, the export does not write either
    costly: list[Problem] = []
    try:
        for page in scan.pages:
            costly += guard.read_page(page, docs / page, (Path(docs_dir) / page).as_posix())
        for page in kept:
            if (practice := site.practice_at(page.uri)) is not None:
                guard.watch_practice(page.uri, page.content, practice.source, practice.body, practice.body_line)
        for page in scan.pages:
            text, problem = guard.finish(page, guard.text_of(page) or "")
            costly += [problem] if problem is not None else []
            (docs / page).write_text(text, encoding="utf-8")
        for page in kept:
            content, problem = guard.finish(page.uri, page.content)
            costly += [problem] if problem is not None else []
            if page.uri.endswith(".md"):
                content = _with_front_matter(content, {"title": page.title} if page.title else {})
                if page.title:
                    titled.add(page.uri)
                if edit_links:  # the real source file, or no button for a generated listing
                    content = with_edit_url(content, site.source_link(page.source) if page.source else "")
            target = docs / page.uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    finally:
        guard.close()
    for kind, uri in ASSETS.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(asset_text(kind), encoding="utf-8")
    for path, uri in site.assets(root):
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / uri, follow_symlinks=False)
    problems = sort_problems(built.problems + scan.problems + costly)
    hand_written = scan.pages

    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    plugins = config.get("plugins") or ["search"]
    if isinstance(plugins, dict):
        plugins = [{k: v} if v else k for k, v in plugins.items()]
    config["plugins"] = [p for p in plugins if p != "cop-site" and not (isinstance(p, dict) and "cop-site" in p)]
    extensions = list(config.get("markdown_extensions") or [])
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    config["markdown_extensions"] = extensions + [e for e in REQUIRED_EXTENSIONS if e not in names]
    config["extra_css"] = [ASSETS["css"], *(config.get("extra_css") or [])]
    config["extra_javascript"] = [ASSETS["js"], *(config.get("extra_javascript") or [])]
    if edit_links:
        (out / EDIT_LINKS_HOOK).parent.mkdir(parents=True, exist_ok=True)
        (out / EDIT_LINKS_HOOK).write_text(_EDIT_LINKS_HOOK_TEXT, encoding="utf-8")
        config["hooks"] = [*(config.get("hooks") or []), EDIT_LINKS_HOOK]
    if config.get("nav") is None and options.get("nav", True):
        config["nav"] = build_nav(site, hand_written)
    if config.get("nav") is not None:
        # Generated pages reached from others, not from the nav, as the plugin marks them: MkDocs need not list them
        listed = set(nav_uris(config["nav"]))
        folders = sorted({f"/{page.uri.split('/')[0]}/" for page in kept
                          if page.uri.endswith(".md") and "/" in page.uri and page.uri not in listed})
        config["not_in_nav"] = "\n".join([str(config.get("not_in_nav") or "").strip(), *folders]).strip() + "\n"
    nonce = new_nonce()
    search = wants_index(str(options.get("search", "pagefind")), config["plugins"])
    config["theme"] = _write_theme(root, out, config.get("theme"), nonce, search)
    directory_urls = config.get("use_directory_urls", True) is not False
    glossary = html_path(GLOSSARY_URI, directory_urls)[1] if (
        options.get("glossary_links", True) is not False and (docs / GLOSSARY_URI).is_file()) else None
    plan = Plan(nonce, sanitize=options.get("html", "sanitize") != "allow",
                site_name=str(config.get("site_name") or ""), glossary=glossary,
                terms=tuple(site.community.terms) if glossary else (), search=search)
    marks = search_marker(site) if search else None
    for uri in sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")):
        file, url = html_path(uri, directory_urls)
        practice = site.practice_at(uri)
        plan.pages[file] = PagePlan(url, practice.all_domains if practice else None, uri not in titled,
                                    tuple(feeds_for(site, uri)), marks(uri) if marks else None)
    (docs / PLAN).write_text(plan.to_json(), encoding="utf-8")
    (out / "mkdocs.yml").write_text(_HEADER + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                                    encoding="utf-8")
    (out / "README.md").write_text(_export_file("README.md"), encoding="utf-8")
    return Exported(problems, site.summary(published), str(config.get("site_dir") or "site"))


def with_edit_url(content: str, url: str) -> str:
    """A generated page with ``edit_url`` (a JSON string is a YAML string) first in its front matter."""
    line = f"edit_url: {json.dumps(url)}\n"
    if content.startswith("---\n"):
        return "---\n" + line + content[4:]
    return f"---\n{line}---\n\n{content}"


def _export_file(name: str) -> str:
    return resources.files("cop_site").joinpath("templates", "export", name).read_text(encoding="utf-8")


def _write_theme(root: Path, out: Path, theme: object, nonce: str, search: bool) -> dict:
    """The site's custom_dir copied to ``out/theme``, with the partials that mark what ``finish`` finishes and, with
    ``search``, cop-site's header search; the theme's settings pointing there. A partial the site overrides itself
    gets the markers around what it prints; a search partial of its own is kept as it is."""
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    target = out / THEME_DIR
    if target.exists():
        shutil.rmtree(target)
    custom_dir = theme.get("custom_dir")
    if isinstance(custom_dir, str) and (root / custom_dir).is_dir():
        shutil.copytree(root / custom_dir, target, symlinks=True)  # links are copied as links, never read
    for name in _OVERRIDES:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():  # the site's own: its page body or heading is marked where it is printed
            kind = "content" if name.endswith("content.html") else "toc"
            text = re.sub(r"\{\{-?\s*(page\.content|toc_item\.(?:title|content|typeset\.title))\s*-?\}\}",
                          lambda m: f"<!--cop-site:{kind}:{nonce}-->{m.group(0)}<!--/cop-site:{kind}:{nonce}-->",
                          path.read_text(encoding="utf-8"))
        else:
            text = _export_file(name)
        path.write_text(text.replace("@NONCE@", nonce), encoding="utf-8")
    if search and not (target / SEARCH_PARTIAL).is_file():
        shutil.copyfile(Path(THEME_PARTIALS) / SEARCH_PARTIAL, target / SEARCH_PARTIAL)
    theme["custom_dir"] = THEME_DIR
    theme.setdefault("variant", "classic")  # Zensical's name for Material's look; other engines ignore it
    return theme


def _front_matter(text: str) -> tuple[dict | None, str]:
    """(front matter, the rest) of a page, as MkDocs reads them; (None, text) when it has none MkDocs would use."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return None, text
    try:
        meta = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return None, text
    return (meta, text[found.end():]) if isinstance(meta, dict) else (None, text)


def _with_front_matter(text: str, extra: dict) -> str:
    """The page with its front matter HTML-escaped (as the plugin escapes it) and ``extra`` added where absent."""
    meta, body = _front_matter(text)
    meta = {**extra, **(meta or {})}
    if not meta:
        return text
    return "---\n" + yaml.safe_dump(escape_meta(meta), sort_keys=False, allow_unicode=True) + "---\n" + body


def _escape_front_matter(path: Path) -> bool:
    """Escape a hand-written page's front matter in place; whether it gives the page a title."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    meta, _ = _front_matter(text)
    if meta is not None:
        path.write_text(_with_front_matter(text, {}), encoding="utf-8")
    return bool(meta and meta.get("title"))
