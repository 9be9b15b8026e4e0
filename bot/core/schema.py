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
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.core.textkeys import match_key, param_key
from bot.core.tomlfile import read_toml
from bot.errors import SchemaError
from bot.paths import SCHEMA_PATH


class ValueType(StrEnum):
    """The value types a field can have (``type =`` in the schema); each has a normaliser."""

    TEXT = "text"
    ENUM = "enum"
    DATE = "date"
    COUNTRY = "country"
    REGION = "region"
    USER = "user"
    URL = "url"
    WIKIDATA = "wikidata"


VALUE_TYPES = tuple(ValueType)
REQUIREMENTS = ("required", "suggested", "optional")
REGION_ENUM = "region"
"""The enumeration that region fields use; ``config/countries.toml`` maps countries into it."""


class Role(StrEnum):
    """What a field means to the bot, independent of its name (``role =`` in the schema).

    Code outside this module never names a field: it asks for the field with
    a role (:meth:`Schema.role`), so renaming a field in ``config/schema.toml``
    changes nothing else. Each role belongs to at most one field, of the
    value types listed in :data:`ROLE_TYPES`; a role no field has switches off
    what depends on it (an audit says so, an overview section is left out).
    """

    TITLE = "title"  # the partnership's name as readers see it
    PARTNERS = "partners"  # the outside organisations
    PARTNER_IDS = "partner-ids"  # Wikidata items of the partners
    ENTITIES = "movement-entities"  # the Wikimedia entities taking part
    KIND = "kind"  # alliance, partnership, collaboration, coalition
    LEVEL = "level"  # local ... global
    RELATION = "relation"  # internal or external
    REGIONS = "regions"  # Wikimedia regions
    COUNTRIES = "countries"  # countries (ISO codes)
    AREAS = "areas"  # what the partnership is about
    STATUS = "status"  # where it stands: potential ... ended
    START = "start"  # when it began
    END = "end"  # when it ended or will end
    CONTACTS = "contacts"  # whom to ask (user names)
    WEBSITE = "website"  # a URL
    REVIEWED = "reviewed"  # when someone last checked the entry


