"""The pure core: schema, records, wikitext, extraction, normalising, rendering, summarising, audits.

Everything here is a function over plain data. It never talks to a wiki,
never saves a page and never reads the clock or the network; it may read
the project's own TOML and source files when asked to load them. Nothing
here imports :mod:`bot.sources`, :mod:`bot.wiki`, :mod:`bot.publish`,
:mod:`bot.jobs`, :mod:`bot.service` or :mod:`bot.cli` (a test holds the
layers to that).
"""
