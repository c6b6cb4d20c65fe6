"""The e-Guide toolchain: load the guide and its data once, validate it, render what it generates.

One module per job: ``yamlload`` (YAML with line numbers), ``pages`` (the page model), ``data`` (glossary,
facts, terminology, checklists), ``project`` (everything loaded together), ``validate`` (problems),
``generate`` (pages the site builds from data), ``printables`` (PDF, packets, CSV), ``build``,
``bench`` and ``cli``. MkDocs calls this package through the thin adapter ``mkdocs_hooks.py``.
"""
