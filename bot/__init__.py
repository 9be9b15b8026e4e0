"""The partnerships bot: keeps the Wikimedia partnerships registry on Meta-Wiki current.

The package is a pure core (schema, wikitext helpers, normalisers, extraction,
rendering) with thin edges: ``bot.sources.offline`` reads page snapshots and
``bot.wiki`` is the only module that talks to a wiki through Pywikibot.
Nothing runs at import time.
"""

__version__ = "0.1.0"
