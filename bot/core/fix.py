"""``audit_fields -fix``: rewrite values of the ``{{Partnership}}`` template to their normal form.

Pure: page text in, page text and the list of changes out. The rewrite
touches nothing but the characters of the values it normalises (and the
names it renames); every other byte of the page, including the template's
layout, comments, references and white space, stays as it was, because the
page is edited in mwparserfromhell's tree, which turns back into exactly the
text it came from.

What is normalised, in the one template the registry reads (the first):

* **dates** to ISO 8601 at the precision given (``5 May 2018`` ->
  ``2018-05-05``, ``December 2007`` -> ``2007-12``);
* **enumeration spellings** to their labels, which readers of the page and
  of its wikitext understand (``Ongoing`` -> ``Active``, ``GLAM-Wiki`` ->
  ``GLAM``), regions included (``North Africa`` -> ``Middle East and North
  Africa``); a value already written as the id or the label stays;
* **country names** to the country table's English name (``Deutschland`` ->
  ``Germany``, ``USA`` -> ``United States``); an ISO code or that name stays.

**Parameter names only the bot forgives** (``Start_Date``, ``Name``: the
``nonstandard-parameter`` warning) are renamed to the field's canonical name,
unless the field is also given under a name MediaWiki's tools know.

Only for the parameter whose value the registry uses (see
:mod:`bot.core.params`), and only item by item where the item is plain text: an
item with a link, a template or markup (``{{start date|2011}}``,
``[[Kenya]]``) is the editor's choice and is left alone, and so is an item
the normaliser has anything to say about (``c. 2016``, ``01/02/2020``,
``Europe``), because its normal form would lose what the editor meant.
Comments and references around an item stay where they are.

**Unknown parameters are renamed** to the field's canonical name only when
the match is certain:

* the name is plain text of at least three characters and its value is not
  blank (a blank parameter shows nothing, so renaming it changes nothing);
* the fields with a parameter name similar to it (ratio >= 0.8 of
  :class:`difflib.SequenceMatcher` over :func:`bot.core.textkeys.param_key`)
  whose type accepts its value are exactly one (``stat = active`` is close
  to ``state`` and ``start``, but ``active`` is no date: ``status``);
* that field is not already given on the page under any of its names
  (renaming would make a duplicate).

When the template's ``=`` signs are aligned, a renamed parameter keeps the
alignment: the padding after the name grows or shrinks by the difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Node, Tag, Template, Text
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.wikicode import Wikicode

from bot.core.extract import Normaliser, normaliser_for
from bot.core.normalise import Normalised
from bot.core.normalise.country_table import CountryTable
from bot.core.params import find_templates
from bot.core.schema import FieldSpec, Schema, ValueType
from bot.core.textkeys import param_key
from bot.core.wikitext import is_br, parse, split_items, strip_noise, tag_name

FIXABLE_TYPES = frozenset({ValueType.DATE, ValueType.ENUM, ValueType.COUNTRY, ValueType.REGION})
RENAME_SIMILARITY = 0.8
SUMMARY_LIMIT = 450
_COMMA_TYPES = frozenset({ValueType.ENUM, ValueType.COUNTRY, ValueType.REGION, ValueType.USER, ValueType.WIKIDATA})
_NOISE_TAGS = frozenset({"ref"})
_LINE_MARKERS = frozenset({"*", "#", ":", ";"})
_SEPARATORS = re.compile(r"[\n,;]")
_LINES = re.compile(r"\n")
_INFO_CODES = frozenset({"approximate-date", "broad-region"})


@dataclass(frozen=True, slots=True)
class Change:
    """One value normalised (``kind = "value"``) or one parameter renamed (``"rename"``)."""

    field: str
    parameter: str
    old: str
    new: str
    kind: str = "value"

    def describe(self) -> str:
        if self.kind == "rename":
            return f"|{self.old}= renamed to |{self.new}="
        if not self.new:
            return f"{self.parameter}: {self.old} removed (repeated)"
        return f"{self.parameter}: {self.old} → {self.new}"


@dataclass(frozen=True)
class FixPlan:
    """The page text after the fix, and what changed (nothing: the text is the input)."""

    text: str
    changes: tuple[Change, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def summary(self, template: str) -> str:
        """An edit summary naming every change, cut to a length MediaWiki keeps."""
        text = f"Normalise {{{{{template}}}}}: " + "; ".join(c.describe() for c in self.changes)
        return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def plan_fix(text: str, schema: Schema, countries: CountryTable) -> FixPlan:
    """The fixed page text and the changes, for the first partnership template of ``text``."""
    code = mwparserfromhell.parse(text, skip_style_tags=True)  # as extract reads it: bold never hides a "|"
    templates = find_templates(code, schema)
    if not templates:
        return FixPlan(text)
    template = templates[0]
    changes = _rename_unknown(template, schema, countries)
    changes += _rename_nonstandard(template, schema)
    for spec_name, param in _chosen_parameters(template, schema).items():
        spec = schema.by_name[spec_name]
        if spec.type in FIXABLE_TYPES:
            changes.extend(_fix_value(spec, param, schema, countries))
    if not changes:
        return FixPlan(text)
    return FixPlan(str(code), tuple(changes))


# --- Which parameter the registry reads (mirrors bot.core.params.resolve_parameters) ---


def _chosen_parameters(template: Template, schema: Schema) -> dict[str, Parameter]:
    """Field -> the parameter whose value the extractor uses.

    The same name twice: the last one (MediaWiki's rule). One field under
    several names: the first non-blank in the order canonical name, aliases,
    spelling variants; a blank one only when all are blank.
    """
    last: dict[str, tuple[int, Parameter]] = {}
    for position, param in enumerate(template.params):
        if param.showkey:
            last[str(param.name).strip()] = (position, param)
    candidates: dict[str, list[tuple[int, int, Parameter, bool]]] = {}
    for raw_name, (position, param) in last.items():
        hit = schema.param_index.get(param_key(raw_name))
        if hit is None:
            continue
        spec, alias_rank = hit
        rank = alias_rank if spec.names[alias_rank] == raw_name else len(spec.names) + alias_rank
        blank = not str(strip_noise(param.value)).strip()
        candidates.setdefault(spec.name, []).append((rank, position, param, blank))
    chosen = {}
    for name, given in candidates.items():
        given.sort(key=lambda g: (g[0], g[1]))
        filled = [g for g in given if not g[3]]
        chosen[name] = (filled[0] if filled else given[0])[2]
    return chosen


# --- Values -------------------------------------------------------------------


def _normaliser(spec: FieldSpec, schema: Schema, countries: CountryTable) -> Normaliser | None:
    """The extractor's normaliser for the field, or None for text (nothing to rewrite there)."""
    return None if spec.type == ValueType.TEXT else normaliser_for(spec, schema, countries)


Span = tuple[int, int, int]
"""A piece of a value: (node index, start, end) in a text node."""


@dataclass
class _Item:
    """One item of a value: its plain-text pieces as (node index, start, end), trimmed."""

    spans: list[tuple[int, int, int]] = field(default_factory=list)
    markup: bool = False

    @property
    def plain(self) -> bool:
        return len(self.spans) == 1 and not self.markup


def _items(nodes: list[Node], *, split: bool, commas: bool) -> list[_Item]:
    """The items of a value, split like :func:`bot.core.wikitext.split_items` (top level only)."""
    items = [_Item()]
    pattern = _SEPARATORS if commas else _LINES
    for index, node in enumerate(nodes):
        if isinstance(node, Comment) or (isinstance(node, Tag) and tag_name(node) in _NOISE_TAGS):
            continue
        if split and (is_br(node) or (isinstance(node, Tag) and node.wiki_markup in _LINE_MARKERS)):
            items.append(_Item())
        elif isinstance(node, Text):
            value, start = node.value, 0
            for match in pattern.finditer(value) if split else ():
                _add_span(items[-1], index, value, start, match.start())
                items.append(_Item())
                start = match.end()
            _add_span(items[-1], index, value, start, len(value))
        else:
            items[-1].markup = True
    return [item for item in items if item.spans or item.markup]


def _add_span(item: _Item, index: int, value: str, start: int, end: int) -> None:
    piece = value[start:end]
    if "''" in piece:  # bold or italic: parsed as text (as MediaWiki splits parameters), still markup
        item.markup = True
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        item.spans.append((index, start + lead, end - trail))


def _clean(result: Normalised) -> str | None:
    """The single normal form of an item, or None when the normaliser had anything to say."""
    return result.values[0] if len(result.values) == 1 and not result.findings else None


def _fix_value(spec: FieldSpec, param: Parameter, schema: Schema, countries: CountryTable) -> list[Change]:
    """Normalise the plain items of one value, in place; a repeated item is removed when it can be.

    A list item whose normal form an earlier item already has (``education
    program, universities`` are both ``education``) is removed with the
    separator before it, when both sit in one piece of text; otherwise it is
    left (the record drops duplicates anyway).
    """
    fn = _normaliser(spec, schema, countries)
    assert fn is not None  # only fixable (non-text) types get here
    nodes = param.value.nodes
    items = _items(nodes, split=spec.list, commas=spec.list and spec.type in _COMMA_TYPES)

    def text_of(span: Span) -> str:
        node = nodes[span[0]]
        return node.value[span[1] : span[2]] if isinstance(node, Text) else ""

    edits: list[tuple[Span, str, str]] = []
    seen: set[str] = set()
    previous: Span | None = None
    i = 0
    while i < len(items):
        item = items[i]
        span: Span | None = item.spans[0] if item.plain else None
        step = 1
        result: Normalised | None = fn(parse(text_of(span))) if span else None
        following = items[i + 1] if i + 1 < len(items) else None
        joinable = following is not None and following.plain
        if span and result is not None and spec.list and result.findings and not result.values and joinable:
            assert following is not None
            second = following.spans[0]
            joined = fn(parse(f"{text_of(span)}, {text_of(second)}"))
            if joined.values and not joined.findings:
                step = 2
                result = joined
                span = (span[0], span[1], second[2]) if span[0] == second[0] else None
        normal = _clean(result) if (span and result is not None) else None
        if span is not None and normal is not None:
            new = _display(spec, normal, text_of(span), schema, countries)
            if spec.list and normal in seen and previous is not None and previous[0] == span[0]:
                edits.append(((span[0], previous[2], span[2]), text_of(span), ""))
            elif new != text_of(span):
                edits.append((span, text_of(span), new))
        if result is not None:
            seen.update(result.values)
        previous = span if (span and normal is not None) else None
        i += step
    for (index, start, end), _, replacement in sorted(edits, key=lambda e: (e[0][0], -e[0][1])):
        node = nodes[index]
        assert isinstance(node, Text)  # spans are only ever taken from text nodes
        node.value = node.value[:start] + replacement + node.value[end:]
    name = str(param.name).strip()
    return [Change(spec.name, name, old, new) for _, old, new in edits]


def _display(spec: FieldSpec, normal: str, written: str, schema: Schema, countries: CountryTable) -> str:
    """What -fix writes for a value whose normal form is ``normal`` (see the module docstring)."""
    if spec.type == ValueType.COUNTRY:
        label = countries.names.get(normal, normal)
        return written if written in (normal, label) else label
    enum = schema.enumeration(spec)
    if enum is not None:
        label = next((v.label for v in enum.values if v.id == normal), normal)
        return written if written in (normal, label) else label
    return normal


# --- Parameter names only the bot forgives -------------------------------------


def _rename_nonstandard(template: Template, schema: Schema) -> list[Change]:
    """``|Start_Date=`` -> ``|start=``: names MediaWiki's tools do not know, when renaming makes no duplicate."""
    named = [p for p in template.params if p.showkey]
    exact = {str(p.name).strip() for p in named}
    changes = []
    for param in named:
        nodes = param.name.nodes
        raw = str(param.name).strip()
        hit = schema.param_index.get(param_key(raw))
        if hit is None or raw in hit[0].names or len(nodes) != 1 or not isinstance(nodes[0], Text):
            continue
        spec = hit[0]
        if any(name in exact for name in spec.names):
            continue  # the field is also given under a known name: a duplicate the editor must resolve
        nodes[0].value = _renamed(nodes[0].value, spec.name, aligned=_aligned(template, param))
        exact.add(spec.name)
        changes.append(Change(spec.name, raw, raw, spec.name, kind="rename"))
    return changes


# --- Unknown parameter names ----------------------------------------------------


def _accepts(spec: FieldSpec, value: Wikicode, schema: Schema, countries: CountryTable) -> bool:
    """True when every item of ``value`` is a valid value of the field (info findings allowed)."""
    fn = _normaliser(spec, schema, countries)
    if fn is None:
        return True
    items = split_items(value, schema.text, commas=spec.type in _COMMA_TYPES) if spec.list else [value]
    if not items:
        return False
    for item in items:
        result = fn(item)
        if not result.values or any(f.code not in _INFO_CODES for f in result.findings):
            return False
    return True


def rename_target(name: str, value: Wikicode, schema: Schema, present: set[str], countries: CountryTable) -> str | None:
    """The canonical field an unknown parameter certainly stands for, or None (see the module docstring)."""
    key = param_key(name)
    cleaned = strip_noise(value)
    if len(key) < 3 or key.isdigit() or not str(cleaned).strip():
        return None
    close: set[str] = set()
    for spec in schema.fields:
        if any(SequenceMatcher(None, key, param_key(n)).ratio() >= RENAME_SIMILARITY for n in spec.names):
            close.add(spec.name)
    fitting = [f for f in close if _accepts(schema.by_name[f], cleaned, schema, countries)]
    if len(fitting) != 1 or fitting[0] in present:
        return None
    return fitting[0]


def _rename_unknown(template: Template, schema: Schema, countries: CountryTable) -> list[Change]:
    named = [p for p in template.params if p.showkey]
    present = {
        schema.param_index[param_key(str(p.name).strip())][0].name
        for p in named
        if param_key(str(p.name).strip()) in schema.param_index
    }
    changes = []
    for param in named:
        nodes = param.name.nodes
        raw = str(param.name).strip()
        if param_key(raw) in schema.param_index or len(nodes) != 1 or not isinstance(nodes[0], Text):
            continue
        target = rename_target(raw, param.value, schema, present, countries)
        if target is None:
            continue
        nodes[0].value = _renamed(nodes[0].value, target, aligned=_aligned(template, param))
        present.add(target)
        changes.append(Change(target, raw, raw, target, kind="rename"))
    return changes


def _aligned(template: Template, param: Parameter) -> bool:
    """True when at least two other parameters' names take the same width (their ``=`` line up)."""
    width = len(str(param.name))
    return sum(1 for p in template.params if p is not param and p.showkey and len(str(p.name)) == width) >= 2


def _renamed(text: str, new: str, *, aligned: bool) -> str:
    """``text`` (a name with its white space) holding ``new`` instead; padding adjusted when aligned."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if aligned and trail and set(trail) == {" "}:
        trail = " " * max(1, len(trail) - (len(new) - len(core)))
    return lead + new + trail
