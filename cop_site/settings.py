"""Read the cop-site options of a repository's mkdocs.yml without MkDocs: for the command line and the checks."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .history import DEFAULT_BOTS
from .loading import Layout
from .site_assets import REQUIRED_EXTENSIONS


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV and !!python tags we have no need to resolve."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(root: Path, config_file: str = "mkdocs.yml") -> dict:
    """``mkdocs.yml`` as plain data ({} if unreadable); values behind tags such as !ENV read as None."""
    try:
        config = yaml.load((Path(root) / config_file).read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def plugin_options(root: Path, config_file: str = "mkdocs.yml") -> dict:
    """The options given to the cop-site plugin in ``mkdocs.yml``, or {} if there are none."""
    return _options(read_config(root, config_file))


def _options(config: dict) -> dict:
    plugins = config.get("plugins")
    entries = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and p else (p, None))
        for p in (plugins if isinstance(plugins, list) else []))
    for name, options in entries:
        if name == "cop-site":
            return options if isinstance(options, dict) else {}
    return {}


def read_layout(root: Path, config_file: str = "mkdocs.yml") -> Layout:
    """Where the repository keeps members and practices, as its mkdocs.yml says (defaults otherwise)."""
    return _layout(plugin_options(root, config_file))


def _layout(options: dict) -> Layout:
    default = Layout()
    return Layout(members_dir=str(options.get("members_dir") or default.members_dir),
                  practices_dir=str(options.get("practices_dir") or default.practices_dir))


@dataclass(frozen=True)
class SiteFiles:
    """Where the files that decide how the site is built are, relative to the repository's root.

    Whoever changes them changes what every page shows (and can run code in the build), so the site's
    maintainers review them: ``cop-site codeowners`` writes them into CODEOWNERS.
    """

    config_file: str = "mkdocs.yml"
    docs_dir: str = "docs"
    custom_dir: str = ""
    """The theme's overrides (``theme.custom_dir``), if any."""
    hooks: tuple[str, ...] = ()
    """MkDocs hooks: Python files the build runs."""
    inherit: str = ""
    """The configuration ``mkdocs.yml`` inherits from (``INHERIT``), if any."""


@dataclass(frozen=True)
class Settings:
    """The cop-site options of a repository, as the command line reads them (the plugin validates the same)."""

    layout: Layout = field(default_factory=Layout)
    bots: tuple[str, ...] = DEFAULT_BOTS
    maintainers: tuple[str, ...] = ()
    """GitHub owners (@user, @org/team or an e-mail) who review the site's own files."""
    site: SiteFiles = field(default_factory=SiteFiles)


def relative_path(value: object) -> str:
    """A path from mkdocs.yml as a clean relative path ('./theme/' -> 'theme'); '' if absolute, outside, or not text."""
    if not isinstance(value, str) or not value.strip():
        return ""
    path = posixpath.normpath(value.strip().replace("\\", "/"))
    if path.startswith(("/", "../")) or path == ".." or ":" in path.split("/", 1)[0]:
        return ""
    return path


def _texts(value: object) -> tuple[str, ...]:
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


def read_settings(root: Path, config_file: str = "mkdocs.yml") -> Settings:
    """Everything cop-site reads from ``mkdocs.yml`` without MkDocs: layout, bots, maintainers, site files."""
    config = read_config(root, config_file)
    options = _options(config)
    theme = config.get("theme")
    site = SiteFiles(config_file=relative_path(config_file) or "mkdocs.yml",
                     docs_dir=relative_path(config.get("docs_dir", "docs")),
                     custom_dir=relative_path(theme.get("custom_dir")) if isinstance(theme, dict) else "",
                     hooks=tuple(filter(None, map(relative_path, _texts(config.get("hooks"))))),
                     inherit=relative_path(config.get("INHERIT")))
    bots = _texts(options.get("bots")) if "bots" in options else DEFAULT_BOTS
    maintainers = options.get("maintainers")
    if not isinstance(maintainers, list):  # one owner written without brackets; anything else is reported
        maintainers = [] if maintainers is None else [str(maintainers)]
    return Settings(layout=_layout(options), bots=bots, maintainers=_texts(maintainers), site=site)


_ENGINE_EXTENSIONS = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always enables, before those of mkdocs.yml (mkdocs/config/defaults.py, markdown_extensions)."""


class _ExtensionLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's extension settings as MkDocs would: ``!!python/name:`` imports the name (mkdocs.yml is
    trusted, as MkDocs treats it), ``!ENV`` reads the environment, ``!relative`` is the config's folder."""


def _python_name(loader, suffix, node):
    import importlib

    module, _, name = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        return None


def _env(loader, node):
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    for name in names[:-1] if len(names) > 1 else names:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return names[-1] if len(names) > 1 else None


_ExtensionLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ExtensionLoader.add_constructor("!ENV", _env)
_ExtensionLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def markdown_config(root: Path, config_file: str = "mkdocs.yml") -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions a build of the site at ``root`` uses, and their settings, as MkDocs reads them
    (its own three first, then mkdocs.yml's, then those the plugin adds): ``(names, {name: settings})``."""
    try:
        text = (Path(root) / config_file).read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_ExtensionLoader)  # noqa: S506 - mkdocs.yml is trusted, as MkDocs treats it
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = {}
    listed = config.get("markdown_extensions") if isinstance(config, dict) else None
    items = listed.items() if isinstance(listed, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        for item in (listed if isinstance(listed, list) else []))
    names: list[str] = list(_ENGINE_EXTENSIONS)
    settings: dict[str, dict] = {}
    for name, options in items:
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(options, dict) and options:
            settings[name] = options
    names += [name for name in REQUIRED_EXTENSIONS if name not in names]
    return names, settings
