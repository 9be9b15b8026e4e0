"""Generate realistic partnership pages (~700 characters each) for benchmarks.

Deterministic (seeded), with the same mix of messiness real pages have:
aliases, refs, comments, <br> lists, assorted date and country spellings.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from xml.sax.saxutils import escape

from bot.core.records import Snapshot

PARTNERS = [
    "OpenStreetMap Foundation",
    "UNESCO",
    "Creative Commons",
    "Internet Archive",
    "Europeana Foundation",
    "Smithsonian Institution",
    "UN Women",
    "Mozilla Foundation",
    "National Library of Kenya",
    "Universidad de Chile",
]
ENTITIES = [
    "Wikimedia Foundation",
    "Wikimedia Deutschland",
    "Wikimedia Kenya",
    "Wikimedistas de Uruguay",
    "[[Wikimedia Indonesia]]",
    "Art+Feminism User Group",
]
TYPES = ["alliance", "Partnership", "collab", "coalition", "Co-operation"]
LEVELS = ["global", "Local", "national", "regional", "international"]
STATUSES = ["active", "Ongoing", "completed", "ended", "on hold", "proposed", "in progress"]
DATES = ["2018-05-05", "5 May 2018", "May 2016", "{{start date|2014|3|1}}", "2019", "Sept. 2019", "c. 2016", "2017-3-9"]
COUNTRIES = ["Kenya", "[[Nigeria]]", "{{flag|Ghana}}", "USA", "Deutschland", "BR", "Chile, Peru", "IN", "Japan"]
AREAS = ["GLAM, content", "education<br>outreach", "technology", "Open Access", "glam; research", "contributors"]


START_NAMES = ("start", "start_date", "since")


def page(i: int, rng: random.Random) -> Snapshot:
    partner = rng.choice(PARTNERS)
    text = f"""'''{partner} partnership {i}''' is a collaboration between a movement entity and {partner}.

{{{{Partnership
| name = {partner} partnership {i}
| partner = {partner}<br />{rng.choice(PARTNERS)}
| wikimedia = {rng.choice(ENTITIES)}
| {rng.choice(["type", "kind"])} = {rng.choice(TYPES)}
| level = {rng.choice(LEVELS)}
| countries = {rng.choice(COUNTRIES)}
| areas = {rng.choice(AREAS)}
| status = {rng.choice(STATUSES)} <!-- please keep current -->
| {rng.choice(START_NAMES)} = {rng.choice(DATES)}<ref>Announcement, {rng.randint(2010, 2020)}.</ref>
| measures_of_success = {rng.randint(10, 900)} articles improved
| contact = [[User:Example{i % 50}|Example]], {{{{u|Helper{i % 7}}}}}
| website = www.example{i % 100}.org
}}}}

== Background ==
Started after a meetup in {rng.randint(2010, 2020)}. See the [[Talk:Partnerships|talk page]].

[[Category:Partnerships]]
"""
    return Snapshot(f"Partnerships/Benchmark {i:05d}", text, revision=1000 + i)


def pages(n: int, seed: int = 42) -> Iterator[Snapshot]:
    rng = random.Random(seed)
    for i in range(n):
        yield page(i, rng)


def write_dump(path, n: int) -> None:
    """A MediaWiki XML export holding ``n`` generated pages."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">\n')
        for snap in pages(n):
            handle.write(
                f"<page><title>{escape(snap.title)}</title><ns>0</ns><revision><id>{snap.revision}</id>"
                f'<timestamp>2024-01-01T00:00:00Z</timestamp><text xml:space="preserve">{escape(snap.text)}</text>'
                "</revision></page>\n"
            )
        handle.write("</mediawiki>\n")
