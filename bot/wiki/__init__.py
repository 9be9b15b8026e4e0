"""The bot's one door to the wiki: the only package that uses Pywikibot's Site and Page.

Everything else in the bot works on plain data (:class:`bot.core.records.Snapshot`).

* :mod:`bot.wiki.site`: :class:`Wiki` (a logged-in site with a request
  counter) and :func:`connect`;
* :mod:`bot.wiki.reads`: batched reads of the registry (scope listings,
  page texts, Pywikibot's generator options);
* :mod:`bot.wiki.pages`: single pages, their history, and saving;
* :mod:`bot.wiki.types`: the plain values that cross the door;
* :mod:`bot.wiki.door`: ``user-config.py`` checked before Pywikibot is
  imported, Pywikibot's output sent to a log, and its exceptions translated
  into :class:`bot.errors.OperatorError` (nothing above this package sees one);
* :mod:`bot.wiki.arguments`: which command-line arguments are Pywikibot's.
"""

from bot.wiki.arguments import is_generator_option
from bot.wiki.site import Wiki, connect, missing_right_message, pywikibot_dir, titles_with_namespace
from bot.wiki.types import PageCopy, PageRevision, PageState, RequestCounter, SaveResult

__all__ = [
    "PageCopy",
    "PageRevision",
    "PageState",
    "RequestCounter",
    "SaveResult",
    "Wiki",
    "connect",
    "is_generator_option",
    "missing_right_message",
    "pywikibot_dir",
    "titles_with_namespace",
]
