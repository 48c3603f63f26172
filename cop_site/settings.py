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
