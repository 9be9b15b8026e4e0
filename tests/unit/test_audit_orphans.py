"""audit_orphans: category without template, template outside category or scope, gone rows and bases."""

from __future__ import annotations

from bot.config import RegistryScope
from bot.core.audits.orphans import OrphanInput, find_orphans, orphans_report

SCOPE = RegistryScope(namespaces=(0,), prefix="Partnerships/")


def facts(**kwargs) -> OrphanInput:
    base = dict(category="Partnerships", template="Partnership", in_category={}, using_template={})
    return OrphanInput(**{**base, **kwargs})


def kinds(found):
    return [(o.kind, o.page) for o in found]


def test_a_page_in_the_category_without_the_template_cannot_be_read():
    found = find_orphans(
        facts(
            in_category={"Partnerships/Kiwix": 0, "Partnerships/UNESCO": 0}, using_template={"Partnerships/UNESCO": 0}
        ),
        SCOPE,
    )
    assert kinds(found) == [("no-template", "Partnerships/Kiwix")]
    assert "add the template, or remove the category" in found[0].message


def test_a_page_with_the_template_outside_the_category_is_listed():
    found = find_orphans(facts(using_template={"Partnerships/Hidden": 0}), SCOPE)
    assert kinds(found) == [("not-in-category", "Partnerships/Hidden")]


def test_a_page_with_the_template_outside_the_scope_is_not_in_the_registry():
    found = find_orphans(
        facts(
            in_category={"User:Ann/Draft partnership": 2, "Moved page": 0},
            using_template={"User:Ann/Draft partnership": 2, "Moved page": 0},
        ),
        SCOPE,
    )
    assert kinds(found) == [("out-of-scope", "Moved page"), ("out-of-scope", "User:Ann/Draft partnership")]
    assert "titles starting with 'Partnerships/'" in found[0].message


def test_the_templates_own_pages_and_the_bots_pages_are_not_orphans():
    found = find_orphans(
        facts(
            using_template={"Template:Partnership/doc": 10, "Module:Partnerships": 828},
            in_category={"Partnerships/Registry": 0},
            own_pages=frozenset({"Partnerships/Registry"}),
        ),
        SCOPE,
    )
    assert found == []


def test_translation_subpages_are_judged_by_their_base_page():
    found = find_orphans(
        facts(in_category={"Partnerships/OSFP": 0}, using_template={"Partnerships/OSFP": 0, "Partnerships/OSFP/de": 0}),
        SCOPE,
    )
    assert found == []


def test_index_rows_whose_page_is_gone_or_moved_are_listed():
    found = find_orphans(
        facts(
            index_rows=("Partnerships/A", "Partnerships/Gone", "Partnerships/Moved"),
            index_source="the data page Partnerships/Registry.json",
            missing=frozenset({"Partnerships/Gone"}),
            redirects=frozenset({"Partnerships/Moved"}),
        ),
        SCOPE,
    )
    assert kinds(found) == [("index-row-missing", "Partnerships/Gone"), ("index-row-redirect", "Partnerships/Moved")]
    assert "Listed on the data page Partnerships/Registry.json" in found[0].message


def test_a_translation_whose_base_page_is_gone_is_listed():
    found = find_orphans(
        facts(translations=("Partnerships/Gone/de", "Partnerships/Here/fr"), missing=frozenset({"Partnerships/Gone"})),
        SCOPE,
    )
    assert kinds(found) == [("translation-without-base", "Partnerships/Gone/de")]


def test_an_empty_scope_reads_every_namespace_and_title():
    found = find_orphans(
        facts(using_template={"User:Ann/Draft": 2}, in_category={"User:Ann/Draft": 2}),
        RegistryScope(namespaces=(), prefix=""),
    )
    assert found == []


def test_the_report_has_one_section_per_kind_and_says_when_no_index_was_read():
    found = find_orphans(facts(in_category={"Partnerships/Kiwix": 0}), SCOPE)
    report = orphans_report(found, facts(in_category={"Partnerships/Kiwix": 0}))
    assert report.findings == 1 and len(report.sections) == 6
    assert any("rows were not checked" in n for n in report.notes)
    assert report.summary.startswith("audit_orphans: 1 finding (1 no-template, 0 not-in-category")
