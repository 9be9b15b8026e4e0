"""The generated parts of the template's documentation and of the preload.

The parameter table and the tables of accepted values are declarations run
by the one table engine (:mod:`bot.core.render.engine`); the skeleton (a blank
call with every parameter) is shared by the documentation's usage section
and the preload, and the example (every field's example from the schema)
is shown as code and rendered live. The live example is on the doc page,
outside the registry's namespaces, so it is never categorised.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import DeploySettings, RegistryScope
from bot.core.onwiki.categories import check_category
from bot.core.render.engine import Column, Link, Table, Text, heading, render_table
from bot.core.render.escape import escape, wikilink
from bot.core.schema import REGION_ENUM, EnumValue, FieldSpec, Role, Schema, ValueType

TYPE_WORDS = {
    ValueType.TEXT: "text",
    ValueType.ENUM: "one of the values listed below",
    ValueType.DATE: "a date: a year, a month or a full date (2018, 2018-05, 2018-05-14)",
    ValueType.COUNTRY: "country names or ISO codes, separated by commas",
    ValueType.REGION: "Wikimedia regions (listed below) or continents, separated by commas",
    ValueType.USER: "wiki user names, as links or {{u|Name}}",
    ValueType.URL: "a web address (https://...)",
    ValueType.WIKIDATA: "a Wikidata item id such as Q936",
}


def call(schema: Schema, values: dict[str, str]) -> str:
    """A block-format call ``{{Partnership\\n| name = value\\n...}}`` with aligned ``=``."""
    width = max(len(spec.name) for spec in schema.fields)
    lines = [f"| {spec.name:<{width}} = {values.get(spec.name, '')}".rstrip() for spec in schema.fields]
    return "{{" + schema.template + "\n" + "\n".join(lines) + "\n}}"


def skeleton(schema: Schema) -> str:
    """A blank call with every parameter, in the schema's order (VisualEditor shows them all)."""
    return call(schema, {})


PRELOAD_NAME = "{{subst:#titleparts:{{subst:PAGENAME}}|1|-1}}"
"""The page title's last part, written into the new page when it is first saved."""


def preload_call(schema: Schema) -> str:
    """The skeleton of a new page: blank, but the name prefilled from the title the editor just typed.

    MediaWiki copies a preload into the edit box without expanding templates
    (``<includeonly>`` tags removed), so the box holds
    ``{{subst:#titleparts:{{subst:PAGENAME}}|1|-1}}``, which runs when the new
    page is first saved: the saved page holds the name as text. Saving the
    preload page itself substitutes nothing: MediaWiki's pre-save transform
    leaves ``<includeonly>`` and ``<pre>`` alone (checked on MediaWiki 1.39).
    """
    title = schema.role_name(Role.TITLE)
    return call(schema, {title: PRELOAD_NAME} if title else {})


def filter_table(schema: Schema) -> str:
    """The filters of {{Partnerships list}} and {{Partnerships count}}: one per field, with its values."""

    def accepted(spec: FieldSpec) -> str:
        enum = schema.enumeration(spec)
        if enum is not None:
            return ", ".join(f"{v.id} ({v.label})" for v in enum.values) + "; or any spelling the infobox accepts"
        return FILTER_WORDS.get(ValueType(spec.type), "text (case does not matter)")

    table: Table[FieldSpec] = Table(
        columns=[
            Column("Filter", lambda s: Text(s.name)),
            Column("Also accepted", lambda s: Text(", ".join(s.aliases))),
            Column("Field", lambda s: Text(s.label)),
            Column("Values", lambda s: Text(accepted(s))),
        ],
        rows=list(schema.fields),
        css_class="wikitable",
    )
    return render_table(table)


def list_example(schema: Schema, deploy: DeploySettings) -> str:
    """One short example call (by status), as code."""
    spec = schema.role(Role.STATUS) or schema.fields[0]
    enum = schema.enumeration(spec)
    value = enum.values[min(1, len(enum.values) - 1)].id if enum is not None and enum.values else "..."
    return f"<code><nowiki>{{{{{deploy.list_template}|{spec.name}={value}}}}}</nowiki></code>"


