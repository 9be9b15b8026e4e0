"""audit_duplicates: the same partner registered on more than one page.

Three kinds of evidence, each found through an index, never by comparing
every page with every other one:

* **equal Wikidata ids**: one dictionary from id to pages;
* **equal website domains**: one dictionary from the registrable domain to
  pages. The domain is the host without ``www.``, cut to its last two labels
  (three under a country's second level: ``bbc.co.uk``, ``usp.br`` stays,
  ``unesp.com.br``), so ``https://www.unesco.org/en`` and
  ``whc.unesco.org`` meet. Hosts many unrelated partnerships link to
  (``[audits] shared_domains``: wikimedia.org, github.com ...) are no
  evidence and are skipped;
* **near-equal names**: each partner name is normalised (case, diacritics,
  punctuation, ``&`` = and, and the legal forms of ``[audits]
  legal_suffixes`` such as Inc., e.V., Foundation, gGmbH, Stiftung, Fundación
  removed) and scored with :class:`difflib.SequenceMatcher` (the better of
  the names as written and with their words sorted, so word order does not
  matter; names equal but for the spaces between words score 1). Only candidate
  pairs are scored: names that share a word which
  at most :data:`MAX_BLOCK` names have, or a word one typo away from one
  (a token index over words and their one-letter deletions), plus each
  name's :data:`WINDOW` neighbours in sorted order and in reversed-string
  order (the sorted-neighbourhood method).
  A pair is reported from ``[audits] name_similarity`` (0.9).

Pages are compared, not partners: two partners of one page are not a
duplicate. A pair found several ways is one row with all its evidence;
every row has the names' score.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any
from urllib.parse import urlsplit

from bot.core.audits.report import Field, Report, Section, page_field
from bot.core.records import Record
from bot.core.render.common import display_name, is_partnership, page_order, plural, values_of
from bot.core.schema import Role, Schema
from bot.core.textkeys import strip_diacritics

MAX_BLOCK = 50
WINDOW = 4
_DROPPED = re.compile(r"[.'’`´]")
_NON_WORD = re.compile(r"[^\w]+|_")
_SECOND_LEVEL = frozenset(
    {
        "co",
        "com",
        "org",
        "net",
        "ac",
        "gov",
        "edu",
        "or",
        "ne",
        "go",
        "gob",
        "gouv",
        "nic",
        "mil",
        "sch",
        "ltd",
        "plc",
        "nhs",
        "res",
        "nom",
    }
)
_IP = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


@dataclass(frozen=True, slots=True)
class NameEntry:
    page: str
    name: str
    key: str
    sorted_key: str


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    first: str
    second: str
    first_name: str
    second_name: str
    wikidata: tuple[str, ...]
    domains: tuple[str, ...]
    score: float
    by_name: bool

    @property
    def evidence(self) -> tuple[str, ...]:
        parts = [f"same Wikidata item {q}" for q in self.wikidata]
        parts += [f"same website domain {d}" for d in self.domains]
        if self.by_name:
            parts.append(f"near-equal names ({self.score:.2f})")
        return tuple(parts)


@dataclass(frozen=True)
class DuplicateResult:
    pairs: tuple[DuplicatePair, ...]
    records: int
    names: int
    comparisons: int
    crowded: tuple[tuple[str, int], ...] = ()
    """Ids and domains shared by more than :data:`MAX_BLOCK` pages: reported, not paired."""


def suffix_words(suffixes: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Legal forms as word sequences, normalised like names (``e.V.`` -> ``("ev",)``), longest first."""
    words = {tuple(_words(s)) for s in suffixes}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


def _words(text: str) -> list[str]:
    text = strip_diacritics(text.casefold()).replace("&", " and ")
    return _NON_WORD.sub(" ", _DROPPED.sub("", text)).split()


def name_key(text: str, suffixes: tuple[tuple[str, ...], ...]) -> str:
    """A partner name as compared: ``Wikimedia Deutschland e.V.`` -> ``wikimedia deutschland``.

    Legal forms are removed wherever they stand (``Fundación Wikimedia``),
    but never all words: ``The Foundation`` stays ``the foundation``.
    """
    words = _words(text)
    kept: list[str] = []
    i = 0
    while i < len(words):
        for suffix in suffixes:
            if tuple(words[i : i + len(suffix)]) == suffix:
                i += len(suffix)
                break
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept or words)


