"""audit_duplicates: equal ids, equal domains, near-equal names; found through indexes, not all pairs."""

from __future__ import annotations

from test_render_support import make_record, no_template

from bot.config import AuditSettings
from bot.core.audits.duplicates import (
    MAX_BLOCK,
    candidate_pairs,
    duplicates_report,
    find_duplicates,
    name_entries,
    name_key,
    registrable_domain,
    suffix_words,
)
from tests import support

SETTINGS = AuditSettings()
WORDS = suffix_words(SETTINGS.legal_suffixes)


def dupes(records, threshold=0.9):
    return find_duplicates(
        records,
        support.schema(),
        suffixes=SETTINGS.legal_suffixes,
        threshold=threshold,
        shared_domains=SETTINGS.shared_domains,
    )


def pairs(result):
    return [(p.first, p.second) for p in result.pairs]


def test_names_lose_case_accents_punctuation_and_legal_forms():
    assert name_key("Wikimedia Deutschland e.V.", WORDS) == "wikimedia deutschland"
    assert name_key("Fundación Wikimedia", WORDS) == "wikimedia"
    assert name_key("Fondation Wikimédia", WORDS) == "wikimedia"
    assert name_key("OpenStreetMap Foundation Ltd.", WORDS) == "openstreetmap"
    assert name_key("Creative Commons, Inc.", WORDS) == "creative commons"
    assert name_key("Stiftung Preußischer Kulturbesitz gGmbH", WORDS) == "preussischer kulturbesitz"
    assert name_key("Archives & Museums", WORDS) == "archives and museums"


def test_a_name_made_only_of_legal_forms_is_kept_whole():
    assert name_key("The Foundation", WORDS) == "the foundation"


