"""Consultation pages: talk-page wikitext -> sections, comments, votes -> summaries.

The pure part of the ``summarise`` job, following ``consultations.md``::

    settings = load_consultation_settings()              # config/consultations.toml
    discussion = parse_discussion(title, text, settings)  # sections, comments, findings
    summary = summarise(discussion, window=Window(date(2024, 5, 1), date(2024, 5, 31)),
                        questions=["How should we …?"])
    summary_to_json(summary)                               # the spec's offline JSON + "problems"
    render_summary_table(summary)                          # for a terminal

Modules: :mod:`.settings` (configuration), :mod:`.timestamps` (signature
dates), :mod:`.signatures` (who signed), :mod:`.scan` (walking the parsed
page), :mod:`.votes` (indentation and votes of a first line),
:mod:`.parser` (comments and findings), :mod:`.digest` (first sentences),
:mod:`.model` (the frozen results), :mod:`.summary` (counts, window,
questions), :mod:`.output` (JSON and table).
"""

from bot.core.discussion.counting import DigestEntry, SectionSummary, Summary, Totals, Votes, Window, summarise
from bot.core.discussion.model import LEAD, Comment, Discussion, Finding, Section
from bot.core.discussion.output import render_summary_table, summaries_to_json, summary_to_json
from bot.core.discussion.parser import parse_discussion
from bot.core.discussion.settings import (
    ConsultationSettings,
    load_consultation_settings,
    make_settings,
)

__all__ = [
    "LEAD",
    "Comment",
    "ConsultationSettings",
    "DigestEntry",
    "Discussion",
    "Finding",
    "Section",
    "SectionSummary",
    "Summary",
    "Totals",
    "Votes",
    "Window",
    "load_consultation_settings",
    "make_settings",
    "parse_discussion",
    "render_summary_table",
    "summaries_to_json",
    "summarise",
    "summary_to_json",
]
