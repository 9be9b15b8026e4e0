"""The generated {{Partnership}} template, evaluated offline.

A small evaluator below runs the subset of MediaWiki's preprocessor the
template uses (``{{{arg|default}}}``, ``#if``, ``#switch``, ``lc``,
``#titleparts``, ``FULLPAGENAME``, ``NAMESPACENUMBER``, ``{{!}}``) with the
semantics ParserFunctions documents: ``#if`` tests and returns trimmed text
and does not split its branches at ``=``; ``#switch`` splits cases at the
first ``=``, falls through keys without a value and trims both sides. The
real rendering is checked against the local wiki in
``tests/integration/test_deploy.py``.
"""

from __future__ import annotations

import re

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import Argument, Template, Wikilink

from bot.config import DeploySettings, RegistryScope, Settings
from bot.core.onwiki import build_pages, load_sources
from bot.core.onwiki import parserfunctions as pf
from bot.core.onwiki.infobox import categories, display, name_heading, rows

SETTINGS = Settings()
_INVALID_TITLE = re.compile(r"[\[\]{}|<>\n#]")


def expand(text: str, args: dict[str, str], *, page: str = "Partnerships/Sample", ns: int = 0) -> str:
    # mwparserfromhell reads tables as tags; hide their delimiters so the cells are plain text.
    hidden = re.sub(r"\n\|\}", "\n\x02", re.sub(r"(^|\n)\{\|", "\\1\x01", text))
    expanded = _expand(mwparserfromhell.parse(hidden), args, page, ns)
    return expanded.replace("\x01", "{|").replace("\x02", "|}")


def _expand(code, args, page, ns) -> str:
    out = []
    for node in code.nodes:
        if isinstance(node, Argument):
            name = _expand(node.name, args, page, ns).strip()
            if name in args:
                out.append(args[name].strip())
            elif node.default is not None:
                out.append(_expand(node.default, args, page, ns))
            else:
                out.append(str(node))
        elif isinstance(node, Template):
            out.append(_call(node, args, page, ns))
        elif isinstance(node, Wikilink):
            target = _expand(node.title, args, page, ns)
            label = "|" + _expand(node.text, args, page, ns) if node.text is not None else ""
            out.append(f"[[{target}{label}]]")
        else:
            out.append(str(node))
    return "".join(out)


def _call(node, args, page, ns) -> str:
    head, colon, rest = str(node.name).partition(":")
    head = head.strip()

    def ex(text) -> str:
        return _expand(mwparserfromhell.parse(str(text)), args, page, ns)

    def whole(param) -> str:  # #if does not split a branch at "="
        return ex(f"{param.name}={param.value}" if param.showkey else param.value)

    if head == "#if":
        branches = [whole(p) for p in node.params]
        chosen = branches[0] if ex(rest).strip() else (branches[1] if len(branches) > 1 else "")
        return chosen.strip()
    if head == "#ifeq":
        first, second = ex(rest).strip(), whole(node.params[0]).strip()
        branches = [whole(p) for p in node.params[1:]] + ["", ""]
        return (branches[0] if first == second else branches[1]).strip()
    if head == "#switch":
        test, matched, default = ex(rest).strip(), False, None
        for index, param in enumerate(node.params):
            if not param.showkey:
                key = ex(param.value).strip()
                matched = matched or key == test
                if index == len(node.params) - 1:
                    default = param.value
                continue
            key = ex(param.name).strip()
            if matched or key == test:
                return ex(param.value).strip()
            if key == "#default":
                default = param.value
        return ex(default).strip() if default is not None else ""
    if head == "lc" and colon:
        return ex(rest).lower()
    if head == "#titleparts":
        parts = ex(rest).strip().split("/")
        count = int(ex(node.params[0].value).strip() or 0) if node.params else 0
        first = int(ex(node.params[1].value).strip() or 1) if len(node.params) > 1 else 1
        start = first - 1 if first > 0 else len(parts) + first
        chosen = parts[start:]
        return "/".join(chosen[:count] if count > 0 else chosen)
    if head == "FULLPAGENAME" and colon:
        title = ex(rest).strip()
        return "" if not title or _INVALID_TITLE.search(title) else title
    if str(node.name).strip() == "PAGENAME":
        return page
    if str(node.name).strip() == "NAMESPACENUMBER":
        return str(ns)
    if str(node.name).strip() == "!":
        return "|"
    return str(node)


