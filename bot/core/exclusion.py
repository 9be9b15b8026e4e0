"""Bot exclusion: ``{{bots}}`` and ``{{nobots}}`` on a page (the Wikimedia convention).

* ``{{nobots}}``: no bot may edit the page.
* ``{{bots}}``: every bot may.
* ``{{bots|allow=A,B}}``: only the bots named (``all``: every bot; ``none``: no bot).
* ``{{bots|deny=A,B}}``: every bot except those named (``all``: no bot; ``none``: every bot).
* ``{{bots|optout=...}}`` concerns message delivery, not page edits: it is
  ignored by :func:`bots_allowed` and read by :func:`messages_allowed`
  (``optout=all``, or the name of a kind of message, refuses those messages).

Checked on the text the bot already read, so it costs no request (Pywikibot's
``botMayEdit`` asks the wiki for the page's templates).
"""

from __future__ import annotations

import mwparserfromhell

from bot.core.wikitext import template_name


def _names(value: str) -> set[str]:
    return {name.strip().casefold().replace("_", " ") for name in value.split(",") if name.strip()}


def bots_allowed(text: str, user: str) -> bool:
    """True when the page lets ``user`` (the bot's account) edit it."""
    if "bots" not in text.lower():
        return True
    me = user.casefold().replace("_", " ")
    for template in mwparserfromhell.parse(text, skip_style_tags=True).ifilter_templates(recursive=True):
        name = template_name(template)
        if name == "Nobots":
            return False
        if name != "Bots":
            continue
        for param in template.params:
            key, value = str(param.name).strip().lower(), _names(str(param.value))
            if key == "allow" and not ({"all", me} & value):
                return False
            if key == "deny" and ({"all", me} & value):
                return False
    return True


def messages_allowed(text: str, kinds: tuple[str, ...]) -> bool:
    """False when ``{{bots|optout=...}}`` on the page names ``all`` or one of ``kinds`` (message delivery)."""
    if "bots" not in text.lower():
        return True
    wanted = {"all", *(k.casefold() for k in kinds)}
    for template in mwparserfromhell.parse(text, skip_style_tags=True).ifilter_templates(recursive=True):
        if template_name(template) != "Bots":
            continue
        for param in template.params:
            if str(param.name).strip().lower() == "optout" and _names(str(param.value)) & wanted:
                return False
    return True
