"""Page snapshot -> :class:`Record` plus problems. Pure; driven by the schema.

The steps follow the spec (``shared/spec/registry.md``):

1. find the template (:mod:`bot.core.params`); none is ``no-template``, several is
   ``multiple-templates`` and the first is used;
2. choose each field's raw value (aliases, duplicates, unknown parameters);
3. clean it (comments, refs, Translate markers), treat blanks and
   placeholders (``?``, ``n/a``, ``TBD`` ...) as no value, split lists and
   normalise each item by the field's type;
4. add country-derived regions, check dates against each other, and report
   missing required and suggested fields.

Decisions the spec leaves open (also in ``docs/decisions.md``): a field
whose value was given but could not be used (an unknown status, say) gets
its ``unknown-value``/``invalid-*`` problem only, not a second
``missing-required`` one; the name falls back to the page's last title
segment and is still reported missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache

import mwparserfromhell
from mwparserfromhell.nodes import Text
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import USE_ONE_OF, Finding, Normalised, finding
from bot.core.normalise.country_table import CountryTable
from bot.core.normalise.dates import compare_dates, normalise_date
from bot.core.normalise.enums import normalise_enum
from bot.core.normalise.places import normalise_country, normalise_region, regions_of_countries
from bot.core.normalise.urls import normalise_url
from bot.core.normalise.users import normalise_user
from bot.core.normalise.wikidata import normalise_wikidata
from bot.core.params import find_templates, resolve_parameters
from bot.core.records import Problem, Record, Snapshot, Value
from bot.core.schema import FieldSpec, Role, Schema, ValueType
from bot.core.translations import is_translation_subpage
from bot.core.wikitext import plain_text, split_items, unique
from bot.core.wording import FieldLabel, say

# Types whose list items may also be separated by commas and semicolons.
_COMMA_TYPES = frozenset({ValueType.ENUM, ValueType.COUNTRY, ValueType.REGION, ValueType.USER, ValueType.WIKIDATA})

Normaliser = Callable[[Wikicode], Normalised]


def normaliser_for(spec: FieldSpec, schema: Schema, countries: CountryTable) -> Normaliser:
    """The function that normalises one item of ``spec``'s type (text: its plain text)."""
    rules = schema.text
    if spec.type == ValueType.ENUM:
        enum = schema.enums[spec.enum or ""]
        return lambda item: normalise_enum(item, enum, rules)
    if spec.type == ValueType.DATE:
        began, ended = schema.role_name(Role.START), schema.role_name(Role.END)
        fields = (began, ended) if began and ended else None
        return lambda item: normalise_date(item, rules, range_fields=fields)
    if spec.type == ValueType.COUNTRY:
        return lambda item: normalise_country(item, schema, countries)
    if spec.type == ValueType.REGION:
        return lambda item: normalise_region(item, schema, countries)
    if spec.type == ValueType.USER:
        return lambda item: normalise_user(item, rules)
    if spec.type == ValueType.URL:
        return lambda item: normalise_url(item, rules)
    if spec.type == ValueType.WIKIDATA:
        return lambda item: normalise_wikidata(item, rules)
    return lambda item: _text(item, schema)


def _text(item: Wikicode, schema: Schema) -> Normalised:
    text = plain_text(item, schema.text)
    return Normalised((text,)) if text else Normalised()


def _is_placeholder(code: Wikicode, spec: FieldSpec, schema: Schema) -> bool:
    """True for a blank value or one that is a whole placeholder word (``?``, ``TBD``).

    A value whose only content is a template (``{{u|X}}``, ``{{start date|…}}``)
    has no plain text but is not blank: its normaliser reads the template.
    """
    text = str(code).strip()
    if not text:
        return True
    if len(text) > _PLACEHOLDER_MAX:
        return False
    return plain_text(code, schema.text).casefold() in _placeholders(schema.text.placeholders, spec.keep_placeholders)


# The longest wikitext that can still be a placeholder word wrapped in markup.
_PLACEHOLDER_MAX = 40