def cats(text: str) -> list[str]:
    return re.findall(r"\[\[Category:([^|\]]+)", text)


@pytest.fixture(scope="module")
def template_text(schema) -> str:
    pages = build_pages(schema, SETTINGS, load_sources())
    text = pages[0].text
    return text[text.index("<includeonly>") + len("<includeonly>") : text.index("</includeonly>")]


# --- Values and aliases --------------------------------------------------------


def test_the_first_non_blank_name_wins_in_the_schemas_order(schema):
    spec = schema.by_name["name"]
    expression = pf.value(spec)
    assert expand(expression, {"name": "", "title": " ", "partnership_name": "Third"}) == "Third"
    assert expand(expression, {"title": "Second", "partnership_name": "Third"}) == "Second"
    assert expand(expression, {"name": "First", "title": "Second"}) == "First"
    assert expand(expression, {}) == ""


def test_a_single_name_field_has_no_if_chain(schema):
    assert pf.value(schema.by_name["relation"]) == "{{{relation|}}}"


def test_the_heading_falls_back_to_the_last_part_of_the_title(schema):
    assert expand(name_heading(schema), {}, page="Partnerships/Kiwix") == "Kiwix"
    assert expand(name_heading(schema), {"title": "Offline Wikipedia"}) == "Offline Wikipedia"


def test_placeholders_count_as_absent_except_where_the_field_keeps_them(schema):
    partner = schema.by_name["partner"]
    assert expand(pf.present(partner, schema), {"partner": "TBD"}) == ""
    assert expand(pf.present(partner, schema), {"partner": " ? "}) == ""
    assert expand(pf.present(partner, schema), {"organisation": "Kiwix"}) == "1"
    assert "none" not in pf.placeholders(schema.by_name["funding"], schema)


# --- Enumerations: the template and the bot agree --------------------------------


def test_every_switch_key_means_the_same_value_to_the_bot(schema):
    for enum in schema.enums.values():
        for value_id, keys in pf.enum_keys(enum).items():
            for key in keys:
                assert enum.lookup(key) == value_id, (enum.name, key)


def test_every_spelling_in_the_schema_is_recognised_by_the_template_lower_cased(schema):
    for enum in schema.enums.values():
        keys = {key: value_id for value_id, ks in pf.enum_keys(enum).items() for key in ks}
        for item in enum.values:
            for spelling in (item.id, item.label, *item.spellings):
                lowered = " ".join(spelling.lower().split())
                if pf.spelling_keys(spelling):
                    assert keys.get(lowered) == enum.lookup(spelling), (enum.name, spelling)


def test_spelling_variants_cover_hyphens_spaces_and_a_plural():
    assert {"on hold", "on-hold", "onhold", "on holds"} <= set(pf.spelling_keys("On hold"))
    assert pf.spelling_keys("a|b") == [] and pf.spelling_keys("#default") == []


def test_a_recognised_value_shows_its_label_and_an_unknown_one_shows_as_written(schema):
    status = schema.by_name["status"]
    assert expand(display(status, schema), {"status": "Ongoing"}) == "Active"
    assert expand(display(status, schema), {"state": "on-hold"}) == "On hold"
    assert expand(display(status, schema), {"status": "Strategic"}) == "Strategic"