def registrable_domain(url: str) -> str | None:
    """``https://www.whc.unesco.org/x`` -> ``unesco.org``; ``bbc.co.uk`` keeps three labels."""
    try:
        host = (urlsplit(url if "://" in url else "https://" + url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    if _IP.match(host):
        return host
    labels = host.split(".")
    if labels[0] == "www" and len(labels) > 2:
        labels = labels[1:]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _same(a: NameEntry, b: NameEntry) -> bool:
    """Equal once word order and the spaces between words are ignored (``Open Street Map`` = ``OpenStreetMap``)."""
    return a.sorted_key == b.sorted_key or a.key.replace(" ", "") == b.key.replace(" ", "")


def score(a: NameEntry, b: NameEntry) -> float:
    """Similarity of two normalised names, 0 to 1 (the better of as-written and words-sorted)."""
    if _same(a, b):
        return 1.0
    return max(SequenceMatcher(None, a.key, b.key).ratio(), SequenceMatcher(None, a.sorted_key, b.sorted_key).ratio())


def _close(a: NameEntry, b: NameEntry, threshold: float) -> float | None:
    """The score when it reaches ``threshold``; the cheap upper bounds reject most pairs first."""
    if _same(a, b):
        return 1.0
    best = 0.0
    for x, y in ((a.key, b.key), (a.sorted_key, b.sorted_key)):
        matcher = SequenceMatcher(None, x, y)
        if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
            best = max(best, matcher.ratio())
    return best if best >= threshold else None


def name_entries(
    records: Iterable[Record], suffixes: tuple[tuple[str, ...], ...], partners: str | None
) -> list[NameEntry]:
    """One entry per partner name of each page (the page's name when it names no partner).

    ``partners`` names the field with the ``partners`` role (None: every
    page is known by its own name).
    """
    entries = []
    for record in records:
        names = (values_of(record, partners) if partners else ()) or (display_name(record),)
        for name in dict.fromkeys(names):
            key = name_key(name, suffixes)
            if key:
                entries.append(NameEntry(record.page, name, key, " ".join(sorted(key.split()))))
    return entries


def _block_keys(key: str) -> set[str]:
    """The index keys of a name: the name without spaces, its words, and each longer word with one letter deleted.

    Two words one typo apart (``guza``/``guzz``, ``kito``/``kiio``) share a
    deletion (``guz``, ``kio``): the symmetric-deletion neighbourhood.
    """
    keys = {"c:" + key.replace(" ", "")}
    for word in key.split():
        keys.add("w:" + word)
        if len(word) >= 4:
            keys.update("d:" + word[:i] + word[i + 1 :] for i in range(len(word)))
    return keys


def candidate_pairs(entries: Sequence[NameEntry]) -> set[tuple[int, int]]:
    """Pairs worth scoring: a shared rare word (or a word one typo away), or sorted neighbours.

    A key that more than :data:`MAX_BLOCK` names share (``university``,
    ``museum``) is too common to say anything and is skipped; the names are
    also compared with their :data:`WINDOW` neighbours in sorted and in
    reversed-string order.
    """
    pairs: set[tuple[int, int]] = set()
    blocks: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        for block in _block_keys(entry.key):
            blocks.setdefault(block, []).append(i)
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(members, 2))

    def ordered(by: Callable[[NameEntry], str]) -> list[int]:
        return sorted(range(len(entries)), key=lambda i: by(entries[i]))

    for order in (ordered(lambda e: e.key), ordered(lambda e: e.key[::-1])):
        for position, i in enumerate(order):
            for j in order[position + 1 : position + 1 + WINDOW]:
                pairs.add((min(i, j), max(i, j)))
    return {(i, j) for i, j in pairs if entries[i].page != entries[j].page}


def find_duplicates(
    records: Sequence[Record],
    schema: Schema,
    *,
    suffixes: Iterable[str],
    threshold: float,
    shared_domains: Iterable[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> DuplicateResult:
    """Every pair of pages that probably register the same partner.

    The evidence comes from the fields with the roles ``partners`` (names),
    ``partner-ids`` (Wikidata items) and ``website`` (domains); a role the
    schema gives to no field gives no evidence.
    """
    records = [r for r in records if is_partnership(r)]
    words = suffix_words(suffixes)
    entries = name_entries(records, words, schema.role_name(Role.PARTNERS))
    ids_field, site_field = schema.role_name(Role.PARTNER_IDS), schema.role_name(Role.WEBSITE)
    shared = {registrable_domain(d) or d for d in shared_domains}
    evidence: dict[tuple[str, str], dict[str, Any]] = {}

    def pair(a: str, b: str) -> dict[str, Any]:
        key = (a, b) if page_order(a) <= page_order(b) else (b, a)
        return evidence.setdefault(key, {"ids": set(), "domains": set(), "score": None})

    def ids(record: Record) -> tuple[str, ...]:
        return values_of(record, ids_field) if ids_field else ()

    def domains(record: Record) -> tuple[str, ...]:
        urls = values_of(record, site_field) if site_field else ()
        return tuple(d for d in (registrable_domain(u) for u in urls) if d and d not in shared)

    crowded: list[tuple[str, int]] = []
    for kind, index in (("ids", _index(records, ids)), ("domains", _index(records, domains))):
        for shared_value, pages in index.items():
            if len(pages) > MAX_BLOCK:  # a hosting site, or a misused field: one line, not n² pairs
                crowded.append((shared_value, len(pages)))
                continue
            for a, b in combinations(sorted(pages, key=page_order), 2):
                pair(a, b)[kind].add(shared_value)

    candidates = sorted(candidate_pairs(entries))
    best: dict[tuple[str, str], tuple[float, NameEntry, NameEntry]] = {}
    for n, (i, j) in enumerate(candidates):
        if progress and n % 20_000 == 0:
            progress(n, len(candidates))
        found = _close(entries[i], entries[j], threshold)
        if found is not None:
            x, y = entries[i], entries[j]
            key = (x.page, y.page) if page_order(x.page) <= page_order(y.page) else (y.page, x.page)
            if key not in best or found > best[key][0]:
                best[key] = (found, x, y) if key[0] == x.page else (found, y, x)
                pair(*key)["score"] = found
    by_page: dict[str, list[NameEntry]] = {}
    for entry in entries:
        by_page.setdefault(entry.page, []).append(entry)
    pairs = []
    for (a, b), info in evidence.items():
        first: NameEntry | None
        second: NameEntry | None
        if (a, b) in best:
            value, first, second = best[(a, b)]
        else:  # found by id or domain only: score their names all the same
            scored = [(score(x, y), x, y) for x in by_page.get(a, []) for y in by_page.get(b, [])]
            value, first, second = max(scored, key=lambda t: t[0]) if scored else (0.0, None, None)
        pairs.append(
            DuplicatePair(
                a,
                b,
                first.name if first else a,
                second.name if second else b,
                tuple(sorted(info["ids"])),
                tuple(sorted(info["domains"])),
                round(value, 3),
                info["score"] is not None,
            )
        )
    pairs.sort(key=lambda p: (-len(p.wikidata), -len(p.domains), -p.score, page_order(p.first), page_order(p.second)))
    return DuplicateResult(tuple(pairs), len(records), len(entries), len(candidates), tuple(sorted(crowded)))


def _index(records: Iterable[Record], values: Callable[[Record], tuple[str, ...]]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for record in records:
        for value in values(record):
            index.setdefault(value, set()).add(record.page)
    return {v: pages for v, pages in index.items() if len(pages) > 1}


def duplicates_report(result: DuplicateResult, *, threshold: float, notes: Sequence[str] = ()) -> Report:
    notes = [
        *notes,
        *(
            f"{value} is given on {count} pages: too many to be one partner registered twice (a shared "
            f"host or a misused field?); add a domain to [audits] shared_domains to silence this."
            for value, count in result.crowded
        ),
    ]
    section = Section(
        "pairs",
        "Probably the same partner",
        [
            page_field("first", "Page", lambda p: p.first),
            Field("first_name", "Partner", lambda p: p.first_name),
            page_field("second", "Other page", lambda p: p.second),
            Field("second_name", "Other partner", lambda p: p.second_name),
            Field("evidence", "Evidence", lambda p: p.evidence),
            Field("score", "Name score", lambda p: p.score, sort_type="number"),
        ],
        result.pairs,
        empty="No duplicates found.",
        intro=f"Pairs of pages with the same Wikidata item, the same website domain, or partner names that "
        f"score {threshold:.2f} or more once case, accents, punctuation and legal forms are ignored.",
    )
    pages = len({p for pair in result.pairs for p in (pair.first, pair.second)})
    summary = (
        f"audit_duplicates: {plural(len(result.pairs), 'finding')} (pairs of pages) involving "
        f"{plural(pages, 'page')} among {plural(result.records, 'partnership')}; "
        f"{result.comparisons:,} name comparisons for {result.names:,} names"
    )
    return Report("duplicates", "Audit: partners registered twice", [section], len(result.pairs), summary, tuple(notes))
