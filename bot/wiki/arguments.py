"""Pywikibot's own command-line options: which arguments belong to Pywikibot, not to the bot.

Pywikibot's *global* options (``-simulate``, ``-user:``, ``-family:`` ...)
go to ``pywikibot.handle_args``; its *page generator* options (``-cat:``,
``-page:`` ...) go to ``pagegenerators.GeneratorFactory``. The command line
(:mod:`bot.cli.options`) routes arguments by these lists; nothing here
imports Pywikibot.
"""

from __future__ import annotations

# Pywikibot's global options (pywikibot.bot.handle_args); value means "-name:value".
GLOBAL_FLAGS = frozenset(
    {"-simulate", "-log", "-nolog", "-debug", "-verbose", "-v", "-daemonize", "-cosmeticchanges", "-cc"}
)
GLOBAL_VALUED = frozenset(
    {
        "-dir",
        "-config",
        "-user",
        "-family",
        "-lang",
        "-code",
        "-site",
        "-maxlag",
        "-putthrottle",
        "-pt",
        "-put_throttle",
        "-log",
        "-debug",
        "-daemonize",
        "-simulate",
        "-fam",
    }
)


# Pywikibot's page generator options (pagegenerators.GeneratorFactory.handle_arg):
# they choose pages on the wiki, so they travel with the global options.
GENERATOR_OPTIONS = frozenset(
    """
    cat catr subcats subcatsr page pageid prefixindex transcludes ns namespace namespaces links ref start file
    search titleregex titleregexnot newpages recentchanges limit onlyif onlyifnot grep grepnot intersect redirect
    subpage usercontribs weblink imagesused fileusage uncat withoutinterwiki pagepile random
    """.split()
)


def is_generator_option(arg: str) -> bool:
    return arg.startswith("-") and arg[1:].partition(":")[0] in GENERATOR_OPTIONS