def test_one_plain_user_name_is_linked_and_markup_is_left_alone(schema):
    contact = schema.by_name["contact"]
    assert expand(display(contact, schema), {"contact": "May Hachem"}) == "[[User:May Hachem|May Hachem]]"
    assert expand(display(contact, schema), {"contact": "[[User:Example|Ex]]"}) == "[[User:Example|Ex]]"
    assert expand(display(schema.by_name["wikidata"], schema), {"qid": "Q936"}) == "[[wikidata:Q936|Q936]]"


# --- Rows --------------------------------------------------------------------------


def test_rows_appear_only_for_filled_fields_with_their_labels(schema):
    shown = expand(rows(schema), {"partner": "Kiwix", "start_date": "2018", "end": ""})
    assert "Partner\n| style" in shown and "Start date" in shown
    assert "End date" not in shown and "Wikidata item" not in shown


def test_rows_follow_each_other_without_blank_lines(schema):
    shown = expand(rows(schema), {spec.name: "x" for spec in schema.fields})
    assert "\n\n" not in shown and shown.count("<nowiki/>\n|-\n") == len(schema.fields) - 1


# --- Categories ------------------------------------------------------------------


def page_categories(schema, args, *, ns=0, deploy=None, scope=None) -> list[str]:
    return cats(expand(categories(schema, deploy or DeploySettings(), scope or RegistryScope()), args, ns=ns))


COMPLETE = {"name": "N", "partner": "P", "type": "alliance", "level": "global", "status": "ongoing"}


def test_a_complete_page_is_in_the_main_type_and_status_categories(schema):
    assert page_categories(schema, COMPLETE) == [
        "Partnerships",
        "Partnerships with type Alliance",
        "Partnerships with status Active",
    ]


def test_an_empty_required_field_files_the_page_in_the_tracking_category(schema):
    assert "Partnerships with missing information" in page_categories(schema, {**COMPLETE, "partner": ""})
    assert "Partnerships with missing information" in page_categories(schema, {**COMPLETE, "partner": "TBD"})


def test_measures_of_success_are_required_only_for_partnerships(schema):
    partnership = {**COMPLETE, "type": "Partnership agreement"}
    assert "Partnerships with missing information" in page_categories(schema, partnership)
    assert "Partnerships with missing information" not in page_categories(
        schema, {**partnership, "success": "500 images"}
    )
    assert "Partnerships with missing information" not in page_categories(schema, COMPLETE)


def test_an_unknown_value_goes_to_a_tracking_category_never_to_a_junk_one(schema):
    found = page_categories(schema, {**COMPLETE, "type": "strategic", "funding": "lots"})
    assert "Partnerships with unrecognised values" in found
    assert not any("strategic" in c.lower() for c in found)


def test_nothing_is_categorised_outside_the_registrys_namespaces(schema):
    assert page_categories(schema, COMPLETE, ns=10) == []
    assert page_categories(schema, COMPLETE, ns=2) == []
    assert page_categories(schema, COMPLETE, ns=2, scope=RegistryScope(namespaces=())) != []
    assert page_categories(schema, COMPLETE, ns=10, scope=RegistryScope(namespaces=())) == []


def test_category_names_follow_the_deploy_settings(schema):
    deploy = DeploySettings(category="Registry", value_category="{value} ({field})", category_fields=("level",))
    assert page_categories(schema, COMPLETE, deploy=deploy) == ["Registry", "Global (level)"]


def test_pages_sort_by_their_title_after_the_prefix(schema):
    text = expand(categories(schema, DeploySettings(), RegistryScope()), COMPLETE, page="Partnerships/Kiwix")
    assert "[[Category:Partnerships|Kiwix]]" in text


def test_the_whole_template_renders_an_infobox_and_categories(schema, template_text):
    text = expand(
        template_text, {"title": "Sample", "partner": "Kiwix", "kind": "ally", "scope": "global", "state": "dormant"}
    )
    assert text.startswith('{| class="infobox') and '! colspan="2"' in text
    assert "Sample<nowiki/>" in text and "On hold" in text
    assert cats(text) == ["Partnerships", "Partnerships with type Alliance", "Partnerships with status On hold"]
