"""Comparison keys: how names and spellings are matched.

Three rules, each following what an editor expects:

* :func:`title_key` compares template names the way MediaWiki does: the first
  letter is case-insensitive, ``_`` equals a space, surrounding and repeated
  white space is ignored.
* :func:`param_key` compares parameter names more forgivingly than MediaWiki
  (which is case-sensitive there): case, ``_``, ``-`` and spaces are ignored,
  so ``Start_Date``, ``start date`` and ``start_date`` meet.
* :func:`match_key` compares enumeration spellings: case, diacritics,
  punctuation, ``_``/``-``/space differences and a plural ``s`` are ignored.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable

_SPACES = re.compile(r"[\s_]+")
_SEPARATORS = re.compile(r"[\s_\-]+")
_NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)


def title_key(name: str) -> str:
    """A template or page name as MediaWiki compares it."""
    name = _SPACES.sub(" ", name).strip()
    return name[:1].upper() + name[1:]


def param_key(name: str) -> str:
    """A parameter name, with case, ``_``, ``-`` and spaces ignored."""
    return _SEPARATORS.sub("", name.strip().casefold())


def strip_diacritics(text: str) -> str:
    """``Côte d’Ivoire`` -> ``Cote d’Ivoire``: drop combining marks after NFKD."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_key(text: str) -> str:
    """The key under which an enumeration spelling is looked up.

    Words are case-folded, stripped of diacritics and punctuation, lose a
    plural ``s`` (``Museums`` = ``museum``) and are joined without separators
    (``on-hold`` = ``on hold`` = ``On_Hold``). ``&`` reads as ``and``.
    """
    text = strip_diacritics(text.casefold()).replace("&", " and ")
    words = _NON_WORD.sub(" ", text).split()
    return "".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def closest(
    word: str, candidates: Iterable[str], *, key: Callable[[str], str] = param_key, n: int = 3, cutoff: float = 0.6
) -> list[str]:
    """The candidates most similar to ``word`` (best first), for "did you mean" hints."""
    options = list(dict.fromkeys(candidates))
    keyed: dict[str, str] = {}
    for option in options:
        keyed.setdefault(key(option), option)
    hits = difflib.get_close_matches(key(word), list(keyed), n=n, cutoff=cutoff)
    return [keyed[h] for h in hits]
