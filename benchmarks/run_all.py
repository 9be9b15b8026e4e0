"""Run every benchmark and print one table of figures (``make bench``).

The machines are shared and noisy, so each benchmark measures its baseline
in the same run and the table shows the ratios next to the raw figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (
    bench_changes,
    bench_consultations,
    bench_duplicates,
    bench_extract,
    bench_languages,
    bench_module,
    bench_read,
    bench_update,
)


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    extract = bench_extract.main()
    print()
    rows += [
        ("extract + normalise (pages/s, one core)", f"{extract['extract_pages_per_s']:.0f}", ">= 1500"),
        ("  mwparserfromhell parse alone (pages/s)", f"{extract['parse_only_pages_per_s']:.0f}", "baseline"),
        ("  extract time / parse time", f"{extract['extract_vs_parse_ratio']:.2f}x", ""),
        (
            "peak memory streaming 1k / 10k pages (MiB)",
            f"{extract['stream_peak_mib_1k']:.1f} / {extract['stream_peak_mib_10k']:.1f}",
            "flat",
        ),
    ]
    read = bench_read.main()
    print()
    rows += [
        (
            f"full read of {read['pages']} pages (requests, s)",
            f"{read['full_requests']} / {read['full_s']:.2f}",
            "<= 9 requests",
        ),
        (
            "incremental read, no change (requests, s)",
            f"{read['incremental_requests']} / {read['incremental_s']:.2f}",
            "<= 2 requests",
        ),
        ("naive page.text loop (pages/s)", f"{read['naive_pages_per_s']:.1f}", "baseline"),
        ("  full read vs naive loop", f"{read['full_vs_naive_speedup']:.0f}x faster", ""),
    ]
    update = bench_update.main()
    print()
    rows += [
        (
            f"full update of {update['pages']} pages (requests, s)",
            f"{update['full_requests']} / {update['full_s']:.2f}",
            "<= 16 requests",
        ),
        (
            "no-change update (requests, edits)",
            f"{update['nochange_requests']} / {update['nochange_edits']}",
            "<= 3 requests, 0 edits",
        ),
        ("  naive update (requests, s)", f"~{update['naive_requests']:.0f} / ~{update['naive_s']:.0f}", "baseline"),
        ("  update job vs naive", f"{update['speedup']:.0f}x faster", ""),
    ]
    dup = bench_duplicates.main()
    print()
    rows += [
        (
            f"audit_duplicates on {dup['records']:,} records (records/s)",
            f"{dup['records_per_s']:,.0f}",
            "not quadratic",
        ),
        ("  name pairs scored / all pairs", f"{dup['share_of_quadratic']:.2%}", ""),
    ]
    talk = bench_consultations.main()
    print()
    rows += [
        (
            f"summarise {talk['pages']:.0f} talk pages of ~1 MB (s, pages/s, MB/s)",
            f"{talk['summary_s']:.2f} / {talk['summary_pages_per_s']:.1f} / {talk['summary_mb_per_s']:.1f}",
            "< 5 s",
        ),
        ("  slowest single page (s)", f"{talk['slowest_page_s']:.2f}", "< 1 s"),
        (
            "  mwparserfromhell.parse of the same pages (s, pages/s, MB/s)",
            f"{talk['parse_s']:.2f} / {talk['parse_pages_per_s']:.2f} / {talk['parse_mb_per_s']:.2f}",
            "baseline",
        ),
        ("  summary vs plain parse", f"{talk['speedup']:.1f}x faster", ""),
    ]
    changes = bench_changes.main()
    print()
    rows += [
        (
            f"change log, {changes['records']:,.0f} records, 2% changed (s)",
            f"{changes['changed_s']:.2f}",
            "< 5% of extract time",
        ),
        ("  no change (s)", f"{changes['nochange_s']:.2f}", "baseline"),
        (
            f"  every record changed: {changes['burst_events']:,.0f} events (s)",
            f"{changes['burst_s']:.2f}",
            "not quadratic",
        ),
    ]
    module = bench_module.main()
    print()
    for n, r in module.items():
        rows += [
            (
                f"Module:Partnerships, {n:,} records: data MB (pages)",
                f"{r['data_mb']:.2f} ({r['shards']:.0f})",
                "< 2 MB per page",
            ),
            (
                "  Lua s / MB: infobox, count, list, busiest lists page",
                f"{r['infobox_lua_s']:.2f}/{r['count_lua_s']:.2f}/{r['list_lua_s']:.2f}/{r['lists_lua_s']:.2f} s",
                "< 10 s each",
            ),
            (
                "  Lua memory (MB, busiest lists page)",
                f"{r['lists_lua_mb']:.1f}",
                "< 50 MB",
            ),
        ]
    languages = bench_languages.main()
    print()
    rows += [
        (
            f"registry pages for {languages['records']:,.0f} partnerships: English / + 4 languages (s)",
            f"{languages['english_s']:.2f} / {languages['five_s']:.2f}",
            "",
        ),
        (
            "  each extra language, vs the extract",
            f"{languages['per_language_s']:.2f} s, {languages['per_language_vs_extract']:.0%}",
            "< 50% of the extract",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>16}  target")
    print("-" * (width + 34))
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>16}  {target}")


if __name__ == "__main__":
    main()
