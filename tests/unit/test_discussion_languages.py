"""Signatures in other wiki languages, read from MediaWiki's own language data.

Each page in tests/fixtures/talk/languages/ has one heading and two
signatures (a top-level response and a ":" reply), counted by hand:

    code     author 1 (UTC time)         author 2 (UTC time)        what it shows
    ru       Пример 2011-02-03 19:48     Вторая 2011-02-04 08:05    genitive month, Участница: (gender form)
    uk       Петро 02-03 19:48           Олена 03-05 21:10          Користувачка:
    sr-ec    Марко 02-03 19:48           Ана 03-01 07:00            "3. фебруар 2011."
    ar       أحمد 02-03 19:48            سارة 02-04 09:15           right to left, "ت ع م" is UTC, Arabic comma
    fa       علی 02-03 19:48             مریم 02-04 06:05           Persian digits, RLM, date before time
    he       דוד 02-03 17:48 (IST +2)    רות 02-04 08:00            "בפברואר", a zone from the wiki's siteinfo
    ko       민수 02-03 10:48 (KST +9)   지은 02-04 00:30           "2011년 2월 3일 (목) 19:48 (KST)"
    ja       太郎 02-03 19:48            花子 02-04 01:02           利用者‐会話:, full-width brackets
    zh-hans  小明 02-03 19:48            小红 02-04 03:00           用户:
    pt       João 02-03 19:48            Maria 02-04 07:00          "19h48min de 3 de fevereiro de 2011", Usuário(a): (ptwiki's own name)
    vi       Minh 02-03 19:48            Lan 02-04 12:00            "ngày 3 tháng 2 năm 2011"
    th       สมชาย 02-03 12:48 (ICT +7)  สมหญิง 02-04 01:00         Buddhist year 2554
    hi       राम 02-03 19:48             सीता 02-04 10:30           Devanagari digits in the second
    ckb      ئاکۆ 02-03 19:48            ژیلا 02-04 09:00           Eastern Arabic digits, "٣ی شوباتی"
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.discussion import load_consultation_settings, parse_discussion, summarise, summary_to_json
from bot.core.discussion.conventions import WikiConventions
from bot.core.discussion.languages import compile_format, load_languages
from bot.core.discussion.settings import for_languages, with_wiki
from bot.errors import ConsultationRulesError
from tests import support

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "talk" / "languages"

# What each wiki's siteinfo says beyond its language file: its time zone, and ptwiki's own namespace name.
SITEINFO = {
    "he": WikiConventions("he", time_zones={"IST": 120, "IDT": 180}, timezone="Asia/Jerusalem"),
    "ko": WikiConventions("ko", time_zones={"KST": 540}, timezone="Asia/Seoul"),
    "th": WikiConventions("th", time_zones={"ICT": 420}, timezone="Asia/Bangkok"),
    "pt": WikiConventions("pt", user_namespaces=("Usuário(a)", "Usuário(a) Discussão")),
}

EXPECTED = {
    "ru": ("Предложение", ["Пример", "Вторая"], "2011-02-03T19:48:00Z", "2011-02-04T08:05:00Z"),
    "uk": ("Обговорення", ["Петро", "Олена"], "2011-02-03T19:48:00Z", "2011-03-05T21:10:00Z"),
    "sr-ec": ("Питање", ["Марко", "Ана"], "2011-02-03T19:48:00Z", "2011-03-01T07:00:00Z"),
    "ar": ("اقتراح", ["أحمد", "سارة"], "2011-02-03T19:48:00Z", "2011-02-04T09:15:00Z"),
    "fa": ("پیشنهاد", ["علی", "مریم"], "2011-02-03T19:48:00Z", "2011-02-04T06:05:00Z"),
    "he": ("הצעה", ["דוד", "רות"], "2011-02-03T17:48:00Z", "2011-02-04T08:00:00Z"),
    "ko": ("제안", ["민수", "지은"], "2011-02-03T10:48:00Z", "2011-02-04T00:30:00Z"),
    "ja": ("提案", ["太郎", "花子"], "2011-02-03T19:48:00Z", "2011-02-04T01:02:00Z"),
    "zh-hans": ("提议", ["小明", "小红"], "2011-02-03T19:48:00Z", "2011-02-04T03:00:00Z"),
    "pt": ("Proposta", ["João", "Maria"], "2011-02-03T19:48:00Z", "2011-02-04T07:00:00Z"),
    "vi": ("Đề xuất", ["Minh", "Lan"], "2011-02-03T19:48:00Z", "2011-02-04T12:00:00Z"),
    "th": ("ข้อเสนอ", ["สมชาย", "สมหญิง"], "2011-02-03T12:48:00Z", "2011-02-04T01:00:00Z"),
    "hi": ("प्रस्ताव", ["राम", "सीता"], "2011-02-03T19:48:00Z", "2011-02-04T10:30:00Z"),
    "ckb": ("پێشنیار", ["ئاکۆ", "ژیلا"], "2011-02-03T19:48:00Z", "2011-02-04T09:00:00Z"),
}


@pytest.fixture(scope="module")
def settings():
    return load_consultation_settings(text_rules=support.schema().text)


def summary_in(code: str, settings) -> dict:
    rules = with_wiki(for_languages(settings, [code]), SITEINFO.get(code, WikiConventions(code)))
    text = (PAGES / f"{code}.wiki").read_text(encoding="utf-8")
    return summary_to_json(summarise(parse_discussion(code, text, rules)))


def test_fourteen_languages_are_covered_including_right_to_left_and_non_latin_digits():
    assert sorted(EXPECTED) == sorted(p.stem for p in PAGES.glob("*.wiki"))
    languages = load_languages()
    assert {code for code in EXPECTED if languages[code].rtl} == {"ar", "fa", "he", "ckb"}
    assert {code for code in EXPECTED if languages[code].digits} >= {"fa", "hi", "ckb", "ar"}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_signatures_in_the_wikis_language_are_counted_by_hand(code, settings):
    data = summary_in(code, settings)
    title, authors, first, last = EXPECTED[code]
    (section,) = data["sections"]
    assert (section["title"], section["comments"], section["top_level"], section["replies"]) == (title, 2, 1, 1)
    assert (section["participants"], section["first"], section["last"]) == (authors, first, last)
    assert data["problems"] == []


def test_without_the_language_the_same_page_is_not_read(settings):
    text = (PAGES / "pt.wiki").read_text(encoding="utf-8")
    data = summary_to_json(summarise(parse_discussion("pt", text, settings)))
    assert data["totals"]["comments"] == 0


@pytest.mark.parametrize(
    ("code", "stamp", "iso"),
    [
        # the three quoted in issue 15, then MediaWiki's English and German
        ("pt", "19h48min de 3 de fevereiro de 2011 (UTC)", "2011-02-03T19:48:00+00:00"),
        ("vi", "19:48, ngày 3 tháng 2 năm 2011 (UTC)", "2011-02-03T19:48:00+00:00"),
        ("ko", "2011년 2월 3일 (수) 19:48 (KST)", "2011-02-03T10:48:00+00:00"),
        ("en", "19:48, 3 February 2011 (UTC)", "2011-02-03T19:48:00+00:00"),
        ("de", "19:48, 3. Feb. 2011 (CET)", "2011-02-03T18:48:00+00:00"),
    ],
)
def test_a_language_format_reads_its_timestamp(code, stamp, iso, settings):
    from bot.core.discussion.timestamps import find_timestamps

    rules = with_wiki(for_languages(settings, [code]), WikiConventions(code, time_zones={"KST": 540}))
    (found,) = find_timestamps(f"Words. {stamp}", rules)
    assert found.time is not None and found.time.isoformat() == iso


def test_an_unknown_zone_in_a_language_format_is_reported_not_guessed(settings):
    from bot.core.discussion.timestamps import find_timestamps

    (found,) = find_timestamps("2011년 2월 3일 (수) 19:48 (XYZ)", for_languages(settings, ["ko"]))
    assert found.kind == "unreadable" and "XYZ" in (found.problem or "")


def test_formats_of_other_calendars_are_left_to_the_generic_patterns():
    hebrew = load_languages()["he"]
    assert compile_format(hebrew, "H:i, xhxjj xjx xhxjY") is None
    assert compile_format(hebrew, "H:i, j xg Y") is not None


def test_an_unknown_language_code_is_the_operators_to_fix(settings):
    with pytest.raises(ConsultationRulesError, match="unknown wiki language 'xx-nowhere'"):
        for_languages(settings, ["xx-nowhere"])


def test_the_wikis_own_namespace_aliases_come_from_its_siteinfo(settings):
    text = "== Q ==\nТекст. [[У:Пример|Пример]] ([[ОУ:Пример|обс.]]) 19:48, 3 февраля 2011 (UTC)\n"
    alone = summary_to_json(summarise(parse_discussion("ru", text, for_languages(settings, ["ru"]))))
    assert alone["totals"]["comments"] == 0  # У: and ОУ: are ruwiki's aliases, in no language file
    ruwiki = WikiConventions("ru", user_namespaces=("Участник", "У", "ОУ"))
    rules = with_wiki(for_languages(settings, ["ru"]), ruwiki)
    data = summary_to_json(summarise(parse_discussion("ru", text, rules)))
    assert data["sections"][0]["participants"] == ["Пример"]
