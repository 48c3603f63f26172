"""Read the cop-site options of a repository's mkdocs.yml without MkDocs: for the command line."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

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
    config = read_config(root, config_file)
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
    options = plugin_options(root, config_file)
    default = Layout()
    return Layout(members_dir=str(options.get("members_dir") or default.members_dir),
                  practices_dir=str(options.get("practices_dir") or default.practices_dir))


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
