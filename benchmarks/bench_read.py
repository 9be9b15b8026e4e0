"""Reading the registry from the local wiki: requests and wall time (issue: local wiki).

Seeds 2,000 generated pages (with a template of their own, so the figures
are not mixed with the example pages), then measures in one run:

* a full read (target: at most ceil(N/500)+5 requests with a bot account);
* an incremental read with no changes (target: at most 2 requests);
* the naive way, one ``page.text`` per page, on a sample, as the baseline.

Needs the local wiki: ``python scripts/local_wiki.py start`` (``make bench`` does it).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYWIKIBOT_DIR", str(ROOT / ".localwiki" / "pywikibot"))

from benchmarks.pages import pages
from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema
from bot.sources.offline import filename_for_title

N = 2_000
NAIVE_SAMPLE = 200
TEMPLATE = "Partnership benchmark"
PREFIX = "Benchmark/"


def bench_schema():
    import tomllib

    data = tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    data["template"] = {"name": TEMPLATE, "redirects": []}
    return parse_schema(data)


def seed(n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        for snap in pages(n):
            title = PREFIX + snap.title.split("/", 1)[1]
            text = snap.text.replace("{{Partnership", "{{" + TEMPLATE)
            Path(tmp, filename_for_title(title)).write_text(text, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "local_wiki.py"), "seed", "--dir", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def main() -> dict[str, float]:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "local_wiki.py"), "start"], check=True, stdout=subprocess.DEVNULL
    )
    seed_s = seed(N)
    import pywikibot

    from bot.config import RegistryScope as Scope
    from bot.sources.registry import read_registry
    from bot.wiki import Wiki

    site = pywikibot.Site()
    site.login()
    wiki = Wiki.attach(site)
    schema = bench_schema()
    scope = Scope(namespaces=(), prefix=PREFIX)
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp, "state.json")
        before, start = wiki.requests, time.perf_counter()
        full = read_registry(wiki, schema, scope, state_path=state, full=True)
        full_s, full_req = time.perf_counter() - start, wiki.requests - before
        before, start = wiki.requests, time.perf_counter()
        incremental = read_registry(wiki, schema, scope, state_path=state)
        inc_s, inc_req = time.perf_counter() - start, wiki.requests - before
    titles = [s.title for s in full.snapshots[:NAIVE_SAMPLE]]
    before, start = wiki.requests, time.perf_counter()
    for title in titles:
        _ = pywikibot.Page(site, title).text  # one request per page: the baseline
    naive_s, naive_req = time.perf_counter() - start, wiki.requests - before
    naive_rate = len(titles) / naive_s
    figures = {
        "pages": len(full.snapshots),
        "seed_s": seed_s,
        "full_requests": full_req,
        "full_s": full_s,
        "incremental_requests": inc_req,
        "incremental_s": inc_s,
        "incremental_fetched": incremental.fetched,
        "naive_pages_per_s": naive_rate,
        "naive_requests_per_page": naive_req / len(titles),
        "full_vs_naive_speedup": (N / naive_rate) / full_s,
    }
    print(f"read benchmark: {figures['pages']} pages on the local wiki (seeded in {seed_s:.1f} s)")
    print(
        f"  full read            {full_req:5d} requests  {full_s:6.2f} s   "
        f"(target <= {math.ceil(N / 500) + 5} requests)"
    )
    print(
        f"  incremental, no edit {inc_req:5d} requests  {inc_s:6.2f} s   "
        f"(target <= 2 requests; {incremental.fetched} pages fetched)"
    )
    print(
        f"  naive page.text      {naive_req / len(titles):5.1f} requests/page, {naive_rate:6.1f} pages/s "
        f"(sample of {len(titles)}; {N / naive_rate:.0f} s for all {N})"
    )
    print(f"  full read is {figures['full_vs_naive_speedup']:.0f}x faster than the naive loop")
    return figures


if __name__ == "__main__":
    main()