ROLE_TYPES: dict[Role, tuple[tuple[ValueType, ...], bool | None]] = {
    Role.TITLE: ((ValueType.TEXT,), False),
    Role.PARTNERS: ((ValueType.TEXT,), None),
    Role.PARTNER_IDS: ((ValueType.WIKIDATA,), None),
    Role.ENTITIES: ((ValueType.TEXT,), None),
    Role.KIND: ((ValueType.ENUM,), False),
    Role.LEVEL: ((ValueType.ENUM,), False),
    Role.RELATION: ((ValueType.ENUM,), False),
    Role.REGIONS: ((ValueType.REGION,), None),
    Role.COUNTRIES: ((ValueType.COUNTRY,), None),
    Role.AREAS: ((ValueType.ENUM,), None),
    Role.STATUS: ((ValueType.ENUM,), False),
    Role.START: ((ValueType.DATE,), False),
    Role.END: ((ValueType.DATE,), False),
    Role.CONTACTS: ((ValueType.USER,), None),
    Role.WEBSITE: ((ValueType.URL,), None),
    Role.REVIEWED: ((ValueType.DATE,), False),
}
"""For each role: the value types its field may have, and whether it must be a list (None: either)."""
DEFAULT_SCHEMA_PATH = SCHEMA_PATH


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
    role: Role | None = None
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
    def _roles(self) -> dict[Role, FieldSpec]:
        return {f.role: f for f in self.fields if f.role is not None}

    def role(self, role: Role) -> FieldSpec | None:
        """The field with ``role``, or None when the schema gives that role to no field."""
        return self._roles.get(role)

    def role_name(self, role: Role) -> str | None:
        """The name of the field with ``role`` (None when there is none)."""
        spec = self._roles.get(role)
        return spec.name if spec is not None else None

    def enumeration(self, spec: FieldSpec) -> Enumeration | None:
        """The enumeration of an ``enum`` or ``region`` field, or None."""
        return self.enums.get(spec.enum) if spec.enum else None

    @property
    def region_ids(self) -> tuple[str, ...]:
        """The ids of the region enumeration (empty when the schema has none)."""
        enum = self.enums.get(REGION_ENUM)
        return enum.ids if enum is not None else ()

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
        raise SchemaError(
            f"schema: field '{name}' has requirement {requirement!r}; use one of {', '.join(REQUIREMENTS)}"
        )
    enum = data.get("enum")
    if type_ == ValueType.ENUM and enum not in enums:
        raise SchemaError(f"schema: field '{name}' names enumeration {enum!r}, which is not defined under [enums]")
    when = data.get("required_when")
    condition = None
    if when is not None:
        if not isinstance(when, dict) or set(when) != {"field", "equals"}:
            raise SchemaError(f"schema: field '{name}': required_when needs exactly 'field' and 'equals'")
        condition = Condition(str(when["field"]), str(when["equals"]))
    role = data.get("role")
    if role is not None and role not in {r.value for r in Role}:
        raise SchemaError(f"schema: field '{name}' has role {role!r}; use one of {', '.join(r.value for r in Role)}")
    known = {
        "name",
        "type",
        "aliases",
        "list",
        "enum",
        "requirement",
        "required_when",
        "fallback",
        "not_before",
        "keep_placeholders",
        "role",
        "label",
        "description",
        "example",
    }
    unknown = set(data) - known
    if unknown:
        raise SchemaError(f"schema: field '{name}' has unknown keys: {', '.join(sorted(unknown))}")
    return FieldSpec(
        name=name,
        type=type_,
        aliases=_tuple(data, "aliases"),
        list=bool(data.get("list", False)),
        enum=enum if type_ == ValueType.ENUM else (REGION_ENUM if type_ == ValueType.REGION else None),
        requirement=requirement,
        required_when=condition,
        fallback=data.get("fallback"),
        not_before=data.get("not_before"),
        keep_placeholders=_tuple(data, "keep_placeholders"),
        role=Role(role) if role is not None else None,
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
                raise SchemaError(
                    f"schema: parameter name '{name}' of field '{spec.name}' is already used by field '{seen[key]}'"
                )
            seen[key] = spec.name
        if spec.not_before and spec.not_before not in {f.name for f in schema.fields}:
            raise SchemaError(f"schema: field '{spec.name}' has not_before an unknown field '{spec.not_before}'")
        if spec.required_when and spec.required_when.field not in {f.name for f in schema.fields}:
            raise SchemaError(
                f"schema: field '{spec.name}' is required_when an unknown field '{spec.required_when.field}'"
            )
    roles: dict[Role, str] = {}
    for spec in schema.fields:
        if spec.role is None:
            continue
        if spec.role in roles:
            raise SchemaError(
                f"schema: fields '{roles[spec.role]}' and '{spec.name}' both have role '{spec.role}'; "
                "give each role to one field"
            )
        roles[spec.role] = spec.name
        types, is_list = ROLE_TYPES[spec.role]
        if spec.type not in types or (is_list is not None and spec.list != is_list):
            shape = "" if is_list is None else (" list" if is_list else " single-valued")
            raise SchemaError(
                f"schema: field '{spec.name}' has role '{spec.role}', which needs a{shape} field of "
                f"type {' or '.join(types)} (it is a{' list' if spec.list else ''} {spec.type} field)"
            )
    if any(spec.type == ValueType.REGION for spec in schema.fields) and REGION_ENUM not in schema.enums:
        raise SchemaError(f"schema: region fields need the enumeration [[enums.{REGION_ENUM}]]")
    if REGION_ENUM in schema.enums:
        ids = set(schema.enums[REGION_ENUM].ids)
        for group in schema.region_groups:
            missing = set(group.regions) - ids
            if missing:
                raise SchemaError(f"schema: region group '{group.name}' names unknown regions {sorted(missing)}")


def load_schema(path: Path | str | None = None) -> Schema:
    """Read and check the schema file (default: ``config/schema.toml``)."""
    path = Path(path) if path else DEFAULT_SCHEMA_PATH
    data = read_toml(path, what="schema", error=SchemaError)
    return parse_schema(data)
