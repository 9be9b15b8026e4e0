"""Messages with cells inside: a sentence whose count is a link.

A message is text, but a registry sentence can hold a linked number
(``[[Partnerships/Registry|12]] partnerships in the index``). :func:`phrase`
renders the message with a placeholder for each cell parameter and splits
the result around them, so the words stay in the translator's order (a
language may put the number last) and are escaped as text, while the cells
render as cells. PLURAL cannot read a cell: pass the number again as a
plain parameter (``$2``) for ``{{PLURAL:$2|…}}``. A tuple of cells (another
phrase) is one parameter too.
"""

from __future__ import annotations

import re

from bot.core.messages import Messages, messages_for
from bot.core.render.engine import Bar, Cell, Items, Link, Number, Text

_CELL = (Text, Link, Number, Bar, Items)
_SLOT = re.compile("\ue000(\\d+)\ue001")


def phrase(messages: Messages | None, key: str, *params: object) -> tuple[Cell, ...]:
    """The message ``key`` as cells: text pieces, and the cell parameters where the message puts them."""
    messages = messages or messages_for()
    cells: list[tuple[Cell, ...]] = []
    shown: list[object] = []
    for param in params:
        if isinstance(param, _CELL):
            shown.append(f"\ue000{len(cells)}\ue001")
            cells.append((param,))
        elif isinstance(param, tuple):
            shown.append(f"\ue000{len(cells)}\ue001")
            cells.append(param)
        else:
            shown.append(param)
    text = messages(key, *shown)
    out: list[Cell] = []
    position = 0
    for match in _SLOT.finditer(text):
        if match.start() > position:
            out.append(Text(text[position : match.start()]))
        out.extend(cells[int(match.group(1))])
        position = match.end()
    if position < len(text) or not out:
        out.append(Text(text[position:]))
    return tuple(out)