@cache
def _placeholders(words: tuple[str, ...], keep: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words) - {k.casefold() for k in keep}


def _joined(a: Wikicode, b: Wikicode) -> Wikicode:
    return Wikicode([*a.nodes, Text(", "), *b.nodes])


def _normalise_items(items: list[Wikicode], fn: Normaliser, *, commas: bool) -> list[tuple[Wikicode, Normalised]]:
    """Normalise list items; re-join two comma-split items when only together they match.

    ``East, Southeast Asia and the Pacific`` is one region although it holds
    a comma: when an item is not recognised but it and the next one are,
    they were one item.
    """
    out: list[tuple[Wikicode, Normalised]] = []
    i = 0
    while i < len(items):
        result = fn(items[i])
        if commas and result.findings and not result.values and i + 1 < len(items):
            pair = _joined(items[i], items[i + 1])
            joined = fn(pair)
            if joined.values and not joined.findings:
                out.append((pair, joined))
                i += 2
                continue
        out.append((items[i], result))
        i += 1
    return out


class _PageProblems:
    """Collects problems for one page, adding page, field and severity."""

    def __init__(self, page: str, schema: Schema) -> None:
        self.page = page
        self.schema = schema
        self.items: list[Problem] = []

    def add(self, field: str | None, finding: Finding, value: str | None = None) -> None:
        self.items.append(
            Problem(
                page=self.page,
                field=field,
                code=finding.code,
                severity=finding.severity or self.schema.severity(finding.code),
                message=finding.message,
                value=finding.value if finding.value is not None else value,
                sentences=finding.sentences,
            )
        )


def last_title_segment(title: str) -> str:
    """``Partnerships/Wikimedia and OpenStreetMap`` -> ``Wikimedia and OpenStreetMap``."""
    return title.rstrip("/").rsplit("/", 1)[-1].strip() or title


def empty_values(schema: Schema) -> dict[str, Value]:
    return {f.name: (() if f.list else None) for f in schema.fields}


def extract(snapshot: Snapshot, schema: Schema, countries: CountryTable) -> Record:
    """Read one page: its record (every schema field present) and its problems.

    ``countries`` is the country table (:func:`bot.core.normalise.country_table.load_country_table`),
    loaded once and checked against ``schema``.
    """
    problems = _PageProblems(snapshot.title, schema)
    values = empty_values(schema)
    # Style tags are not parsed: with them, mwparserfromhell gives up on a page
    # whose values hold unbalanced bold or italic marks (common in editors'
    # text) and returns it as plain text, losing the template MediaWiki still
    # renders. plain_text() removes the apostrophe runs itself.
    code = mwparserfromhell.parse(snapshot.text, skip_style_tags=True)
    templates = find_templates(code, schema)
    if not templates:
        problems.add(
            None,
            finding("no-template", say("partnerships-problem-no-template", f"{{{{{schema.template}}}}}")),
        )
        return Record(snapshot.title, snapshot.revision, values, tuple(problems.items))
    if len(templates) > 1:
        problems.add(
            None,
            finding(
                "multiple-templates",
                say("partnerships-problem-multiple-templates", str(len(templates)), f"{{{{{schema.template}}}}}"),
            ),
            str(len(templates)),
        )

    raw = resolve_parameters(templates[0], schema)
    for item in raw.findings:
        problems.add(item.field, item.finding)

    given: set[str] = set()
    for spec in schema.fields:
        cleaned = raw.values.get(spec.name)
        if cleaned is None:
            continue
        if _is_placeholder(cleaned, spec, schema):
            continue
        before = len(problems.items)
        values[spec.name] = _normalise_field(spec, cleaned, schema, countries, problems, raw.raw[spec.name])
        if values[spec.name] or len(problems.items) > before:
            given.add(spec.name)
    _derive_regions(values, schema, countries)
    _check_order(values, schema, problems, raw.raw)
    _check_missing(values, given, schema, problems, snapshot.title)
    return Record(snapshot.title, snapshot.revision, values, tuple(problems.items), title=_title(values, schema))


