"""Driving MkDocs from Python for the command line: the configured site, a strict build into a
folder, and mkdocs.yml made plain for other engines. Errors come back as `DriverError`, whose
message the CLI prints; nothing here prints or exits."""

from __future__ import annotations

import shutil

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.settings import Settings
    from ..core.site import Site
    from ..publish.publication import Publication


class DriverError(Exception):
    """MkDocs could not load the configuration or build the site (the message says why)."""


def configured(config_file: Path) -> tuple[Site, Publication | None, Settings]:
    """The site, publication and settings exactly as `mkdocs build` makes them: the config's
    plugins (ours included) run their `on_config`, so the export has every page the build has
    (the change log, the print edition, /data/, "Cite this" blocks)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, PluginError

    try:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            config = config.plugins.on_config(config)
        finally:
            config.plugins.on_shutdown()
    except (ConfigurationError, PluginError) as err:
        raise DriverError(f"error: {err}") from err
    plugin = config.plugins["dossier"]
    return plugin.site, plugin.pub, plugin.settings


def plain_config(config_file: Path, out_dir: Path) -> str:
    """mkdocs.yml for a self-contained copy in `out_dir`: environment values resolved, our
    plugin (and git dates, which need the repository) removed, the theme's overrides folder
    copied into `out_dir` and named by a relative path: a config any MkDocs-compatible engine
    reads, wherever the folder is moved."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    from .assembly import NOT_IN_NAV, NOT_IN_NAV_PREFIXES  # heavy (charts): only here

    with config_file.open(encoding="utf-8") as f:
        config = yaml_load(f)
    keep = []
    for plugin in config.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name not in ("dossier", "git-revision-date-localized"):
            keep.append(plugin)
    config["plugins"] = keep
    config["docs_dir"] = "docs"
    # What the plugin does with File.inclusion: entity pages are linked, not in the nav.
    config["not_in_nav"] = "".join(f"/{prefix}*\n!/{prefix}index.md\n"
                                   for prefix in NOT_IN_NAV_PREFIXES)
    config["not_in_nav"] += "".join(f"/{src_uri}\n" for src_uri in sorted(NOT_IN_NAV))
    for key in ("hooks", "watch", "site_dir"):
        config.pop(key, None)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        name = Path(theme["custom_dir"]).name
        target = out_dir / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree((config_file.parent / theme["custom_dir"]).resolve(), target,
                        ignore=shutil.ignore_patterns("__pycache__"))
        theme["custom_dir"] = name
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def build_into(config_file: Path, site_dir: Path) -> None:
    """`mkdocs build --strict` of the project into `site_dir` (for `dossier manifest`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as err:
        raise DriverError(f"error: the build failed: {err}") from err
