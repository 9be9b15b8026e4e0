"""The infobox and the categories of ``{{Partnership}}``, generated from the schema.

The infobox shows every filled field under its label, in the schema's
order; the name is the heading (the page title's last part when no name is
given, as the bot does). Values are shown as the editor wrote them, with
three exceptions that make links or read better:

* a single-valued enumeration shows its label when recognised
  (``status = ongoing`` shows "Active"), else the text as written;
* a ``user`` field holding one plain name links to that user's page
  (links and ``{{u|...}}`` the editor wrote are kept as they are);
* a ``wikidata`` field holding one plain item id links to Wikidata.

A "plain" value is one that is a valid page title: ``{{FULLPAGENAME:...}}``
is empty for text with ``[ ] { } < > |`` or a line break. Several plain
names separated by commas still look like one title; the documentation asks
editors to write several contacts as links or one per line.

Rows are wikitext table rows inside ``#if``. ``#if`` trims its result, so
each row starts with ``<nowiki/>`` (not white space, so it survives the
trim, and it renders as nothing) followed by the line break that the table
syntax needs; an empty field leaves no blank line, which would add an empty
paragraph to the box. This is template code, not a data table, so it does
not go through :mod:`bot.core.render.engine`.
"""

from __future__ import annotations

from bot.config import DeploySettings, RegistryScope
from bot.core.onwiki import parserfunctions as pf
from bot.core.render.escape import escape, is_safe_title
from bot.core.schema import FieldSpec, Role, Schema, ValueType
from bot.errors import ConfigError

LABEL_STYLE = "text-align:left; vertical-align:top; padding-right:0.6em; white-space:nowrap;"
DATA_STYLE = "vertical-align:top;"
TEMPLATE_NAMESPACE = 10


def name_heading(schema: Schema) -> str:
    """The infobox heading: the name, or the page title's last part."""
    spec = schema.by_name[heading_field(schema)]
    fallback = "{{#titleparts:{{PAGENAME}}|1|-1}}"
    return "{{#if:" + pf.value(spec) + "|" + pf.value(spec) + "|" + fallback + "}}"


def heading_field(schema: Schema) -> str:
    """The field with the ``title`` role (else the first field): what the infobox shows as its heading."""
    return schema.role_name(Role.TITLE) or schema.fields[0].name


def display(spec: FieldSpec, schema: Schema) -> str:
    """How a field's value is shown in its row."""
    subject = pf.value(spec)
    if spec.type == ValueType.ENUM and not spec.list and spec.enum in schema.enums:
        enum = schema.enums[spec.enum]
        keys = pf.enum_keys(enum)
        cases = [(keys[item.id], escape(item.label, at_line_start=False)) for item in enum.values]
        return pf.switch(pf.lowered(spec), cases, default=subject)
    if spec.type == ValueType.USER:
        return "{{#if:{{FULLPAGENAME:User:" + subject + "}}|[[User:" + subject + "|" + subject + "]]|" + subject + "}}"
    if spec.type == ValueType.WIKIDATA:
        return "{{#if:{{FULLPAGENAME:" + subject + "}}|[[wikidata:" + subject + "|" + subject + "]]|" + subject + "}}"
    return subject


def row(spec: FieldSpec, schema: Schema) -> str:
    """One row, shown only when the field is filled."""
    label = escape(spec.label, at_line_start=False)
    return (
        "{{#if:" + pf.value(spec) + "|<nowiki/>\n{{!}}-\n"
        f'! scope="row" style="{LABEL_STYLE}" {{{{!}}}} {label}\n'
        f'{{{{!}}}} style="{DATA_STYLE}" {{{{!}}}} ' + display(spec, schema) + "}}"
    )


def rows(schema: Schema) -> str:
    """Every field's row but the heading's, in the schema's order, on consecutive lines."""
    skip = heading_field(schema)
    return "".join(row(spec, schema) for spec in schema.fields if spec.name != skip)


# --- Categories ---------------------------------------------------------------


def category_link(name: str, sort_key: str) -> str:
    return f"[[Category:{name}{'|' + sort_key if sort_key else ''}]]"


def sort_key(scope: RegistryScope) -> str:
    """Sort pages by their title after the registry's prefix (``Partnerships/Kiwix`` -> ``Kiwix``).

    ``#titleparts`` counts segments, so this works when the prefix ends with
    ``/``; with any other prefix pages sort by their full title.
    """
    prefix = scope.prefix
    if not prefix.endswith("/"):
        return ""
    first = prefix.count("/") + 1
    return "{{#titleparts:{{PAGENAME}}||" + str(first) + "}}"


def check_category(name: str) -> str:
    if not is_safe_title(name) or "|" in name:
        raise ConfigError(
            f"config/bot.toml: [deploy] gives '{name}', which is not a valid category name; "
            "change value_category or the schema's label"
        )
    return name


def categories(schema: Schema, deploy: DeploySettings, scope: RegistryScope) -> str:
    """The category links, emitted only on pages in the registry's namespaces.

    The template page itself, its documentation (with its live example) and
    drafts in other namespaces are therefore never categorised. With no
    namespace limit, every namespace but Template's is.
    """
    key = sort_key(scope)
    parts = [category_link(check_category(deploy.category), key)]
    unknown = category_link(check_category(deploy.unknown_category), key)
    for spec in schema.fields:
        if spec.type != ValueType.ENUM or spec.list or spec.enum not in schema.enums:
            continue
        enum = schema.enums[spec.enum]
        keys = pf.enum_keys(enum)
        categorised = spec.name in deploy.fields_for(schema)
        cases = [
            (
                keys[item.id],
                category_link(check_category(deploy.value_category_for(spec.name, item.label)), key)
                if categorised
                else "",
            )
            for item in enum.values
        ]
        cases.append((pf.placeholders(spec, schema), ""))
        parts.append(pf.switch(pf.lowered(spec), cases, default="{{#if:" + pf.value(spec) + "|" + unknown + "}}"))
    parts.append("{{#if:" + missing(schema) + "|" + category_link(check_category(deploy.missing_category), key) + "}}")
    body = "".join(parts)
    if scope.namespaces:
        return "{{#switch:{{NAMESPACENUMBER}}|" + "|".join(str(n) for n in scope.namespaces) + "=" + body + "}}"
    return "{{#switch:{{NAMESPACENUMBER}}|" + str(TEMPLATE_NAMESPACE) + "=|#default=" + body + "}}"


def missing(schema: Schema) -> str:
    """Non-empty when a required field (or a conditionally required one) is empty."""
    parts = []
    for spec in schema.fields:
        absent = "{{#if:" + pf.present(spec, schema) + "||1}}"
        if spec.requirement == "required":
            parts.append(absent)
        elif spec.required_when is not None:
            parts.append(condition(spec, schema, absent))
    return "".join(parts)


def condition(spec: FieldSpec, schema: Schema, then: str) -> str:
    """``then`` when the field named by ``required_when`` has the value it names."""
    when = spec.required_when
    assert when is not None
    other = schema.by_name[when.field]
    enum = schema.enums.get(other.enum) if other.enum else None
    if enum is not None and when.equals in enum.ids:
        return pf.switch(pf.lowered(other), [(pf.enum_keys(enum)[when.equals], then)])
    return "{{#ifeq:" + pf.lowered(other) + "|" + when.equals.lower() + "|" + then + "}}"
