"""The safety rules at their edges: change one and a test here fails.

Each rule protects the wiki from the bot: the brake (a half-read registry
never blanks the index), ``{{bots}}``/``{{nobots}}`` as MediaWiki reads
template names, a cell that starts with ``=`` (never a heading), bold votes
in any spelling, and the stamp line (only the bot's own stamp is ignored
when comparing a region).
"""

from __future__ import annotations

import html

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import Heading

from bot.core.discussion import parse_discussion, summarise
from bot.core.exclusion import bots_allowed
from bot.core.markers import STAMP_PREFIX, begin_marker, end_marker, stamped, unchanged, without_stamp
from bot.core.render.engine import Column, Table, Text, render_table
from bot.core.render.escape import escape
from bot.jobs.update import brake
from tests import support

BOT = "PartnershipsBot"


# --- The brake ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "new, previous, refused",
    [
        (80, 100, False),  # exactly the share (20%) may disappear
        (79, 100, True),  # one more row lost is refused
        (100, 100, False),
        (120, 100, False),  # growth is never braked
        (1, None, False),  # nothing published before: nothing to compare
        (1, 0, False),
        (0, None, True),  # an empty read is refused even the first time
        (0, 0, True),
        (0, 100, True),
    ],
)
def test_the_brake_stops_exactly_past_its_share_and_on_an_empty_read(new, previous, refused):
    reason = brake(new, previous, 0.2)
    assert (reason is not None) == refused, reason
    if new == 0:
        assert reason is not None and reason.startswith("the read returned no partnerships")
    elif refused:
        assert reason is not None and f"{previous - new} of {previous} partnerships would disappear" in reason


def test_a_brake_of_zero_refuses_any_loss():
    assert brake(99, 100, 0.0) is not None and brake(100, 100, 0.0) is None


# --- {{bots}} and {{nobots}} ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("{{nobots}}", False),
        ("{{Nobots}}", False),  # MediaWiki: the first letter of a template name is case-insensitive
        ("{{ nobots }}", False),
        ("{{bots|deny=all}}", False),
        ("{{Bots|deny=all}}", False),
        ("{{Bots|deny=PartnershipsBot}}", False),
        ("{{bots|deny=Partnerships_Bot, PartnershipsBot}}", False),
        ("{{bots|allow=OtherBot}}", False),
        ("{{bots|allow=PartnershipsBot}}", True),
        ("{{bots|allow=all}}", True),
        ("{{bots|deny=OtherBot}}", True),
        ("{{NOBOTS}}", True),  # a different template: only the first letter is case-insensitive
        ("<nowiki>{{nobots}}</nowiki>", True),
        ("Text about robots and {{bot}}s.", True),
    ],
)
def test_exclusion_templates_are_read_as_mediawiki_reads_template_names(text, allowed):
    assert bots_allowed(text, BOT) is allowed


# --- A cell that starts with "=" ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=Heading=", "== Section ==", "-1 point", "+ more", "*bullet", "#1", ";term", " x"])
def test_a_value_starting_with_wiki_line_markup_is_encoded(value):
    out = escape(value)
    assert out[:1] not in set("=-+*#; ") and out.startswith("&#")
    assert value.strip() in html.unescape(out)


def test_a_table_cell_that_starts_with_equals_renders_as_text_not_a_heading():
    table = Table(columns=[Column("Name", lambda v: Text(v))], rows=["== Injected heading ==", "=x="])
    wikitext = render_table(table)
    assert not mwparserfromhell.parse(wikitext).filter(forcetype=Heading)
    assert "\n== " not in wikitext and "&#61;" in wikitext


# --- Votes in bold, any spelling ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, kind",
    [
        ("'''Support''' good idea.", "support"),
        ("<strong>Support</strong> good idea.", "support"),
        ("<b>Oppose</b> not now.", "oppose"),
        ("<strong>Neutral</strong>", "neutral"),
        ("{{support}} yes", "support"),
        ("Support, I think.", None),  # not bold: a word, not a vote
    ],
)
def test_a_bold_vote_counts_in_every_spelling(line, kind):
    rules = support.configuration().rules
    text = f"== Proposal ==\n{line} [[User:Ana|Ana]] 12:34, 5 May 2019 (UTC)\n"
    votes = summarise(parse_discussion("Talk:X", text, rules)).sections[0].votes
    counted = {"support": votes.support, "oppose": votes.oppose, "neutral": votes.neutral}
    assert counted == {k: int(k == kind) for k in counted}


# --- The stamp line -----------------------------------------------------------------------------------


def test_only_the_bots_own_stamp_is_dropped_when_comparing_a_region():
    assert without_stamp(stamped("{| table\n|}", "2026-01-01 10:00")) == "{| table\n|}"
    assert without_stamp("\nA human's first line\n{| table\n|}\n") == "A human's first line\n{| table\n|}"
    assert without_stamp("\n''Updated by someone: yesterday''\nbody\n") == "''Updated by someone: yesterday''\nbody"


def test_a_region_whose_first_line_is_not_a_stamp_is_not_unchanged():
    name = "index"
    body = "{| table\n|}"
    with_stamp = f"{begin_marker(name)}{stamped(body, '2026-01-01 10:00')}{end_marker(name)}"
    assert unchanged(with_stamp, name, body)
    edited = f"{begin_marker(name)}\nA human added this line.\n{body}\n{end_marker(name)}"
    assert not unchanged(edited, name, body)
    assert not unchanged(edited, name, "A human added this line.")
    assert STAMP_PREFIX.startswith("''Updated by the bot")
