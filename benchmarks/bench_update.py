"""The update job over 2,000 pages on the local wiki: requests and wall time (issue: registry tables).

Uses the pages ``bench_read`` seeds (a template of their own), publishes the
four registry pages under ``Benchmark/``, and measures in one run:

* a full update from an empty state (target: at most ceil(N/500)+12 requests, reads and writes);
* a no-change update (target: at most 3 requests and zero edits);
* the naive way as the baseline: one ``page.text`` per page, then the same publishing.
"""

from __future__ import annotations

import io
import math
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_read

N = bench_read.N
NAIVE_SAMPLE = 200


def main() -> dict[str, float]:
    bench_read.seed(N)
    import pywikibot

    from bot.config import Pages, RegistryScope, load_configuration, load_settings
    from bot.jobs.context import JobContext
    from bot.jobs.update import UpdateOptions, run_update
    from bot.wiki import Wiki

    site = pywikibot.Site()
    site.login()
    wiki = Wiki.attach(site)
    schema = bench_read.bench_schema()
    base = load_settings(schema=schema)
    root = f"Benchmark registry/{int(time.time())}"
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(
            base,
            registry=RegistryScope(namespaces=(), prefix=bench_read.PREFIX),
            # Fresh titles each run, so the full update really creates all five pages.
            pages=Pages(
                index=f"{root}/Index",
                overview=f"{root}/Overview",
                problems=f"{root}/Problems",
                data=f"{root}/Registry.json",
                changes=f"{root}/Changes",
                # The lists pages behind the overview's counts are left out: written once (about
                # 200 pages for 2,000 partnerships, one per list) and then only when a value or a
                # year appears, they are not what this benchmark measures.
                lists="",
            ),
            publish=replace(base.publish, state_dir=tmp),
        )
        config = replace(load_configuration(), schema=schema, settings=settings)
        start = time.perf_counter()
        full = run_update(JobContext.on(wiki, config, io.StringIO()), UpdateOptions(full=True, force=True))
        full_s = time.perf_counter() - start
        start = time.perf_counter()
        again = run_update(JobContext.on(wiki, config, io.StringIO()), UpdateOptions())
        again_s = time.perf_counter() - start

    titles = [f"{bench_read.PREFIX}Benchmark {i:05d}" for i in range(NAIVE_SAMPLE)]
    before, start = wiki.requests, time.perf_counter()
    for title in titles:
        _ = pywikibot.Page(site, title).text  # one request per page: the baseline
    naive_rate = NAIVE_SAMPLE / (time.perf_counter() - start)
    naive_requests_per_page = (wiki.requests - before) / NAIVE_SAMPLE
    naive_full_s = N / naive_rate + full_s  # reading one by one, then publishing the same way
    figures = {
        "pages": full.pages_read,
        "full_requests": full.requests,
        "full_s": full_s,
        "full_edits": full.edits,
        "nochange_requests": again.requests,
        "nochange_s": again_s,
        "nochange_edits": again.edits,
        "naive_requests": N * naive_requests_per_page + full.requests,
        "naive_s": naive_full_s,
        "speedup": naive_full_s / full_s,
    }
    print(f"update benchmark: {full.pages_read} pages on the local wiki")
    print(
        f"  full update       {full.requests:5d} requests  {full_s:6.2f} s  {full.edits} edits "
        f"(target <= {math.ceil(N / 500) + 12} requests)"
    )
    print(
        f"  no-change update  {again.requests:5d} requests  {again_s:6.2f} s  {again.edits} edits "
        "(target <= 3 requests, 0 edits)"
    )
    print(
        f"  naive (page.text per page, sample of {NAIVE_SAMPLE}): ~{figures['naive_requests']:.0f} requests, "
        f"~{naive_full_s:.0f} s; the update job is {figures['speedup']:.0f}x faster"
    )
    return figures


if __name__ == "__main__":
    main()
