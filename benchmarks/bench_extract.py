"""Extract + normalise throughput and memory (issue: foundation).

Prints, in one run on one core: pages/s for mwparserfromhell parsing alone
(the floor any extractor pays), pages/s for the full extract, their ratio,
and the peak traced memory while streaming dumps of two sizes (flat memory
means the two peaks are about equal). Targets: >= 1,500 pages/s; flat memory.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mwparserfromhell

from benchmarks.pages import pages, write_dump
from bot.config import load_configuration
from bot.core.extract import extract, extract_many
from bot.sources.offline import DumpSource

N = 10_000


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def stream_peak(path: Path, config) -> tuple[int, float]:
    """Peak traced bytes while extracting a dump without keeping the records."""
    gc.collect()
    tracemalloc.start()
    count = 0
    for record in extract_many(DumpSource(path), config.schema, config.countries):
        count += len(record.problems) >= 0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak / 2**20


def main() -> dict[str, float]:
    config = load_configuration()
    schema, countries = config.schema, config.countries
    snaps = list(pages(N))
    chars = sum(len(s.text) for s in snaps) / N
    for snap in snaps[:200]:  # warm caches (country index, month names)
        extract(snap, schema, countries)

    start = time.perf_counter()
    for snap in snaps:
        mwparserfromhell.parse(snap.text)
    parse_s = time.perf_counter() - start

    start = time.perf_counter()
    for snap in snaps:
        extract(snap, schema, countries)
    extract_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp, "small.xml"), Path(tmp, "large.xml")
        write_dump(small, 1_000)
        write_dump(large, N)
        _, small_peak = stream_peak(small, config)
        _, large_peak = stream_peak(large, config)

    figures = {
        "pages": N,
        "avg_chars": chars,
        "parse_only_pages_per_s": rate(N, parse_s),
        "extract_pages_per_s": rate(N, extract_s),
        "extract_vs_parse_ratio": extract_s / parse_s,
        "stream_peak_mib_1k": small_peak,
        "stream_peak_mib_10k": large_peak,
    }
    print(f"extract benchmark: {N} generated pages, {chars:.0f} characters on average, one core")
    print(f"  mwparserfromhell parse only   {figures['parse_only_pages_per_s']:8.0f} pages/s")
    print(f"  extract + normalise           {figures['extract_pages_per_s']:8.0f} pages/s   (target >= 1500)")
    print(f"  extract time / parse time     {figures['extract_vs_parse_ratio']:8.2f} x")
    print(
        f"  peak memory streaming a dump  {small_peak:6.1f} MiB at 1,000 pages, {large_peak:6.1f} MiB at 10,000 pages"
    )
    return figures


if __name__ == "__main__":
    main()
