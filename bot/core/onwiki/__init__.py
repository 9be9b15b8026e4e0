"""The wiki pages the project owns, generated from the schema (pure: no wiki access).

* :mod:`bot.core.onwiki.templatedata`: the TemplateData of ``{{Partnership}}``;
* :mod:`bot.core.onwiki.infobox`: the infobox rows and the categories;
* :mod:`bot.core.onwiki.parserfunctions`: the ``#if``/``#switch`` building blocks;
* :mod:`bot.core.onwiki.docs`: the documentation's tables, the skeleton, the example;
* :mod:`bot.core.onwiki.pages`: the hand-written sources in ``onwiki/`` with their
  slots filled: the template, its redirects, doc and preload, and the
  registry's main page (keeping the index region the ``update`` job wrote);
* :mod:`bot.core.onwiki.deploy_edit_summary`: edit summaries that say what changed.

:mod:`bot.jobs.deploy` writes these pages to the wiki.
"""

from bot.core.onwiki.pages import OnwikiPage, build_pages, load_sources, titles

__all__ = ["OnwikiPage", "OnwikiSourceError", "build_pages", "load_sources", "titles"]
