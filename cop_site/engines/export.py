"""Write the site as a plain MkDocs project that builds without the plugin: for other engines, and as a yardstick."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from ..assemble import assemble
from ..docs import MARKDOWN_SUFFIXES, DocsPolicy, clean_page, find_theme, generated_files, scan_docs, settle_urls
from ..history import DEFAULT_BOTS
from ..loading import Layout
from ..pages import Options, build_day, build_nav, edit_base
from ..settings import plugin_options, read_config
from ..site_assets import ASSETS, REQUIRED_EXTENSIONS, asset_text
from ..validation import sort_problems


EDIT_LINKS_HOOK = "hooks/cop_site_edit_links.py"
"""A MkDocs hook (plain MkDocs runs it, no plugin needed) that makes a page's ``edit_url`` front matter its "Edit this
page" link: MkDocs would otherwise point generated pages at docs/ files that do not exist in the repository."""
_EDIT_LINKS_HOOK_TEXT = '''"""Written by `cop-site export`: "Edit this page" opens the file a generated page comes from."""


def on_page_markdown(markdown, page, **kwargs):
    if "edit_url" in page.meta:  # members/<id>.yml, practices/<domain>/<id>.md; empty: a page with no source
        page.edit_url = page.meta["edit_url"] or None
    return markdown
'''


def with_edit_url(content: str, url: str) -> str:
    """A generated page with ``edit_url`` (a JSON string is a YAML string) first in its front matter."""
    line = f"edit_url: {json.dumps(url)}\n"
    if content.startswith("---\n"):
        return "---\n" + line + content[4:]
    return f"---\n{line}---\n\n{content}"


def export_site(root: Path, out: Path, config_file: str = "mkdocs.yml") -> list:
    """Write ``out/mkdocs.yml`` and ``out/docs/``: hand-written pages, every generated page, assets.

    Only what the plugin would publish is written: docs_dir is read through ``docs.scan_docs`` (no links followed,
    allowlisted types, no theme file or generated page shadowed), and hand-written pages lose the front matter
    values the theme cannot use. Returns the content problems found on the way (the export is written all the same).
    """
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
        edit_base=edit_base(config.get("repo_url"), config.get("edit_uri")), docs_dir=docs_dir),
        history=bool(options.get("history", True)), bots=options.get("bots") or DEFAULT_BOTS)
    site, pages = built.site, built.pages
    edit_links = bool(site.options.edit_base)
    settle_urls(scan, generated_files(pages, site.community), policy)
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    for path in scan.files:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / docs_dir / path, target, follow_symlinks=False)
        if path.endswith(MARKDOWN_SUFFIXES):
            cleaned = clean_page(target.read_text(encoding="utf-8-sig"), site_theme)
            if cleaned is not None:
                target.write_text(cleaned, encoding="utf-8")
    for page in pages:
        if page.uri in scan.replaced:
            continue
        target = docs / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        content = page.content
        if edit_links and page.uri.endswith(".md"):  # the real source file, or no button for a generated listing
            content = with_edit_url(content, site.source_link(page.source) if page.source else "")
        target.write_text(content, encoding="utf-8")
    for kind, uri in ASSETS.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(asset_text(kind), encoding="utf-8")
    for path, uri in site.assets(root):
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / uri, follow_symlinks=False)
    problems = sort_problems(built.problems + scan.problems)
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
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir and (root / custom_dir).is_dir():
        shutil.copytree(root / custom_dir, out / custom_dir, symlinks=True, dirs_exist_ok=True)  # links: not read
    (out / "mkdocs.yml").write_text("# Exported by cop-site: builds with plain MkDocs, no cop-site plugin.\n"
                                    + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return problems
