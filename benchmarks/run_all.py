"""Run every benchmark and print one table of figures (``make bench``).

The machines are shared and noisy, so each benchmark measures its baseline
in the same run and the table shows the ratios next to the raw figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_changes, bench_duplicates, bench_extract, bench_read, bench_update


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
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>16}  target")
    print("-" * (width + 34))
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>16}  {target}")


if __name__ == "__main__":
    main()