def test_the_registrable_domain_drops_www_and_subdomains_but_keeps_country_second_levels():
    assert registrable_domain("https://www.unesco.org/en") == "unesco.org"
    assert registrable_domain("whc.unesco.org") == "unesco.org"
    assert registrable_domain("https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert registrable_domain("http://192.168.0.1/x") == "192.168.0.1"
    assert registrable_domain("https://www.usp.br") == "usp.br"
    assert registrable_domain("") is None


def test_pages_with_the_same_wikidata_item_are_a_pair(schema):
    result = dupes(
        [
            make_record(schema, "P/UNESCO", partner="UNESCO", wikidata=["Q7809"]),
            make_record(schema, "P/Heritage", partner="World Heritage Centre", wikidata=["Q7809"]),
            make_record(schema, "P/Other", partner="Other", wikidata=["Q1"]),
        ]
    )
    assert pairs(result) == [("P/Heritage", "P/UNESCO")]
    assert result.pairs[0].evidence == ("same Wikidata item Q7809",)


def test_pages_with_the_same_website_domain_are_a_pair_unless_the_host_is_shared(schema):
    result = dupes(
        [
            make_record(schema, "P/A", partner="Europeana", website="https://www.europeana.eu/en"),
            make_record(schema, "P/B", partner="Europeana 280", website="https://pro.europeana.eu"),
            make_record(schema, "P/C", partner="CEE Spring", website="https://meta.wikimedia.org/wiki/CEE"),
            make_record(schema, "P/D", partner="Iberocoop", website="https://meta.wikimedia.org/wiki/Iberocoop"),
        ]
    )
    assert pairs(result) == [("P/A", "P/B")]
    assert "same website domain europeana.eu" in result.pairs[0].evidence


def test_near_equal_names_are_a_pair_with_their_score(schema):
    result = dupes(
        [
            make_record(schema, "P/OSM", partner="OpenStreetMap Foundation"),
            make_record(schema, "P/OSM 2", partner="Open Street Map"),
            make_record(schema, "P/WMDE", partner="Wikimedia Deutschland e.V."),
            make_record(schema, "P/WMDE 2", partner="Wikimedia Deutchland"),
            make_record(schema, "P/Kiwix", partner="Kiwix"),
        ]
    )
    found = {(p.first, p.second): p for p in result.pairs}
    assert set(found) == {("P/OSM", "P/OSM 2"), ("P/WMDE", "P/WMDE 2")}
    assert found[("P/OSM", "P/OSM 2")].score == 1.0  # equal but for the spaces between words
    assert 0.9 <= found[("P/WMDE", "P/WMDE 2")].score < 1.0
    assert found[("P/WMDE", "P/WMDE 2")].evidence[-1].startswith("near-equal names (0.9")


def test_word_order_and_a_typo_in_a_single_word_are_caught(schema):
    result = dupes(
        [
            make_record(schema, "P/1", partner="Museum of Modern Art"),
            make_record(schema, "P/2", partner="Modern Art Museum of"),
            make_record(schema, "P/3", partner="Europeana"),
            make_record(schema, "P/4", partner="Europaena"),
        ],
        threshold=0.85,
    )
    assert pairs(result) == [("P/1", "P/2"), ("P/3", "P/4")]


def test_different_partners_are_not_pairs(schema):
    result = dupes(
        [
            make_record(schema, "P/A", partner="Wikimedia Deutschland"),
            make_record(schema, "P/B", partner="Wikimedia Österreich"),
            make_record(schema, "P/C", partner="Mozilla Foundation"),
            make_record(schema, "P/D", partner="Creative Commons"),
        ]
    )
    assert result.pairs == ()


def test_two_partners_of_one_page_are_not_a_duplicate(schema):
    result = dupes(
        [make_record(schema, "P/A", partner=["Smithsonian Institution", "Smithsonian Institution Archives"])]
    )
    assert result.pairs == ()


def test_a_pair_found_several_ways_is_one_row_with_all_its_evidence(schema):
    result = dupes(
        [
            make_record(schema, "P/A", partner="UNESCO", wikidata=["Q7809"], website="https://unesco.org"),
            make_record(schema, "P/B", partner="Unesco", wikidata=["Q7809"], website="https://www.unesco.org/"),
        ]
    )
    [pair] = result.pairs
    assert pair.evidence == ("same Wikidata item Q7809", "same website domain unesco.org", "near-equal names (1.00)")


def test_a_page_without_a_partner_is_compared_by_its_name_and_pages_without_template_are_skipped(schema):
    result = dupes(
        [
            make_record(schema, "P/Kiwix offline"),
            make_record(schema, "P/Kiwix Offline", name="Kiwix offline"),
            no_template(schema, "P/Kiwix offline 2"),
        ]
    )
    assert pairs(result) == [("P/Kiwix Offline", "P/Kiwix offline")]


def test_a_value_shared_by_too_many_pages_is_a_note_not_n_squared_pairs(schema):
    import hashlib

    records = [
        make_record(
            schema, f"P/{i}", partner=hashlib.md5(str(i).encode()).hexdigest()[:12], website=f"https://host.example/{i}"
        )
        for i in range(MAX_BLOCK + 5)
    ]
    result = dupes(records)
    assert result.pairs == () and result.crowded == (("host.example", MAX_BLOCK + 5),)
    assert any("host.example" in n for n in duplicates_report(result, threshold=0.9).notes)


def test_only_a_small_share_of_all_pairs_is_scored(schema):
    import random

    rng = random.Random(4)
    syllables = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze"]
    records = [
        make_record(
            schema,
            f"P/{i}",
            partner=" ".join("".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(2))
            + " Museum",
        )
        for i in range(2000)
    ]
    entries = name_entries(records, WORDS, "partner")
    scored = len(candidate_pairs(entries))
    assert scored < len(entries) * (len(entries) - 1) / 2 / 20


def test_the_report_counts_pairs_as_findings(schema):
    result = dupes([make_record(schema, "P/A", partner="UNESCO"), make_record(schema, "P/B", partner="Unesco")])
    report = duplicates_report(result, threshold=0.9)
    assert report.findings == 1 and report.summary.startswith(
        "audit_duplicates: 1 finding (pairs of pages) involving 2 pages"
    )
