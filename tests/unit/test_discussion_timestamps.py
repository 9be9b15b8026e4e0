"""Signature timestamps in the formats MediaWiki writes, converted to UTC."""

from __future__ import annotations

import pytest

from bot.core.discussion import load_consultation_settings
from bot.core.discussion.timestamps import find_timestamps, iso, parse_date_parameter
from tests import support


@pytest.fixture(scope="module")
def settings():
    return load_consultation_settings(text_rules=support.schema().text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # English
        ("12:34, 5 May 2018 (UTC)", "2018-05-05T12:34:00Z"),
        ("02:44, 23 October 2008 (UTC)", "2008-10-23T02:44:00Z"),
        ("12:34, 5 Sep 2018 (UTC)", "2018-09-05T12:34:00Z"),
        ("12:34, 5 Sept. 2018 (UTC)", "2018-09-05T12:34:00Z"),
        # German: CET = UTC+1, CEST = UTC+2; full, dotted and 2004-style abbreviations
        ("12:34, 5. Mai 2018 (CEST)", "2018-05-05T10:34:00Z"),
        ("12:22, 15. Feb. 2007 (CET)", "2007-02-15T11:22:00Z"),
        ("00:33, 7. Dez 2004 (CET)", "2004-12-06T23:33:00Z"),
        ("10:04, 6. Mär 2004 (CET)", "2004-03-06T09:04:00Z"),
        ("11:22, 25. Mär. 2008 (CET)", "2008-03-25T10:22:00Z"),
        ("00:25, 5. Aug. 2012 (CEST)", "2012-08-04T22:25:00Z"),
        ("21:41, 28. Feb. 2006 (MEZ)", "2006-02-28T20:41:00Z"),
        ("12:00, 1. Jänner 2018 (CET)", "2018-01-01T11:00:00Z"),
        # French: date first, "à" before the time, "1er"
        ("5 mai 2018 à 12:34 (CEST)", "2018-05-05T10:34:00Z"),
        ("24 mai 2007 à 00:37 (CEST)", "2007-05-23T22:37:00Z"),
        ("1er janvier 2019 à 08:46 (CET)", "2019-01-01T07:46:00Z"),
        ("3 févr. 2019 à 08:46 (CET)", "2019-02-03T07:46:00Z"),
        ("30 août 2025 à 15:47 (CEST)", "2025-08-30T13:47:00Z"),
        # Spanish: no comma, lower-case months, "de"
        ("12:34 5 may 2018 (UTC)", "2018-05-05T12:34:00Z"),
        ("12:34 5 dic 2018 (UTC)", "2018-12-05T12:34:00Z"),
        ("12:34 5 de diciembre de 2018 (UTC)", "2018-12-05T12:34:00Z"),
        # white space MediaWiki and editors put in
        ("12:34,\u00a05\u00a0May\u00a02018 (UTC)", "2018-05-05T12:34:00Z"),
        ("\u200f12:34, 5 May 2018 (UTC)\u200e", "2018-05-05T12:34:00Z"),
        ("12:34 , 5 May 2018  (UTC)", "2018-05-05T12:34:00Z"),
    ],
)
def test_signature_timestamps_are_read_in_utc(settings, text, expected):
    found = find_timestamps(f"Words --[[User:X]] {text} more", settings)
    assert [(m.kind, iso(m.time)) for m in found] == [("timestamp", expected)]


def test_the_position_of_a_timestamp_in_the_line_is_exact(settings):
    line = "abc 12:34, 5 May 2018 (UTC) def"
    (match,) = find_timestamps(line, settings)
    assert line[match.start : match.end] == "12:34, 5 May 2018 (UTC)" == match.raw


@pytest.mark.parametrize(
    "text, kind, reason",
    [
        ("12:34, 31 February 2018 (UTC)", "unreadable", "not a real date"),
        ("25:61, 5 May 2018 (UTC)", "unreadable", "not a real date"),
        ("12:34, 5 Maybe 2018 (UTC)", "unreadable", "unknown month 'Maybe'"),
        ("12:34, 5 May 2018 (PST)", "unreadable", "unknown time zone 'PST'"),
        ("12:34, 2018-05-05 (UTC)", "unreadable", "cannot be read"),
        ("12:57, 15.12.2004 (CET)", "unreadable", "cannot be read"),
        ("08.12.04 (CET)", "unreadable", "cannot be read"),
        ("22 October 2008 (UTC)", "date-only", "no time of day"),
    ],
)
def test_timestamp_lookalikes_come_back_with_a_reason(settings, text, kind, reason):
    (match,) = find_timestamps(text, settings)
    assert match.kind == kind and match.time is None
    assert reason in match.problem


@pytest.mark.parametrize(
    "text",
    [
        "on 5 May 2018 we met",
        "at 12:34 on 5 May 2018",
        "Um 9:44 (!!!) wurde er mit einem LA versehen.",
        "le 18 avril 2019 à 08:46, sans bot flag",
        "-Tom ( 04:00, 7. Jun. 2016 )",
        "version 1.0.9.0 (GeSHi)",
        "",
    ],
)
def test_text_that_is_not_a_timestamp(settings, text):
    assert find_timestamps(text, settings) == []


def test_several_timestamps_on_one_line_in_order(settings):
    found = find_timestamps("a 12:00, 1 May 2018 (UTC) b 5 mai 2018 à 13:00 (CEST) c", settings)
    assert [iso(m.time) for m in found] == ["2018-05-01T12:00:00Z", "2018-05-05T11:00:00Z"]


def test_an_unsigned_date_without_zone_is_utc_as_the_templates_ask(settings):
    assert iso(parse_date_parameter("12:34, 5 May 2018", settings).time) == "2018-05-05T12:34:00Z"
    assert iso(parse_date_parameter("14:34, 5. Mai 2018 (CEST)", settings).time) == "2018-05-05T12:34:00Z"
    assert parse_date_parameter("yesterday", settings) is None
    assert parse_date_parameter("yesterday (maybe)", settings) is None
    undated = parse_date_parameter("5 May 2018", settings)
    assert undated.kind == "date-only" and "(UTC)" not in undated.problem
