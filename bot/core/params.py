"""From a page's wikitext to the raw value of every schema field.

This module finds the ``{{Partnership}}`` template (or a redirect to it) and
decides, for every field, which parameter supplies its value, the way
MediaWiki and the template would:

* Template names match as MediaWiki matches them: first letter
  case-insensitive, ``_`` = space, surrounding white space ignored.
* When the very same parameter name appears twice, MediaWiki keeps the last
  occurrence, blank or not; so do we, reporting ``duplicate-parameter``.
* When one field is given under several different names, the first
  non-blank one wins in the order canonical name, aliases (as listed), then
  spelling variants (``Start_Date`` for ``start_date``), two variants of the
  same name in code point order of their spelling (``START_DATE`` before
  ``Start_Date``: Lua sees a template's parameters in no particular order,
  so the position on the page cannot decide); that is the value
  Module:Partnerships displays, because it chooses by the same rule. The other
  non-blank ones are reported as duplicates; blank ones are harmless and not
  reported.
* A blank positional parameter (a stray ``|``) is ignored; a non-blank one is
  an unknown parameter named by its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default

from mwparserfromhell.nodes import Tag, Template
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import Finding, finding
from bot.core.schema import FieldSpec, Schema
from bot.core.textkeys import closest, param_key
from bot.core.wikitext import parse, strip_noise, template_name
from bot.core.wording import say

DISPLAY_OPTIONS = frozenset({"lang"})
"""Parameters of the template that are not fields: ``lang=`` chooses the infobox's language
(Module:Partnerships), so it is neither read into the record nor reported as unknown."""


@dataclass(frozen=True, slots=True)
class FieldFinding:
    """A finding about a template parameter, with the field (or raw name) it concerns."""

    field: str
    finding: Finding


@dataclass(frozen=True, slots=True)
class RawValues:
    """The chosen raw value of each field, plus what was wrong with the parameters."""

    values: dict[str, Wikicode]
    """The chosen value of each field, cleaned of comments, refs and Translate markers."""
    raw: dict[str, str]
    """The chosen value of each field as the editor typed it (trimmed)."""
    findings: tuple[FieldFinding, ...]
    names: dict[str, str] = default(default_factory=dict)
    """The parameter name each chosen value was given under (``Start_Date`` for ``start``)."""


def find_templates(code: Wikicode, schema: Schema) -> list[Template]:
    """Every partnership template on the page (redirects included), in page order.

    Templates inside ``<translate>`` or other tags count, and so do templates
    nested in another template's parameter (editors sometimes wrap the
    infobox in a layout template). The walk does not descend into a
    partnership template's own parameters: that is where most of a page's
    nodes are, and a partnership nested in a partnership is not a second one.
    """
    found: list[Template] = []
    _walk_templates(code, schema.template_keys, found)
    return found


def _walk_templates(code: Wikicode, keys: frozenset[str], found: list[Template]) -> None:
    for node in code.nodes:
        if isinstance(node, Template):
            if template_name(node) in keys:
                found.append(node)
            else:
                for param in node.params:
                    _walk_templates(param.value, keys, found)
        elif isinstance(node, Tag) and node.contents is not None:
            _walk_templates(node.contents, keys, found)


def _rank(spec: FieldSpec, raw_name: str, alias_rank: int) -> int:
    """0 for the canonical name, 1.. for aliases, beyond them for spelling variants."""
    return alias_rank if spec.names[alias_rank] == raw_name else len(spec.names) + alias_rank


def resolve_parameters(template: Template, schema: Schema) -> RawValues:
    """Choose the value of every field from the template's parameters."""
    findings: list[FieldFinding] = []
    last_by_name: dict[str, tuple[int, Wikicode]] = {}
    order: list[str] = []
    for position, param in enumerate(template.params):
        raw_name = str(param.name).strip()
        if not param.showkey:
            if str(strip_noise(param.value)).strip():
                text = str(param.value).strip()
                findings.append(
                    FieldFinding(
                        raw_name,
                        finding(
                            "unknown-parameter",
                            say("partnerships-problem-positional", raw_name, _short(text)),
                            value=text,
                        ),
                    )
                )
            continue
        if raw_name in last_by_name:
            earlier = str(last_by_name[raw_name][1]).strip()
            field = _field_name(raw_name, schema)
            findings.append(
                FieldFinding(
                    field,
                    finding(
                        "duplicate-parameter",
                        say(
                            "partnerships-problem-duplicate",
                            raw_name,
                            _short(str(param.value).strip()),
                            _short(earlier),
                        ),
                        value=earlier,
                    ),
                )
            )
        else:
            order.append(raw_name)
        last_by_name[raw_name] = (position, param.value)

    # Each value cleaned once: (rank, position, name, cleaned, blank, raw text).

    candidates: dict[str, list[tuple[int, int, str, Wikicode, bool, str]]] = {}
    for raw_name in order:
        position, value = last_by_name[raw_name]
        hit = schema.param_index.get(param_key(raw_name))
        if hit is None and param_key(raw_name) in DISPLAY_OPTIONS:
            continue
        if hit is None:
            findings.append(FieldFinding(raw_name, _unknown_parameter(raw_name, value, schema)))
            continue
        spec, alias_rank = hit
        cleaned = strip_noise(value)
        blank = not str(cleaned).strip()
        if raw_name not in spec.names:
            findings.append(FieldFinding(spec.name, _nonstandard_spelling(raw_name, spec)))
        candidates.setdefault(spec.name, []).append(
            (_rank(spec, raw_name, alias_rank), position, raw_name, cleaned, blank, str(value).strip())
        )

    values: dict[str, Wikicode] = {}
    raw: dict[str, str] = {}
    names: dict[str, str] = {}
    for field, given in candidates.items():
        given.sort(key=lambda g: (g[0], g[2].encode("utf-8")))
        filled = [g for g in given if not g[4]]
        chosen = filled[0] if filled else given[0]
        values[field] = chosen[3]
        raw[field] = chosen[5]
        names[field] = chosen[2]
        for _, _, other_name, _, _, other_value in filled[1:]:
            findings.append(
                FieldFinding(
                    field,
                    finding(
                        "duplicate-parameter",
                        say("partnerships-problem-duplicate-alias", field, chosen[2], other_name, _short(raw[field])),
                        value=other_value,
                    ),
                )
            )
    return RawValues(values, raw, tuple(findings), names)


