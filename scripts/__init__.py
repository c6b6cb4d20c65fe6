"""The e-Guide toolchain: load the guide and its data once, check it, then prepare, build and finish the site.

Load: ``yamlload`` (YAML with line numbers, no aliases), ``pages`` (the page model), ``data`` (glossary, facts,
terminology, checklists, vocabulary), ``model`` (every input read once), ``checklists`` (schema-checked
checklists), ``project`` (the model with generated pages). Check: ``validate``, ``engine_config``,
``redirects``, ``links``, ``schema``. Prepare: ``prepare`` (the staged tree), ``generate`` (pages built from
data), ``render`` (the one Jinja2 environment), ``markdown_ext`` (terms, facts, call-out labels, run by both
engines). Build: ``engine`` and ``build``. Finish: ``finish``, ``printables``, ``pdfs``, ``fonts``, ``offline``.
Also ``stale``, ``bench``, ``lighthouse`` and ``cli`` (``python -m scripts --help``). ``mkdocs_hooks`` only
serves ``make serve``.
"""
