"""Write the site as a plain MkDocs project that builds without the plugin: for other engines, and as a yardstick."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ..assemble import assemble
from ..history import DEFAULT_BOTS
from ..loading import Layout
from ..pages import Options, build_day, build_nav, edit_base, nav_uris
from ..settings import plugin_options, read_config
from ..site_assets import ASSETS, REQUIRED_EXTENSIONS, asset_text


def export_site(root: Path, out: Path, config_file: str = "mkdocs.yml") -> list:
    """Write ``out/mkdocs.yml`` and ``out/docs/``: hand-written pages, every generated page, assets.

    Returns the content problems found on the way (the export is written all the same).
    """
    root, out = Path(root), Path(out)
    config = read_config(root, config_file)
    options = plugin_options(root, config_file)
    layout = Layout(str(options.get("members_dir", "members")), str(options.get("practices_dir", "practices")))
    docs_dir = str(config.get("docs_dir") or "docs")
    docs_src = root / docs_dir
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    if docs_src.is_dir():
        shutil.copytree(docs_src, docs)
    else:
        docs.mkdir(parents=True)
    hand_written = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    contributing = str(options.get("contributing", "contributing.md"))
    built = assemble(root, layout, Options(
        pages=tuple(options.get("pages") or Options().pages),
        review_every=int(options.get("review_every", Options().review_every)),
        contributing=contributing if contributing in hand_written else "", today=build_day(),
        site_url=str(config.get("site_url") or ""), site_name=str(config.get("site_name") or ""),
        edit_base=edit_base(config.get("repo_url"), config.get("edit_uri")), docs_dir=docs_dir),
        history=bool(options.get("history", True)), bots=options.get("bots") or DEFAULT_BOTS)
    site, pages, problems = built.site, built.pages, built.problems
    for page in pages:
        target = docs / page.uri
        if page.uri in hand_written:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for kind, uri in ASSETS.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(asset_text(kind), encoding="utf-8")
    for path, uri in site.assets(root / layout.practices_dir):
        shutil.copyfile(path, docs / "practices" / uri)

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
    if config.get("nav") is None and options.get("nav", True):
        config["nav"] = build_nav(site, hand_written)
    if config.get("nav") is not None:
        # Generated pages reached from others, not from the nav, as the plugin marks them: MkDocs need not list them
        listed = set(nav_uris(config["nav"]))
        folders = sorted({f"/{page.uri.split('/')[0]}/" for page in pages
                          if page.uri.endswith(".md") and "/" in page.uri and page.uri not in listed})
        config["not_in_nav"] = "\n".join([str(config.get("not_in_nav") or "").strip(), *folders]).strip() + "\n"
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir and (root / custom_dir).is_dir():
        shutil.copytree(root / custom_dir, out / custom_dir, dirs_exist_ok=True)
    (out / "mkdocs.yml").write_text("# Exported by cop-site: builds with plain MkDocs, no cop-site plugin.\n"
                                    + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return problems
