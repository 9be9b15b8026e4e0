"""A registry page's body marked with its language and direction.

The English pages are the base titles and are written as they always were.
A page in another language (``Partnerships/Registry/ar``) is wrapped in
``<div lang="ar" dir="rtl" class="mw-content-rtl">``, as the Translate
extension marks a translation: browsers then lay out Arabic tables from
right to left, choose the right fonts and hyphenation, and screen readers
read the text in the right voice, whatever the wiki's content language.
"""

from __future__ import annotations

from bot.core.messages import ENGLISH, Messages


def in_language(body: str, messages: Messages) -> str:
    """``body`` as is for English, else wrapped in a ``<div>`` naming its language and direction."""
    if messages.language == ENGLISH:
        return body
    direction = messages.direction
    return (
        f'<div lang="{messages.language}" dir="{direction}" class="mw-content-{direction}">\n{body.rstrip()}\n</div>\n'
    )