def list_examples(schema: Schema, deploy: DeploySettings) -> str:
    """Example calls of {{Partnerships list}}, made of the schema's own field names and values."""

    def name(role: Role) -> str | None:
        return schema.role_name(role)

    def first_id(role: Role, index: int = 0) -> str | None:
        spec = schema.role(role)
        enum = schema.enumeration(spec) if spec is not None else None
        return enum.values[min(index, len(enum.values) - 1)].id if enum is not None and enum.values else None

    def code(call: str) -> str:
        return "<code><nowiki>" + call.replace("<", "&lt;") + "</nowiki></code>"

    lst, cnt = deploy.list_template, deploy.count_template
    lines = []
    regions, status = name(Role.REGIONS), name(Role.STATUS)
    if regions and status:
        call = f"{{{{{lst}|{regions}={first_id(Role.REGIONS)}|{status}={first_id(Role.STATUS, 1)}}}}}"
        lines.append(f"* {code(call)}: one region's partnerships with that status.")
    entities, start = name(Role.ENTITIES), name(Role.START)
    if entities and start:
        call = f"{{{{{lst}|{entities}=Wikimedia Deutschland|sort=-{start}}}}}"
        lines.append(f"* {code(call)}: one affiliate's partnerships, newest first.")
    countries, title = name(Role.COUNTRIES), name(Role.TITLE)
    if countries and title and status:
        call = f"{{{{{lst}|{countries}=Kenya, Uganda|columns={title}, {status}|limit=10}}}}"
        lines.append(f"* {code(call)}: partnerships in Kenya or Uganda, two columns, at most ten rows.")
    if start:
        lines.append(f"* {code(f'{{{{{lst}|{start}=2019}}}}')}: the partnerships that started in 2019.")
    end = name(Role.END)
    if end:
        lines.append(f"* {code(f'{{{{{lst}|{end}=-}}}}')}: those without an end date.")
    if status:
        call = f"{{{{{cnt}|{status}={first_id(Role.STATUS, 1)}}}}}"
        lines.append(f"* {code(call)} gives a number (usable in <code>#expr</code>).")
    return "\n".join(lines)


FILTER_WORDS = {
    ValueType.DATE: "a year (2019), a month (2019-05) or a day (2019-05-31): the dates that start with it",
    ValueType.COUNTRY: "a country name or ISO code (Kenya, KE, KEN)",
    ValueType.USER: "a user name, with or without User:",
    ValueType.WIKIDATA: "a Wikidata item id (Q936)",
    ValueType.URL: "a web address, exactly as the bot stored it",
}


def example_call(schema: Schema) -> str:
    """A call with every field's example value from the schema."""
    return call(schema, {spec.name: spec.example for spec in schema.fields if spec.example})


def code_block(text: str) -> str:
    """``text`` shown as code: ``<pre>`` renders character references, so ``&`` and ``<`` are encoded."""
    return "<pre>\n" + text.replace("&", "&amp;").replace("<", "&lt;") + "\n</pre>"


def requirement_words(spec: FieldSpec) -> str:
    if spec.requirement == "required":
        return "required"
    if spec.required_when is not None:
        return f"required when {spec.required_when.field} is {spec.required_when.equals}"
    return spec.requirement


def value_words(spec: FieldSpec) -> str:
    words = TYPE_WORDS.get(ValueType(spec.type), spec.type)
    if spec.list and spec.type in (ValueType.TEXT, ValueType.ENUM):
        words += "; several values allowed" if spec.type == ValueType.TEXT else " (several, separated by commas)"
    if spec.fallback == "title":
        words += "; defaults to the last part of the page title"
    return words


def parameter_table(schema: Schema) -> str:
    """Every parameter: name, aliases, label, description, status, values, example."""
    table: Table[FieldSpec] = Table(
        columns=[
            Column("Parameter", lambda s: Text(s.name)),
            Column("Also accepted", lambda s: Text(", ".join(s.aliases))),
            Column("Label", lambda s: Text(s.label)),
            Column("Description", lambda s: Text(s.description)),
            Column("Status", lambda s: Text(requirement_words(s))),
            Column("Value", lambda s: Text(value_words(s))),
            Column("Example", lambda s: Text(s.example)),
        ],
        rows=list(schema.fields),
        css_class="wikitable",
    )
    return render_table(table)


