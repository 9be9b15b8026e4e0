"""Load ``config/schema.toml`` into typed, immutable objects.

The schema is the single description of the ``{{Partnership}}`` template:
its fields, their aliases and types, which are required, and the accepted
spellings of every enumeration. The extractor, the TemplateData and the
documentation are all driven by it, so nothing about fields lives in Python.

A broken schema is an operator's error: :func:`load_schema` raises
:class:`SchemaError` with one line that says what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.core.textkeys import match_key, param_key
from bot.core.tomlfile import read_toml
from bot.paths import SCHEMA_PATH

VALUE_TYPES = ("text", "enum", "date", "country", "region", "user", "url", "wikidata")
REQUIREMENTS = ("required", "suggested", "optional")
DEFAULT_SCHEMA_PATH = SCHEMA_PATH


class SchemaError(Exception):
    """The schema file is unusable; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class Condition:
    """``required_when``: the field is required when ``field`` equals ``equals``."""

    field: str
    equals: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One template field: its canonical name, aliases, type and requirement."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    list: bool = False
    enum: str | None = None
    requirement: str = "optional"
    required_when: Condition | None = None
    fallback: str | None = None
    not_before: str | None = None
    keep_placeholders: tuple[str, ...] = ()
    label: str = ""
    description: str = ""
    example: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases, in fall-back order."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class EnumValue:
    """One allowed value of an enumeration, with the spellings editors use."""

    id: str
    label: str
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RegionGroup:
    """A continent that expands to several Wikimedia regions."""

    name: str
    spellings: tuple[str, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Enumeration:
    """An enumeration and its spelling index (see :func:`bot.core.textkeys.match_key`)."""

    name: str
    values: tuple[EnumValue, ...]

    @cached_property
    def index(self) -> dict[str, str]:
        """Map from a spelling's match key to the canonical id."""
        index: dict[str, str] = {}
        for value in self.values:
            for spelling in (value.id, value.label, *value.spellings):
                index.setdefault(match_key(spelling), value.id)
        return index

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)

    @cached_property
    def _memo(self) -> dict[str, str | None]:
        return {}

    def lookup(self, text: str) -> str | None:
        """The canonical id for ``text``, or None when it is not recognised.

        Registries repeat the same few spellings thousands of times, so answers
        are remembered (the memo is bounded: it is emptied past 10,000 entries).
        """
        memo = self._memo
        if text not in memo:
            if len(memo) >= 10_000:
                memo.clear()
            memo[text] = self.index.get(match_key(text))
        return memo[text]


@dataclass(frozen=True, slots=True)
class TextRules:
    """How text values are cleaned: templates kept, list templates, placeholders."""

    formatting_templates: tuple[str, ...] = ()
    list_templates: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    file_namespaces: tuple[str, ...] = ()
    user_namespaces: tuple[str, ...] = ()
    user_templates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    """The whole template description."""

    version: int
    template: str
    redirects: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    enums: dict[str, Enumeration]
    region_groups: tuple[RegionGroup, ...]
    severities: dict[str, str]
    text: TextRules = field(default_factory=TextRules)

    @property
    def template_names(self) -> tuple[str, ...]:
        return (self.template, *self.redirects)

    @cached_property
    def template_keys(self) -> frozenset[str]:
        """Template names as MediaWiki compares them (see :func:`textkeys.title_key`)."""
        from bot.core.textkeys import title_key

        return frozenset(title_key(n) for n in self.template_names)

    @cached_property
    def by_name(self) -> dict[str, FieldSpec]:
        return {f.name: f for f in self.fields}

    @cached_property
    def param_index(self) -> dict[str, tuple[FieldSpec, int]]:
        """Map from a forgiving parameter key to (field, rank).

        Rank 0 is the canonical name, 1.. the aliases in order. The bot is more
        forgiving than MediaWiki: ``Start_Date``, ``start date`` and
        ``start_date`` all reach the same key (case, ``_`` and space ignored).
        """
        index: dict[str, tuple[FieldSpec, int]] = {}
        for spec in self.fields:
            for rank, name in enumerate(spec.names):
                index.setdefault(param_key(name), (spec, rank))
        return index

    @cached_property
    def all_param_names(self) -> tuple[str, ...]:
        return tuple(n for f in self.fields for n in f.names)

    def severity(self, code: str) -> str:
        return self.severities.get(code, "warning")


def _tuple(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"schema: '{key}' must be a list of strings (got {value!r})")
    return tuple(value)


