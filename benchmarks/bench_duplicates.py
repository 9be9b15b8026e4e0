"""audit_duplicates on a large synthetic registry: records/s and comparisons made vs n².

Builds N records (default 10,000) with partner names drawn from a mix of
words (so some words are common and some rare, as in real names), legal
forms, and 2% planted duplicates (a legal form added, a letter changed,
words swapped, a shared Wikidata id or website). Prints the time, the
records per second, the name comparisons made against the n(n-1)/2 pairs a
quadratic loop would score, and how many planted duplicates were found.

    .venv/bin/python benchmarks/bench_duplicates.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import AuditSettings
from bot.core.audits.duplicates import find_duplicates
from bot.core.records import Record

WORDS = (
    "open",
    "knowledge",
    "library",
    "museum",
    "archive",
    "university",
    "institute",
    "digital",
    "heritage",
    "science",
    "society",
    "culture",
    "national",
    "centre",
    "art",
    "history",
    "education",
    "network",
    "media",
    "public",
    "foundation",
    "research",
    "free",
    "software",
    "commons",
    "data",
    "maps",
    "music",
    "film",
)
LEGAL = ("Inc.", "e.V.", "Foundation", "Ltd", "gGmbH", "Stiftung", "Fondation", "Fundación", "")


def syllable_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def make_records(n: int, seed: int = 1) -> tuple[list[Record], int]:
    rng = random.Random(seed)
    records: list[Record] = []
    planted = 0
    for i in range(n):
        words = [syllable_word(rng).capitalize()] + [rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 3))]
        name = " ".join(words + [rng.choice(LEGAL)]).strip()
        values = {"partner": (name,), "wikidata": (f"Q{1000 + i}",), "website": f"https://{words[0].lower()}{i}.org"}
        records.append(Record(f"Partnerships/P{i:05d}", i, values))
        if rng.random() < 0.02 and i:
            planted += 1
            variant = rng.choice(("legal", "typo", "swap", "id", "site"))
            twin = dict(values)
            if variant == "legal":
                twin["partner"] = (" ".join(words) + " Inc.",)
            elif variant == "typo":
                first = words[0]
                pos = rng.randrange(1, len(first))
                twin["partner"] = (" ".join([first[:pos] + first[pos - 1] + first[pos + 1 :], *words[1:]]),)
            elif variant == "swap":
                twin["partner"] = (" ".join(reversed(words)),)
            if variant != "id":
                twin["wikidata"] = (f"Q{900000 + i}",)
            if variant != "site":
                twin["website"] = f"https://www.other{i}.net"
            records.append(Record(f"Partnerships/P{i:05d} (copy)", i, twin))
    return records, planted


def naive_seconds(records: list[Record], settings: AuditSettings, sample: int = 1_000) -> float:
    """Seconds a quadratic loop (every pair scored with difflib) takes on ``sample`` records, extrapolated to all."""
    from itertools import combinations

    from bot.core.audits.duplicates import name_entries, score, suffix_words

    entries = name_entries(records[:sample], suffix_words(settings.legal_suffixes), "partner")
    start = time.perf_counter()
    for a, b in combinations(entries, 2):
        score(a, b)
    pairs = len(entries) * (len(entries) - 1) / 2
    per_pair = (time.perf_counter() - start) / pairs
    return per_pair * len(records) * (len(records) - 1) / 2


def main(n: int = 10_000) -> dict[str, float]:
    records, planted = make_records(n)
    settings = AuditSettings()
    start = time.perf_counter()
    from bot.core.schema import load_schema

    result = find_duplicates(
        records,
        load_schema(),
        suffixes=settings.legal_suffixes,
        threshold=settings.name_similarity,
        shared_domains=settings.shared_domains,
    )
    seconds = time.perf_counter() - start
    total = len(records)
    quadratic = total * (total - 1) // 2
    found = sum(1 for p in result.pairs if p.second.endswith("(copy)") and p.second[:-7] == p.first)
    naive = naive_seconds(records, settings)
    figures = {
        "records": total,
        "seconds": seconds,
        "records_per_s": total / seconds,
        "comparisons": result.comparisons,
        "quadratic_pairs": quadratic,
        "share_of_quadratic": result.comparisons / quadratic,
        "planted": planted,
        "planted_found": found,
        "pairs_reported": len(result.pairs),
        "naive_seconds_estimate": naive,
    }
    print(f"audit_duplicates on {total:,} records ({planted} planted duplicates)")
    print(f"  time:        {seconds:.2f} s ({figures['records_per_s']:,.0f} records/s)")
    print(
        f"  comparisons: {result.comparisons:,} name pairs scored, of {quadratic:,} pairs "
        f"({figures['share_of_quadratic']:.3%} of n²/2)"
    )
    print(f"  found:       {found} of {planted} planted duplicates; {len(result.pairs)} pairs reported")
    print(
        f"  baseline:    scoring every pair with difflib would take ~{naive:,.0f} s "
        f"(measured on 1,000 records, extrapolated): {naive / seconds:,.0f}x slower"
    )
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
