"""Module:Partnerships with 2,000 and 10,000 partnerships: data page size, Lua time and memory.

For each size, generated pages (``benchmarks/pages.py``) are extracted in
Python and their data page (and shards, when one page cannot hold them) is
written to the local wiki, with a copy of the module deployed for it. Then
``action=parse`` renders, and Scribunto's own limit report gives the Lua time
and memory of:

* one infobox (its page's record looked up in its shard),
* ``{{Partnerships count}}`` (every record loaded and filtered),
* ``{{Partnerships list|status=active}}`` (a third of the registry; 500 rows shown),
* the busiest lists page (the overview's cross table: about 60 lists),

against MediaWiki's limits on Wikimedia wikis (10 s of Lua per page, 50 MB of
Lua memory, 2 MB per page). The baseline, measured in the same run, is the
same module over a data page of 20 records, so the figures can be compared as
ratios on a noisy shared machine.
"""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYWIKIBOT_DIR", str(ROOT / ".localwiki" / "pywikibot"))

from benchmarks.pages import pages

SIZES = (20, 2_000, 10_000)
SHARD_BYTES = 1_500_000
"""Aim each data page at 1.5 MB, safely under MediaWiki's 2 MB."""


def limit_report(site: Any, text: str, title: str) -> dict[str, float]:
    """Lua seconds and MB, and the whole parse's wall seconds, from Scribunto's limit report."""
    start = time.perf_counter()
    answer = site.simple_request(
        action="parse", text=text, title=title, prop="limitreportdata|text", formatversion="2"
    ).submit()
    wall = time.perf_counter() - start
    data = {item["name"]: item for item in answer["parse"]["limitreportdata"]}
    seconds = float(str(data.get("scribunto-limitreport-timeusage", {}).get("0", "0")))
    # LuaSandbox (as on Wikimedia wikis) reports Lua's memory; the standalone interpreter its process's.
    memory = (data.get("scribunto-limitreport-memusage") or data.get("scribunto-limitreport-virtmemusage") or {}).get(
        "0", 0
    )
    failed = 'class="scribunto-error"' in answer["parse"].get("text", "")
    return {"lua_s": seconds, "lua_mb": float(memory) / 1e6, "wall_s": wall, "failed": float(failed)}


def measure(site: Any, wiki: Any, n: int, stamp: str) -> dict[str, float]:
    from bot.config import Pages, RegistryScope, checked, load_configuration
    from bot.core.extract import extract_many
    from bot.core.render.data import data_pages
    from bot.core.render.lists import lists_pages
    from bot.jobs.context import JobContext
    from bot.jobs.deploy import DeployOptions, run_deploy
    from bot.publish import PageUpdate

    config = load_configuration()
    schema, countries = config.schema, config.countries
    snapshots = list(pages(n))
    records = list(extract_many(snapshots, schema, countries))
    root = f"Benchmark module/{stamp}/{n}"
    probe = data_pages(records, schema, Pages(data=f"{root}/Registry.json"))
    size = len(probe[0][1].encode("utf-8"))
    shards = max(1, math.ceil(size / SHARD_BYTES))
    settings = replace(
        config.settings,
        registry=RegistryScope(namespaces=(), prefix="Partnerships/"),
        pages=Pages(
            index=f"{root}/Registry",
            overview=f"{root}/Overview",
            problems=f"{root}/Problems",
            data=f"{root}/Registry.json",
            lists=f"{root}/Lists",
            preload=f"{root}/Preload",
            data_shards=shards,
        ),
        deploy=replace(
            config.settings.deploy,
            module=f"Partnerships bench {stamp} {n}",
            list_template=f"Partnerships bench {stamp} {n} list",
            count_template=f"Partnerships bench {stamp} {n} count",
        ),
    )
    settings = checked(settings, schema)
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(settings, publish=replace(settings.publish, state_dir=tmp))
        bench_schema = replace(schema, template=f"Partnership bench {stamp} {n}", redirects=())
        ctx = JobContext.on(wiki, replace(config, schema=bench_schema, settings=settings), io.StringIO())
        report = run_deploy(ctx, DeployOptions(force=True))
        assert report.ok, ctx.out.getvalue()  # type: ignore[attr-defined]
        written = data_pages(records, schema, settings.pages)
        publisher = ctx.publisher()
        for title, text in written:
            outcome = publisher.publish(PageUpdate(title, text, "benchmark data", content_model="json"))
            assert outcome.status in ("created", "saved", "unchanged"), outcome
    module = settings.deploy.module
    sizes = [len(text.encode("utf-8")) for _, text in written]
    page = records[len(records) // 2].page
    infobox = limit_report(site, f"{{{{#invoke:{module}|reading}}}}", page)
    count = limit_report(site, f"{{{{{settings.deploy.count_template}|status=active}}}}", "Benchmark")
    listing = limit_report(site, f"{{{{{settings.deploy.list_template}|status=active}}}}", "Benchmark")
    busiest = max(lists_pages(records, schema, settings), key=lambda p: p.body.count("{{"))
    lists = limit_report(site, busiest.body, "Benchmark")
    return {
        "records": len(records),
        "shards": shards,
        "data_mb": sum(sizes) / 1e6,
        "largest_page_mb": max(sizes) / 1e6,
        "lists_on_busiest_page": busiest.body.count("{{"),
        **{f"infobox_{k}": v for k, v in infobox.items()},
        **{f"count_{k}": v for k, v in count.items()},
        **{f"list_{k}": v for k, v in listing.items()},
        **{f"lists_{k}": v for k, v in lists.items()},
    }


def main() -> dict[int, dict[str, float]]:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "local_wiki.py"), "start"], check=True, stdout=subprocess.DEVNULL
    )
    import pywikibot

    from bot.wiki import Wiki

    site = pywikibot.Site()
    site.login()
    wiki = Wiki.attach(site)
    stamp = str(int(time.time()))
    results = {n: measure(site, wiki, n, stamp) for n in SIZES}
    print("Module:Partnerships (Lua seconds / MB from Scribunto's limit report; wall seconds of the parse)")
    print(f"{'records':>8} {'shards':>6} {'data MB':>8} {'infobox':>15} {'count':>15} {'list':>15} {'lists page':>17}")
    if any(r[f"{k}_failed"] for r in results.values() for k in ("infobox", "count", "list", "lists")):
        print("(a Lua error: a limit was reached; see the parse output)")
    for r in results.values():
        print(
            f"{r['records']:>8,} {r['shards']:>6} {r['data_mb']:>8.2f} "
            f"{r['infobox_lua_s']:>6.2f}s {r['infobox_lua_mb']:>5.1f}MB "
            f"{r['count_lua_s']:>6.2f}s {r['count_lua_mb']:>5.1f}MB "
            f"{r['list_lua_s']:>6.2f}s {r['list_lua_mb']:>5.1f}MB "
            f"{r['lists_lua_s']:>6.2f}s {r['lists_lua_mb']:>5.1f}MB ({r['lists_on_busiest_page']} lists)"
        )
    return results


if __name__ == "__main__":
    main()