def _nonstandard_spelling(raw_name: str, spec: FieldSpec) -> Finding:
    """A name the bot forgives (``Start_Date``, ``Name``) but MediaWiki's tools do not see as the field.

    MediaWiki passes parameters to the template by their exact name; the
    module that renders the infobox reads names as forgivingly as the bot
    does, but VisualEditor's TemplateData form, other bots and other wikis'
    copies of the template only know the names listed in the schema.
    """
    others = [n for n in spec.aliases]
    if others:
        message = say("partnerships-problem-nonstandard-aliases", raw_name, spec.name, ", ".join(map(repr, others)))
    else:
        message = say("partnerships-problem-nonstandard", raw_name, spec.name)
    return finding("nonstandard-parameter", message, value=raw_name)


def _field_name(raw_name: str, schema: Schema) -> str:
    hit = schema.param_index.get(param_key(raw_name))
    return hit[0].name if hit else raw_name


def _unknown_parameter(raw_name: str, value: Wikicode, schema: Schema) -> Finding:
    hints = closest(raw_name, schema.all_param_names, n=1)
    canonical = schema.param_index[param_key(hints[0])][0].name if hints else ""
    template = f"{{{{{schema.template}}}}}"
    if not hints:
        hint = say("partnerships-problem-unknown-parameter-documented", template)
    elif canonical != hints[0]:
        hint = say("partnerships-problem-unknown-parameter-alias", hints[0], canonical)
    else:
        hint = say("partnerships-problem-unknown-parameter-hint", hints[0])
    return finding(
        "unknown-parameter",
        say("partnerships-problem-unknown-parameter", raw_name, template),
        hint,
        value=str(value).strip(),
    )


def _short(text: str, limit: int = 80) -> str:
    """A value quoted in a message: comments and refs removed, white space folded."""
    text = " ".join(str(strip_noise(parse(text))).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
