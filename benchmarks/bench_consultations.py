"""Summarising big talk pages: pages/s and MB/s against a plain mwparserfromhell parse.

Builds ten talk pages of about 1 MB each from the real talk pages in
``tests/fixtures/talk/`` (in a different order and with renamed users per
page, so no two pages are alike), then measures in one run, on one core:

* the summary of each page (``parse_discussion`` + ``summarise``, what the
  ``summarise`` job does per consultation page): target under 1 s for one
  page and under 5 s for the ten;
* ``mwparserfromhell.parse`` of the same pages whole, the baseline a naive
  parser starts from.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mwparserfromhell

from bot.core.discussion import load_consultation_settings, parse_discussion, summarise
from bot.core.schema import DEFAULT_SCHEMA_PATH, load_schema

TALK = ROOT / "tests" / "fixtures" / "talk"
PAGES = 10
PAGE_SIZE = 1_000_000


def talk_pages(count: int = PAGES, size: int = PAGE_SIZE) -> list[str]:
    sources = [p.read_text(encoding="utf-8") for p in sorted(TALK.rglob("*.wiki"))]
    built = []
    for number in range(count):
        rng = random.Random(number)
        parts: list[str] = []
        length = 0
        while length < size:
            text = rng.choice(sources).replace("[[User:", f"[[User:P{number}x")
            parts.append(text)
            length += len(text) + 1
        built.append("\n".join(parts))
    return built


def main() -> dict[str, float]:
    schema = load_schema(DEFAULT_SCHEMA_PATH)
    rules = load_consultation_settings(text_rules=schema.text)
    pages = talk_pages()
    megabytes = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    summarise(parse_discussion("warm-up", pages[0][:50_000], rules))
    slowest = 0.0
    comments = 0
    started = time.perf_counter()
    for number, text in enumerate(pages):
        one = time.perf_counter()
        summary = summarise(parse_discussion(f"Talk:Big {number}", text, rules))
        slowest = max(slowest, time.perf_counter() - one)
        comments += summary.totals.comments
    summary_s = time.perf_counter() - started
    started = time.perf_counter()
    for text in pages:
        mwparserfromhell.parse(text)
    parse_s = time.perf_counter() - started
    figures = {
        "pages": float(len(pages)),
        "megabytes": megabytes,
        "comments": float(comments),
        "summary_s": summary_s,
        "slowest_page_s": slowest,
        "summary_pages_per_s": len(pages) / summary_s,
        "summary_mb_per_s": megabytes / summary_s,
        "parse_s": parse_s,
        "parse_pages_per_s": len(pages) / parse_s,
        "parse_mb_per_s": megabytes / parse_s,
        "speedup": parse_s / summary_s,
    }
    print(
        f"consultations: {len(pages)} talk pages, {megabytes:.1f} MB, {comments:,} comments: summarised in "
        f"{summary_s:.2f} s ({figures['summary_pages_per_s']:.1f} pages/s, {figures['summary_mb_per_s']:.1f} MB/s; "
        f"slowest page {slowest:.2f} s); mwparserfromhell.parse alone {parse_s:.2f} s "
        f"({figures['parse_pages_per_s']:.2f} pages/s, {figures['parse_mb_per_s']:.2f} MB/s)"
    )
    return figures


if __name__ == "__main__":
    main()
