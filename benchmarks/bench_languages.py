"""The registry pages in several languages: what each language adds to a run.

Extracts 2,000 generated partnership pages once, then renders the pages an
update publishes (``plan_pages``: index, overview, problems, data, change
log) for English alone and for English plus de, fr, es and ar, in one run.
The extra languages render the same records again through the messages, so
the figure to watch is the cost per language against the English render,
and against the extract that precedes it in every run.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pages import pages
from bot.config import Pages, load_settings
from bot.core.extract import extract_many
from bot.core.normalise.country_table import load_country_table
from bot.core.schema import DEFAULT_SCHEMA_PATH, load_schema
from bot.jobs.update import plan_pages
from bot.paths import COUNTRIES_PATH

COUNT = 2_000
LANGUAGES = ("de", "fr", "es", "ar")


def main() -> dict[str, float]:
    schema = load_schema(DEFAULT_SCHEMA_PATH)
    countries = load_country_table(COUNTRIES_PATH, schema=schema)
    base = load_settings(schema=schema)
    started = time.perf_counter()
    records = list(extract_many(pages(COUNT), schema, countries))
    extract_s = time.perf_counter() - started
    timings = {}
    for name, languages in (("english", ()), ("five", LANGUAGES)):
        settings = replace(base, pages=Pages(lists="", languages=languages))
        plan_pages(records, {}, schema, settings, today=date(2026, 12, 3))  # warm-up: messages and CLDR loaded
        started = time.perf_counter()
        updates = plan_pages(records, {}, schema, settings, today=date(2026, 12, 3))
        timings[name] = time.perf_counter() - started
        timings[f"{name}_pages"] = float(len(updates))
    per_language = (timings["five"] - timings["english"]) / len(LANGUAGES)
    figures = {
        "records": float(COUNT),
        "extract_s": extract_s,
        "english_s": timings["english"],
        "five_s": timings["five"],
        "english_pages": timings["english_pages"],
        "five_pages": timings["five_pages"],
        "per_language_s": per_language,
        "per_language_vs_extract": per_language / extract_s,
    }
    print(
        f"languages: {COUNT:,} partnerships: extract {extract_s:.2f} s; rendering the run's pages in English "
        f"{timings['english']:.2f} s ({timings['english_pages']:.0f} pages), in English + {', '.join(LANGUAGES)} "
        f"{timings['five']:.2f} s ({timings['five_pages']:.0f} pages): {per_language:.2f} s per language "
        f"({per_language / extract_s:.0%} of the extract)"
    )
    return figures


if __name__ == "__main__":
    main()
