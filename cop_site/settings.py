"""Read the cop-site options of a repository's mkdocs.yml without MkDocs: for the command line."""

from __future__ import annotations

from pathlib import Path

import yaml

from .loading import Layout


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
    for name, options in _plugins(read_config(root, config_file)):
        if name == "cop-site":
            return options if isinstance(options, dict) else {}
    return {}


def lists_plugin(root: Path, config_file: str = "mkdocs.yml") -> bool:
    """Whether ``mkdocs.yml`` runs the cop-site plugin."""
    return any(name == "cop-site" for name, _ in _plugins(read_config(root, config_file)))


def _plugins(config: dict):
    """(name, options) of each plugin mkdocs.yml lists, in either of its forms (a list or a mapping)."""
    plugins = config.get("plugins")
    return plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and p else (p, None))
        for p in (plugins if isinstance(plugins, list) else []))


def read_layout(root: Path, config_file: str = "mkdocs.yml") -> Layout:
    """Where the repository keeps members and practices, as its mkdocs.yml says (defaults otherwise)."""
    options = plugin_options(root, config_file)
    default = Layout()
    return Layout(members_dir=str(options.get("members_dir") or default.members_dir),
                  practices_dir=str(options.get("practices_dir") or default.practices_dir))