def _field(data: dict[str, Any], enums: dict[str, Enumeration]) -> FieldSpec:
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise SchemaError(f"schema: a [[fields]] entry has no name: {data!r}")
    type_ = data.get("type")
    if type_ not in VALUE_TYPES:
        raise SchemaError(f"schema: field '{name}' has type {type_!r}; use one of {', '.join(VALUE_TYPES)}")
    requirement = data.get("requirement", "optional")
    if requirement not in REQUIREMENTS:
        raise SchemaError(f"schema: field '{name}' has requirement {requirement!r}; use one of {', '.join(REQUIREMENTS)}")
    enum = data.get("enum")
    if type_ == "enum" and enum not in enums:
        raise SchemaError(f"schema: field '{name}' names enumeration {enum!r}, which is not defined under [enums]")
    when = data.get("required_when")
    condition = None
    if when is not None:
        if not isinstance(when, dict) or set(when) != {"field", "equals"}:
            raise SchemaError(f"schema: field '{name}': required_when needs exactly 'field' and 'equals'")
        condition = Condition(str(when["field"]), str(when["equals"]))
    known = {"name", "type", "aliases", "list", "enum", "requirement", "required_when", "fallback", "not_before",
             "keep_placeholders", "label", "description", "example"}
    unknown = set(data) - known
    if unknown:
        raise SchemaError(f"schema: field '{name}' has unknown keys: {', '.join(sorted(unknown))}")
    return FieldSpec(
        name=name,
        type=type_,
        aliases=_tuple(data, "aliases"),
        list=bool(data.get("list", False)),
        enum=enum if type_ == "enum" else ("region" if type_ == "region" else None),
        requirement=requirement,
        required_when=condition,
        fallback=data.get("fallback"),
        not_before=data.get("not_before"),
        keep_placeholders=_tuple(data, "keep_placeholders"),
        label=str(data.get("label", name)),
        description=str(data.get("description", "")),
        example=str(data.get("example", "")),
    )


def parse_schema(data: dict[str, Any]) -> Schema:
    """Build a :class:`Schema` from the parsed TOML document, checking it."""
    try:
        enums = {
            name: Enumeration(
                name,
                tuple(EnumValue(str(v["id"]), str(v.get("label", v["id"])), _tuple(v, "spellings")) for v in values),
            )
            for name, values in data.get("enums", {}).items()
        }
        fields = tuple(_field(f, enums) for f in data.get("fields", []))
        groups = tuple(
            RegionGroup(str(g["name"]), _tuple(g, "spellings"), _tuple(g, "regions"))
            for g in data.get("region_groups", [])
        )
        template = data["template"]
        text = data.get("text", {})
        schema = Schema(
            version=int(data.get("version", 1)),
            template=str(template["name"]),
            redirects=_tuple(template, "redirects"),
            fields=fields,
            enums=enums,
            region_groups=groups,
            severities={str(k): str(v) for k, v in data.get("problems", {}).items()},
            text=TextRules(**{k: _tuple(text, k) for k in TextRules.__slots__ if k in text}),
        )
    except KeyError as exc:
        raise SchemaError(f"schema: missing key {exc}") from None
    _check(schema)
    return schema


def _check(schema: Schema) -> None:
    seen: dict[str, str] = {}
    for spec in schema.fields:
        for name in spec.names:
            key = param_key(name)
            if key in seen:
                raise SchemaError(f"schema: parameter name '{name}' of field '{spec.name}' is already used by field '{seen[key]}'")
            seen[key] = spec.name
        if spec.not_before and spec.not_before not in {f.name for f in schema.fields}:
            raise SchemaError(f"schema: field '{spec.name}' has not_before an unknown field '{spec.not_before}'")
        if spec.required_when and spec.required_when.field not in {f.name for f in schema.fields}:
            raise SchemaError(f"schema: field '{spec.name}' is required_when an unknown field '{spec.required_when.field}'")
    if "region" in schema.enums:
        ids = set(schema.enums["region"].ids)
        for group in schema.region_groups:
            missing = set(group.regions) - ids
            if missing:
                raise SchemaError(f"schema: region group '{group.name}' names unknown regions {sorted(missing)}")


def load_schema(path: Path | str | None = None) -> Schema:
    """Read and check the schema file (default: ``config/schema.toml``)."""
    path = Path(path) if path else DEFAULT_SCHEMA_PATH
    data = read_toml(path, what="schema", error=SchemaError)
    return parse_schema(data)