@dataclass(frozen=True)
class _ValueRow:
    value: EnumValue
    category: str | None


def values_section(schema: Schema, deploy: DeploySettings) -> str:
    """One table per field with an enumeration: each value's label, other spellings and category."""
    parts = []
    for spec in schema.fields:
        enum = schema.enums.get(spec.enum) if spec.enum else None
        if enum is None:
            continue
        categorised = spec.name in deploy.fields_for(schema)
        rows = [
            _ValueRow(item, check_category(deploy.value_category_for(spec.name, item.label)) if categorised else None)
            for item in enum.values
        ]
        columns: list[Column[_ValueRow]] = [
            Column("Value", lambda r: Text(r.value.label)),
            Column("Also accepted", lambda r: Text(", ".join(_others(r.value)))),
        ]
        if categorised:
            columns.append(Column("Category", lambda r: Link(f"Category:{r.category}", f"Category:{r.category}")))
        parts.append(heading(Text(f"{spec.label} ({spec.name})"), level=3))
        if spec.list:
            parts.append("Several values are allowed, separated by commas.")
        parts.append(render_table(Table(columns=columns, rows=rows, css_class="wikitable")))
        if spec.type == ValueType.REGION and schema.region_groups:
            parts.append(_region_groups(schema))
    return "\n".join(parts)


def _others(item: EnumValue) -> list[str]:
    seen = {item.label.casefold()}
    others = []
    for spelling in (item.id, *item.spellings):
        if spelling.casefold() not in seen:
            seen.add(spelling.casefold())
            others.append(spelling)
    return others


def _region_groups(schema: Schema) -> str:
    labels = {item.id: item.label for item in schema.enums[REGION_ENUM].values}
    lines = ["A continent stands for the regions it covers (the bot notes which it assumed):"]
    for group in schema.region_groups:
        lines.append(f"* {escape(group.name)}: " + ", ".join(escape(labels[r]) for r in group.regions))
    return "\n".join(lines)


def categories_section(schema: Schema, deploy: DeploySettings, scope: RegistryScope) -> str:
    """The categories the template adds, as a list of links (never categorising the doc page)."""

    def link(name: str) -> str:
        return wikilink(f"Category:{check_category(name)}", f"Category:{name}")

    lines = [f"* {link(deploy.category)}: every partnership page."]
    for name in deploy.fields_for(schema):
        enum = schema.enumeration(schema.by_name[name])
        if enum is None:
            continue
        spec = schema.by_name[name]
        names = [link(deploy.value_category_for(name, item.label)) for item in enum.values]
        lines.append(f"* One category per {spec.label.lower()} ({name}): " + ", ".join(names) + ".")
    required = [spec.name for spec in schema.fields if spec.requirement == "required"]
    conditional = [
        f"{spec.name} when {spec.required_when.field} is {spec.required_when.equals}"
        for spec in schema.fields
        if spec.required_when is not None
    ]
    lines.append(
        f"* {link(deploy.missing_category)}: a required field is empty or holds only a placeholder "
        f"such as ? or TBD ({', '.join(required + conditional)})."
    )
    checked = [spec.name for spec in schema.fields if spec.type == ValueType.ENUM and not spec.list]
    lines.append(
        f"* {link(deploy.unknown_category)}: {', '.join(checked)} holds a value that is not in the "
        "tables above (the bot's problems page says which)."
    )
    where = (
        ", ".join("the main namespace" if n == 0 else f"namespace {n}" for n in scope.namespaces)
        if scope.namespaces
        else "every namespace but Template"
    )
    lines.append(
        f"Pages are categorised only in {where}, where the registry lives; this documentation, "
        "the template itself and drafts elsewhere are not."
    )
    return "\n".join(lines)