def _title(values: dict[str, Value], schema: Schema) -> str:
    """The value of the field with the ``title`` role, when it is text."""
    spec = schema.role(Role.TITLE)
    value = values.get(spec.name) if spec is not None else None
    return value if isinstance(value, str) else ""


def _normalise_field(
    spec: FieldSpec, cleaned: Wikicode, schema: Schema, countries: CountryTable, problems: _PageProblems, raw: str
) -> Value:
    fn = normaliser_for(spec, schema, countries)
    if not spec.list:
        result = fn(cleaned)
        for finding in result.findings:
            problems.add(spec.name, finding, raw)
        return result.value
    commas = spec.type in _COMMA_TYPES
    items = split_items(cleaned, schema.text, commas=commas)
    collected: list[str] = []
    for item, result in _normalise_items(items, fn, commas=commas):
        for finding in result.findings:
            problems.add(spec.name, finding, str(item).strip())
        collected.extend(result.values)
    return unique(collected)


def _derive_regions(values: dict[str, Value], schema: Schema, table: CountryTable) -> None:
    """A record's regions are the ones given plus those of its countries."""
    countries = [c for f in schema.fields if f.type == ValueType.COUNTRY for c in (values[f.name] or ())]
    if not countries:
        return
    derived = regions_of_countries(countries, table)
    for spec in schema.fields:
        if spec.type == ValueType.REGION and spec.list:
            values[spec.name] = unique([*(values[spec.name] or ()), *derived])


def _check_order(values: dict[str, Value], schema: Schema, problems: _PageProblems, raw: dict[str, str]) -> None:
    for spec in schema.fields:
        if not spec.not_before:
            continue
        later, earlier = values.get(spec.name), values.get(spec.not_before)
        if isinstance(later, str) and isinstance(earlier, str) and (compare_dates(later, earlier) or 0) < 0:
            problems.add(
                spec.name,
                finding(
                    "end-before-start",
                    say("partnerships-problem-end-before-start", spec.name, later, spec.not_before, earlier),
                    value=raw.get(spec.name),
                ),
            )


def _requirement(spec: FieldSpec, values: dict[str, Value]) -> str:
    when = spec.required_when
    if when and values.get(when.field) == when.equals:
        return "required"
    return spec.requirement


def _check_missing(
    values: dict[str, Value], given: set[str], schema: Schema, problems: _PageProblems, title: str
) -> None:
    for spec in schema.fields:
        if spec.name in given or values[spec.name]:
            continue
        requirement = _requirement(spec, values)
        if spec.fallback == "title":
            values[spec.name] = last_title_segment(title)
        if requirement == "optional":
            continue
        problems.add(spec.name, _missing_finding(spec, requirement, values, schema))


def _missing_finding(spec: FieldSpec, requirement: str, values: dict[str, Value], schema: Schema) -> Finding:
    if spec.required_when and requirement == "required" and spec.requirement != "required":
        when = spec.required_when
        sentences = [say("partnerships-problem-missing-required-when", spec.name, when.field, when.equals)]
    elif requirement == "required":
        sentences = [say("partnerships-problem-missing-required", spec.name)]
    else:
        sentences = [say("partnerships-problem-missing-suggested", spec.name)]
    if spec.type == ValueType.ENUM and spec.enum in schema.enums:
        sentences.append(say(USE_ONE_OF, ", ".join(schema.enums[spec.enum].ids)))
    elif spec.description:
        # The schema's descriptions are English only: other languages name the field's label instead.
        label = FieldLabel(spec.name, spec.label)
        sentences.append(say("partnerships-problem-field-label", label, english=spec.description))
    if spec.fallback == "title":
        sentences.append(say("partnerships-problem-title-fallback", str(values[spec.name])))
    return finding("missing-required", *sentences, severity="error" if requirement == "required" else "info")


def extract_many(snapshots: Iterable[Snapshot], schema: Schema, countries: CountryTable) -> Iterator[Record]:
    """Records for every page that is not a translation subpage, in input order."""
    for snapshot in snapshots:
        if not is_translation_subpage(snapshot.title):
            yield extract(snapshot, schema, countries)
