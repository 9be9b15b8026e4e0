"""The bot's markers: it writes only between them, and never touches the rest.

A region the bot maintains looks like::

    <!-- BEGIN partnerships-bot: index -->
    ''Updated by the bot: 2026-11-22 10:15 (UTC).''
    {| class="wikitable sortable"
    ...
    |}
    <!-- END partnerships-bot: index -->

Everything outside the markers stays byte for byte. Missing, unbalanced or
duplicated markers mean the page is not edited at all: guessing where a list
ends is how other bots duplicated whole lists or blanked them.

Two more shapes of text the bot adds, never touching what is there: a
region appended at the end of a page (:func:`append_region`, for a page the
bot created and that needs one more region), and a message appended as a
new section with a hidden marker (:class:`NewSection`), which tells that the
message is already there.

The first line of a region is the stamp. It changes only when the rest of the
region does, because the bot saves nothing when the content is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bot.core.messages import ENGLISH, messages_for

STAMP_PREFIX = "''Updated by the bot: "
"""The English stamp's start (``partnerships-stamp`` in ``i18n/en.json``)."""


@cache
def _stamp_prefixes() -> tuple[str, ...]:
    """How the stamp line starts in every language (the line up to its date)."""
    prefixes = {STAMP_PREFIX}
    for language in messages_for(ENGLISH).catalogue:
        head = stamp_line("\x00", language).split("\x00", 1)[0]
        if head.strip("'"):
            prefixes.add(head)
    return tuple(sorted(prefixes))


def stamp_line(when: str, language: str = ENGLISH) -> str:
    """The region's first line, in italics: ``''Updated by the bot: … (UTC).''``, in the page's language.

    Another language's stamp carries its language and direction, since it
    sits before the body's own language ``<div>`` (an Arabic stamp reads
    right to left on a left-to-right wiki).
    """
    say = messages_for(language)
    text = say("partnerships-stamp", when)
    if language == ENGLISH:
        return f"''{text}''"
    return f"''<span lang=\"{language}\" dir=\"{say.direction}\">{text}</span>''"


def begin_marker(name: str) -> str:
    return f"<!-- BEGIN partnerships-bot: {name} -->"


def end_marker(name: str) -> str:
    return f"<!-- END partnerships-bot: {name} -->"


@dataclass(frozen=True, slots=True)
class MarkerProblem:
    """Why a page's markers cannot be used; the page is left alone."""

    code: str  # missing-markers | unbalanced-markers | duplicated-markers
    message: str


@dataclass(frozen=True, slots=True)
class Region:
    """Where the region's content sits in the page text (between the markers)."""

    start: int
    end: int

    def content(self, text: str) -> str:
        return text[self.start : self.end]


def find_region(text: str, name: str) -> Region | MarkerProblem:
    """Locate the region ``name``, or say what is wrong with its markers."""
    begin, end = begin_marker(name), end_marker(name)
    begins, ends = text.count(begin), text.count(end)
    if begins == 0 and ends == 0:
        return MarkerProblem("missing-markers", f"the page has no '{begin}' ... '{end}' markers")
    if begins > 1 or ends > 1:
        return MarkerProblem(
            "duplicated-markers",
            f"the markers for '{name}' appear more than once ({begins} BEGIN, {ends} END); leave one pair",
        )
    if begins != ends:
        missing = end if begins else begin
        return MarkerProblem("unbalanced-markers", f"'{missing}' is missing")
    start = text.index(begin) + len(begin)
    stop = text.index(end)
    if stop < start:
        return MarkerProblem("unbalanced-markers", f"'{end}' comes before '{begin}'")
    return Region(start, stop)


def stamped(body: str, when: str, language: str = ENGLISH) -> str:
    """The region's content: a newline, the stamp line (in the page's language), the body, a newline."""
    return f"\n{stamp_line(when, language)}\n{body.strip(chr(10))}\n"


def explanation_line(language: str = ENGLISH) -> str:
    """The hidden first line of a page the bot creates, saying how the page works, in its language."""
    return f"<!-- {messages_for(language)('partnerships-page-explanation')} -->"


def without_stamp(content: str) -> str:
    """The region's content without its stamp line (in any language), for comparing with a new body."""
    lines = content.strip("\n").split("\n")
    if lines and lines[0].startswith(_stamp_prefixes()):
        lines = lines[1:]
    return "\n".join(lines).strip("\n")


def splice(text: str, name: str, content: str) -> str | MarkerProblem:
    """``text`` with the region ``name`` replaced by ``content``; the rest untouched."""
    region = find_region(text, name)
    if isinstance(region, MarkerProblem):
        return region
    return text[: region.start] + content + text[region.end :]


def append_region(text: str, name: str, content: str) -> str:
    """``text`` with the region ``name`` added at its end (for a page that has no markers for it yet)."""
    return f"{text.rstrip()}\n\n{begin_marker(name)}{content}{end_marker(name)}\n"


@dataclass(frozen=True, slots=True)
class NewSection:
    """A message posted once as a new section: its heading (wikitext, escaped by the caller) and its marker.

    The section is ``== heading ==``, then ``<!-- marker -->``, then the
    update's body. ``optout`` names the kinds of message that
    ``{{bots|optout=...}}`` can refuse (``all`` always does).
    """

    heading: str
    marker: str
    optout: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.marker or "--" in self.marker or ">" in self.marker or "\n" in self.heading:
            raise ValueError(f"unusable section marker {self.marker!r} or heading {self.heading!r}")

    @property
    def comment(self) -> str:
        return f"<!-- {self.marker} -->"

    def text(self, body: str) -> str:
        return f"== {self.heading} ==\n{self.comment}\n{body.strip()}\n"

    def append_to(self, text: str, body: str) -> str:
        """``text`` with the section at its end, after a blank line (the whole page when ``text`` is empty)."""
        before = text.rstrip()
        return (f"{before}\n\n" if before else "") + self.text(body)


def new_page(name: str, content: str, explanation: str) -> str:
    """The text of a page the bot creates: an explanation line, then the markers."""
    return f"{explanation}\n{begin_marker(name)}{content}{end_marker(name)}\n"


def unchanged(text: str, name: str, body: str) -> bool:
    """True when the region already holds ``body`` (ignoring the stamp)."""
    region = find_region(text, name)
    return isinstance(region, Region) and without_stamp(region.content(text)) == body.strip("\n")
