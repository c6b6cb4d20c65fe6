"""``mkdocs.yml`` as the engines see it: MkDocs' own validation, and settings one engine would ignore.

MkDocs' ``load_config`` only logs its errors and raises ``Abort``; running its steps here turns each
error and warning into a problem at the line of the setting. Zensical reads ``mkdocs.yml`` but silently
drops hooks and most plugins, so any setting outside the list both engines honour is a problem too:
the site must never depend on something one engine leaves out without a word.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .model import Project
from .problems import Problem

# Settings both engines read and the guide relies on (checked against zensical/config.py, 0.0.73).
SUPPORTED_SETTINGS = frozenset({
    "INHERIT", "site_name", "site_description", "site_author", "site_url", "copyright", "docs_dir", "site_dir",
    "use_directory_urls", "not_in_nav", "exclude_docs", "validation", "theme", "extra", "extra_css",
    "extra_javascript", "plugins", "markdown_extensions", "nav", "repo_url", "repo_name", "edit_uri", "watch",
    "dev_addr",
})
# Plugins Zensical implements itself (zensical/config.py maps them); any other would be dropped silently.
SUPPORTED_PLUGINS = frozenset({"search", "offline"})
ADVICE = ("do that work in scripts/prepare.py (before the engine) or scripts/finish.py (after it), "
          "or in scripts/markdown_ext.py, which both engines run")


def engine_support_problems(project: Project) -> list[Problem]:
    config = project.config
    problems: list[Problem] = []
    for key in config:
        line, col = config.lines.get(key, (1, 1))
        if key == "hooks":
            problems.append(Problem("mkdocs.yml", line, col, "engine-unsupported",
                                    "'hooks' run under MkDocs only; Zensical ignores them without a word", ADVICE))
        elif key not in SUPPORTED_SETTINGS:
            problems.append(Problem("mkdocs.yml", line, col, "engine-unsupported",
                                    f"'{key}' is not a setting both engines honour",
                                    "remove it, or add it to SUPPORTED_SETTINGS in scripts/engine_config.py once "
                                    "both builds are compared with it (CONTRIBUTING.md, Engines)"))
    plugins = config.get("plugins") or []
    for index, plugin in enumerate(plugins if isinstance(plugins, list) else []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin), "") if isinstance(plugin, dict) else ""
        if name and name not in SUPPORTED_PLUGINS:
            line, col = plugins.lines[index] if hasattr(plugins, "lines") else (1, 1)
            problems.append(Problem("mkdocs.yml", line, col, "engine-unsupported",
                                    f"plugin '{name}' is not one Zensical runs; it would be dropped from that build",
                                    ADVICE))
    return problems


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_config_problems(project: Project) -> list[Problem]:
    """MkDocs' own validation of ``mkdocs.yml`` (the steps of ``load_config``, without its ``Abort``)."""
    from mkdocs.config.defaults import MkDocsConfig

    path = Path(project.root) / "mkdocs.yml"
    config = MkDocsConfig(config_file_path=str(path))
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        with path.open("rb") as handle:
            config.load_file(handle)
        errors, warnings = config.validate()
    except Exception as error:  # noqa: BLE001 - anything MkDocs raises here is the user's configuration
        return [Problem("mkdocs.yml", 1, 1, "config", f"MkDocs cannot read mkdocs.yml: {error}",
                        "fix the setting named; 'mkdocs build' would stop on it")]
    finally:
        logger.removeHandler(collect)
    problems = []
    for kind, items in (("error", errors), ("warning", warnings)):
        for key, message in items:
            top = str(key).split(".")[0]
            line, col = project.config.lines.get(top, (1, 1)) if hasattr(project.config, "lines") else (1, 1)
            problems.append(Problem("mkdocs.yml", line, col, "config", f"'{key}': {message}",
                                    f"MkDocs reports this as {'an error' if kind == 'error' else 'a warning'}; the strict build stops on it"))
    return problems
