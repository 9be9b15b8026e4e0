"""Helpers for the render tests: records with schema defaults, settings, and a
structural reading of rendered wikitext with mwparserfromhell.

(A module of helpers named like a test file, because the render tests may
only add ``test_render_*.py`` files; it also tests its own helpers.)
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Argument, Comment, ExternalLink, Heading, Tag, Template, Wikilink

from bot.config import Settings
from bot.core.records import Problem, Record

BAR_STYLE = re.compile(r"^background:#[0-9A-Fa-f]{3,6};width:\d{1,3}%;height:0\.8em$")
ANCHOR_ID = re.compile(r'^[^"<>\[\]{}|]*$')
ENGINE_TAGS = frozenset({"table", "caption", "tr", "th", "td", "div", "br", "span"})


def make_record(schema, page: str, *, revision: int | None = 1, problems=(), **values) -> Record:
    """A record with every schema field: given values, others empty (name from the title)."""
    full: dict = {f.name: (() if f.list else None) for f in schema.fields}
    full["name"] = page.rsplit("/", 1)[-1]
    for key, value in values.items():
        assert key in full, f"not a schema field: {key}"
        spec = schema.by_name[key]
        if spec.list and isinstance(value, str):
            value = (value,)
        full[key] = tuple(value) if isinstance(value, list) else value
    made = tuple(p if isinstance(p, Problem) else Problem(page, *p) for p in problems)
    title = full.get("name")
    return Record(page, revision, full, made, title=title if isinstance(title, str) else "")


def problem(field, code="invalid-value", severity="warning", message="Something to fix.", value=None):
    """Problem arguments after the page (for ``make_record(..., problems=[...])``)."""
    return (field, code, severity, message, value)


def no_template(schema, page: str) -> Record:
    return make_record(schema, page, name=None, problems=[problem(None, "no-template", "error", "No template.")])


def with_settings(
    base: Settings | None = None, *, group_by: str | None = None, columns=None, active_statuses=None, **pages
) -> Settings:
    settings = base or Settings()
    index = settings.index
    if group_by is not None:
        index = dataclasses.replace(index, group_by=group_by)
    if columns is not None:
        index = dataclasses.replace(index, columns=tuple(columns))
    overview = settings.overview
    if active_statuses is not None:
        overview = dataclasses.replace(overview, active_statuses=tuple(active_statuses))
    return dataclasses.replace(
        settings, index=index, overview=overview, pages=dataclasses.replace(settings.pages, **pages)
    )


@dataclass
class Structure:
    """What mwparserfromhell finds in rendered wikitext."""

    code: object
    templates: list = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    external_links: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    arguments: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    headings: list[str] = field(default_factory=list)

    def tag_names(self) -> set[str]:
        return {str(t.tag).lower() for t in self.tags}

    def tables(self) -> list:
        return [t for t in self.tags if str(t.tag).lower() == "table"]


def structure(text: str) -> Structure:
    code = mwparserfromhell.parse(text, skip_style_tags=False)
    found = Structure(code)
    for node in code.filter(recursive=True):
        if isinstance(node, Template):
            found.templates.append(node)
        elif isinstance(node, Wikilink):
            found.links.append(str(node.title))
        elif isinstance(node, ExternalLink):
            found.external_links.append(node)
        elif isinstance(node, Comment):
            found.comments.append(node)
        elif isinstance(node, Argument):
            found.arguments.append(node)
        elif isinstance(node, Tag):
            found.tags.append(node)
        elif isinstance(node, Heading):
            found.headings.append(str(node.title))
    return found


def data_rows(table) -> list:
    """The rows of a parsed table that hold data cells (not the header row)."""
    rows = [n for n in table.contents.filter_tags(recursive=False) if str(n.tag).lower() == "tr"]
    return [r for r in rows if any(str(c.tag).lower() == "td" for c in r.contents.filter_tags(recursive=False))]


def cells(row) -> list[str]:
    return [
        str(c.contents).strip() for c in row.contents.filter_tags(recursive=False) if str(c.tag).lower() in ("td", "th")
    ]


def assert_inert(text: str, *, allowed_links=None) -> Structure:
    """The text holds only what the engine writes: no template, comment, external link,
    stray tag or link, signature, behaviour switch or bare URL."""
    found = structure(text)
    assert found.templates == [], found.templates
    assert found.arguments == [], found.arguments
    assert found.comments == [], found.comments
    assert found.external_links == [], found.external_links
    assert found.tag_names() <= ENGINE_TAGS, found.tag_names() - ENGINE_TAGS
    for tag in found.tags:
        name = str(tag.tag).lower()
        attrs = {str(a.name).strip(): str(a.value) for a in tag.attributes}
        if name == "div":
            assert set(attrs) == {"style"} and BAR_STYLE.match(attrs["style"]), str(tag)
        if name == "span":
            assert set(attrs) == {"id"} and ANCHOR_ID.match(attrs["id"]), str(tag)
        if name in ("br", "div", "span"):
            assert not str(tag.contents or "").strip(), str(tag)
    for link in found.links:
        assert link.startswith(":"), link
        if allowed_links is not None:
            assert link[1:].split("#")[0] in allowed_links, link
    for marker in ("~~~", "__", "://", "''", "\r"):
        assert marker not in text, marker
    for line in text.split("\n"):
        assert not line.startswith((" ", "*", "#", ":", ";", "----")), line
    return found


# --- The helpers' own tests --------------------------------------------------


def test_make_record_fills_every_schema_field(schema):
    record = make_record(schema, "Partnerships/X", status="active", regions=["cee", "nwe"])
    assert list(record.values) == [f.name for f in schema.fields]
    assert record.get("name") == "X" and record.get("regions") == ("cee", "nwe") and record.get("partner") == ()


def test_assert_inert_catches_a_template_and_an_external_link():
    for text in ("{{x}}", "see http://example.org", "[[Category:X]]", "<!-- c -->"):
        try:
            assert_inert(text)
        except AssertionError:
            continue
        raise AssertionError(f"not caught: {text}")
