"""The summarise job against the real local wiki: what the posted summary renders, and what it never does.

Each test writes its consultation as a human (``admin_site``) under its own
``page_prefix``, runs the job with its own settings (not config/bot.toml),
and checks the result with ``action=parse``: the numbers readers see, the
categories, templates and links the page really has, and the section ids
the summary's links must reach.
"""

from __future__ import annotations

import html
import io
import re
from urllib.parse import unquote

import pytest

from bot.config import ConsultationConfig, PublishSettings, Settings
from bot.core.markers import begin_marker, end_marker
from bot.jobs.summarise import run_summarise
from tests.integration.wikitools import edit, job_context

CONSULTATION = """The working group asks two questions. Please sign with four tildes.

== How should partnerships be recorded? ==
In a registry on Meta. [[User:Ana|Ana]] ([[User talk:Ana|talk]]) 12:34, 5 May 2019 (UTC)
:Agreed, with a template. [[User:Bo|Bo]] 08:00, 9 May 2019 (UTC)
Mit einer Vorlage. [[Benutzer:Cä|Cä]] ([[Benutzer Diskussion:Cä|Diskussion]]) 14:02, 10. Mai 2019 (CEST)

== Who maintains the registry? ==
* {{support}} The affiliates. [[User:Ana|Ana]] 10:00, 11 May 2019 (UTC)
* <s>{{oppose}}</s> {{support}} Fine. [[User:Bo|Bo]] 11:00, 11 May 2019 (UTC)
"""

# What an editor can write so that readers SEE markup (character references) next to real markup.
HOSTILE = """== Plans &#91;&#91;Category:Hostile&#93;&#93; &#123;&#123;subst:X&#125;&#125; ==
&#91;&#91;Category:X&#93;&#93; &#123;&#123;subst:Foo&#125;&#125; &#126;&#126;&#126;&#126; &#124;} {&#124; \
&#91;&#91;File:Example.png&#93;&#93; __NOTOC__ &lt;ref&gt;x&lt;/ref&gt; https://evil.example \
[[Category:Real]] <nowiki>~~~~</nowiki> --[[User:Evil|Evil]] 12:00, 5 May 2019 (UTC)
&#123;&#123;Partnership&#124;name=Injected&#125;&#125; &#61;&#61; Fake &#61;&#61; [[User:Evil2|E2]] 12:05, 5 May 2019 (UTC)

== &#123;&#124; table ==
&#124;- &#124; cell &#33;&#33; x [[User:Evil|Evil]] 12:10, 5 May 2019 (UTC)
"""

HEADINGS = """== Comments ==
One. [[User:Ana|Ana]] 12:00, 5 May 2019 (UTC)
== comments ==
Two. [[User:Bo|Bo]] 12:00, 6 May 2019 (UTC)
== Comments ==
Three. [[User:Cy|Cy]] 12:00, 7 May 2019 (UTC)
== Comments 2 ==
Four. [[User:Dee|Dee]] 12:00, 8 May 2019 (UTC)
== Use ''italics'' & [[Help:Links|links]] ==
Five. [[User:Eve|Eve]] 12:00, 9 May 2019 (UTC)
=== Café: naïve / 100% sure? ===
Six. [[User:Fay|Fay]] 12:00, 10 May 2019 (UTC)
== CAFÉ: NAÏVE / 100% SURE? ==
Seven. [[User:Gus|Gus]] 12:00, 11 May 2019 (UTC)
== CAFé: naïve / 100% sure? ==
Eight. [[User:Hal|Hal]] 12:00, 12 May 2019 (UTC)
"""


@pytest.fixture
def wiki(site):
    from bot.wiki import Wiki

    return Wiki.attach(site)


def revision(pywikibot, site, title: str) -> int:
    return pywikibot.Page(site, title).latest_revision_id


def settings_for(run_page: str, *consultations: ConsultationConfig) -> Settings:
    return Settings(publish=PublishSettings(run_page=run_page), consultations=consultations)


def run(wiki, schema, settings, *, simulate=False):
    out = io.StringIO()
    report = run_summarise(job_context(wiki, schema=schema, settings=settings, out=out, simulate=simulate))
    return report, out.getvalue()


def parsed(site, title: str) -> dict:
    request = site.simple_request(
        action="parse",
        page=title,
        formatversion="2",
        prop="text|categories|templates|links|externallinks|images|sections",
    )
    return request.submit()["parse"]


def _cell(raw: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", raw)).split())


def tables(page_html: str) -> list[list[list[str]]]:
    """Every table of the rendered page: rows of cell texts, as a reader sees them."""
    found = []
    for table in re.findall(r"<table.*?</table>", page_html, re.S):
        found.append(
            [
                [_cell(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
            ]
        )
    return found


def fragments(page_html: str) -> set[str]:
    return {unquote(html.unescape(f)) for f in re.findall(r'href="[^"#]*#([^"]+)"', page_html)}


def ids(page_html: str) -> set[str]:
    return {html.unescape(i) for i in re.findall(r'\bid="([^"]+)"', page_html)}


def test_the_posted_summary_renders_the_expected_numbers_and_a_second_run_makes_no_edit(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    page, target = f"{page_prefix}Consultation", f"{page_prefix}Consultation/Summary"
    edit(pywikibot, admin_site, page, CONSULTATION)
    questions = ("How should partnerships be recorded?", "Who maintains the registry?")
    settings = settings_for(run_page, ConsultationConfig(page, target, "summary", questions=questions))

    report, output = run(wiki, schema, settings)
    assert report.ok and report.edits == 1 and report.outcomes[0].status == "created", output

    rendered = parsed(site, target)
    overview = tables(rendered["text"])[0]
    assert overview[0][:7] == [
        "Section",
        "Comments",
        "Responses",
        "Replies",
        "Unanswered",
        "Participants",
        "Votes (support / oppose / neutral)",
    ]
    assert overview[1][:7] == ["How should partnerships be recorded?", "3", "2", "1", "1", "3", "0 / 0 / 0"]
    assert overview[2][:7] == ["Who maintains the registry?", "2", "1", "1", "0", "2", "2 / 0 / 0"]
    assert overview[3][:7] == ["Total", "5", "3", "2", "1", "3", "2 / 0 / 0"]
    assert overview[1][7:] == ["2019-05-05 12:34", "2019-05-10 12:02"]
    digest = tables(rendered["text"])[1]
    assert digest[1:] == [
        ["In a registry on Meta.", "Ana", "2019-05-05 12:34"],
        ["Mit einer Vorlage.", "Cä", "2019-05-10 12:02"],
    ]
    assert rendered["categories"] == [] and rendered["templates"] == [] and rendered["images"] == []
    assert fragments(rendered["text"]) <= ids(parsed(site, page)["text"])

    first = revision(pywikibot, site, target)
    again, output = run(wiki, schema, settings)
    assert again.ok and again.edits == 0 and again.outcomes[0].status == "unchanged", output
    assert revision(pywikibot, site, target) == first


def test_comment_text_adds_no_category_template_file_or_link_to_the_summary(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    page, target = f"{page_prefix}Consultation", f"{page_prefix}Summary"
    edit(pywikibot, admin_site, page, HOSTILE)
    settings = settings_for(run_page, ConsultationConfig(page, target, "summary"))
    report, output = run(wiki, schema, settings)
    assert report.edits == 1 and report.comments == 3, output

    source = parsed(site, page)
    assert [c["category"] for c in source["categories"]] == ["Real"]  # the real markup works on its own page
    rendered = parsed(site, target)
    assert rendered["categories"] == [] and rendered["templates"] == [] and rendered["images"] == []
    assert rendered["externallinks"] == [] and "<ref" not in rendered["text"]
    assert {link["title"] for link in rendered["links"]} == {page}
    assert rendered["sections"] == []
    visible = " ".join(_cell(rendered["text"]).split())
    assert (
        "[[Category:X]] {{subst:Foo}} ~~~~ |} {| [[File:Example.png]] __NOTOC__ <ref>x</ref> https://evil.example"
        in visible
    )
    assert "Plans [[Category:Hostile]] {{subst:X}}" in visible and "{{Partnership|name=Injected}}" in visible
    assert "|- | cell !!" in visible
    overview = tables(rendered["text"])[0]
    assert [row[:3] for row in overview[1:]] == [
        ["Plans [[Category:Hostile]] {{subst:X}}", "2", "2"],
        ["{| table", "1", "1"],
        ["Total", "3", "3"],
    ]

    first = revision(pywikibot, site, target)
    again, _ = run(wiki, schema, settings)
    assert again.edits == 0 and revision(pywikibot, site, target) == first


def test_simulate_shows_a_new_comment_and_saves_nothing_until_the_real_run(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    page, target = f"{page_prefix}Consultation", f"{page_prefix}Consultation/Summary"
    edit(pywikibot, admin_site, page, CONSULTATION)
    settings = settings_for(run_page, ConsultationConfig(page, target, "summary"))
    run(wiki, schema, settings)
    before = revision(pywikibot, site, target)
    edit(pywikibot, admin_site, page, CONSULTATION + "A new voice. [[User:Zed|Zed]] 09:00, 12 May 2019 (UTC)\n")

    simulated, output = run(wiki, schema, settings, simulate=True)
    assert simulated.edits == 0 and simulated.outcomes[0].status == "simulated"
    assert "+| Zed" in output and revision(pywikibot, site, target) == before

    real, _ = run(wiki, schema, settings)
    assert real.edits == 1 and "Zed" in pywikibot.Page(site, target).get(force=True)


def test_a_summary_between_markers_at_the_top_of_the_consultation_page(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    page = f"{page_prefix}Consultation"
    top = f"{begin_marker('summary')}\n{end_marker('summary')}\n"
    edit(pywikibot, admin_site, page, top + CONSULTATION)
    settings = settings_for(run_page, ConsultationConfig(page, page, "summary"))

    report, output = run(wiki, schema, settings)
    assert report.edits == 1 and report.outcomes[0].status == "saved", output
    text = pywikibot.Page(site, page).get(force=True)
    assert text.endswith(CONSULTATION.rstrip("\n")) or text.endswith(CONSULTATION)
    rendered = parsed(site, page)
    assert [s["line"] for s in rendered["sections"]] == [
        "How should partnerships be recorded?",
        "Who maintains the registry?",
    ]
    assert fragments(rendered["text"]) <= ids(rendered["text"])
    assert tables(rendered["text"])[0][-1][:3] == ["Total", "5", "3"]

    again, output = run(wiki, schema, settings)
    assert again.edits == 0 and again.comments == 5, output


def test_duplicate_and_marked_up_headings_link_to_the_ids_mediawiki_gives_them(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    page, target = f"{page_prefix}Headings", f"{page_prefix}Headings/Summary"
    edit(pywikibot, admin_site, page, HEADINGS)
    run(wiki, schema, settings_for(run_page, ConsultationConfig(page, target, "summary")))
    links = fragments(parsed(site, target)["text"])
    anchors = [s["anchor"] for s in parsed(site, page)["sections"]]
    assert links == set(anchors) and len(anchors) == 8


def test_an_existing_target_without_markers_is_left_alone(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    page, target = f"{page_prefix}Consultation", f"{page_prefix}Notes"
    edit(pywikibot, admin_site, page, CONSULTATION)
    edit(pywikibot, admin_site, target, "Notes a human keeps.")
    report, output = run(wiki, schema, settings_for(run_page, ConsultationConfig(page, target, "summary")))
    assert not report.ok and report.outcomes[0].status == "skipped" and "markers" in output
    assert pywikibot.Page(site, target).get(force=True) == "Notes a human keeps."


def test_consultation_pages_are_read_in_one_request_following_redirects(wiki, admin_site, pywikibot, page_prefix):
    titles = [f"{page_prefix}C{i}" for i in range(3)]
    for title in titles:
        edit(pywikibot, admin_site, title, CONSULTATION)
    edit(pywikibot, admin_site, f"{page_prefix}Moved", f"#REDIRECT [[{titles[0]}]]")
    before = wiki.requests
    found, problems = wiki.read_titles([*titles, f"{page_prefix}Moved", f"{page_prefix}Missing"])
    assert wiki.requests - before == 1
    assert sorted(found) == sorted([*titles, f"{page_prefix}Moved"])
    assert found[f"{page_prefix}Moved"].title == titles[0] and found[titles[1]].text == CONSULTATION.rstrip("\n")
    assert problems == {f"{page_prefix}Missing": "the page does not exist"}


ARCHIVE = """{{Archive top}}
== How should partnerships be recorded? ==
In a registry on Meta. [[User:Ana|Ana]] ([[User talk:Ana|talk]]) 12:34, 5 May 2019 (UTC)
{{Archive bottom}}
{{Discussion|1=
== Earlier question ==
* {{support}} An old vote. [[User:Dov|Dov]] 09:00, 1 May 2019 (UTC)
* {{oppose}} [[User:Eli|Eli]] 09:30, 1 May 2019 (UTC)
}}
"""


def test_a_consultation_on_several_pages_renders_one_summary_and_a_second_run_makes_no_edit(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    page, archive, target = f"{page_prefix}Consultation", f"{page_prefix}Consultation/Archive 1", f"{page_prefix}Sum"
    # a wrapper as Miraheze-style wikis have it: its parameter's headings render as sections
    edit(pywikibot, admin_site, "Template:Discussion", '<div class="discussion">{{{comment|}}}\n{{{1|}}}</div>')
    edit(pywikibot, admin_site, page, CONSULTATION)
    edit(pywikibot, admin_site, archive, ARCHIVE)
    consultation = ConsultationConfig(page, target, "summary", more_pages=(archive,))
    settings = settings_for(run_page, consultation)
    report, output = run(wiki, schema, settings)
    # Ana's comment stands on both pages (the same section, author, time and words): counted once
    assert report.ok and report.edits == 1 and report.comments == 7, output
    rendered = parsed(site, target)
    overview = tables(rendered["text"])[0]
    assert [row[:7] for row in overview[1:]] == [
        ["How should partnerships be recorded?", "3", "2", "1", "1", "3", "0 / 0 / 0"],
        ["Who maintains the registry?", "2", "1", "1", "0", "2", "2 / 0 / 0"],
        ["Earlier question", "2", "1", "1", "0", "2", "1 / 1 / 0"],
        ["Total", "7", "4", "3", "1", "5", "3 / 1 / 0"],
    ]
    # the archive's section links to the archive, where its heading is
    assert {link["title"] for link in rendered["links"]} == {page, archive}
    assert fragments(rendered["text"]) <= ids(parsed(site, page)["text"]) | ids(parsed(site, archive)["text"])

    first = revision(pywikibot, site, target)
    again, output = run(wiki, schema, settings)
    assert again.ok and again.edits == 0, output
    assert revision(pywikibot, site, target) == first


def test_the_wikis_namespaces_and_time_zone_are_read_from_its_siteinfo_and_cached(wiki, tmp_path):
    conventions = wiki.conventions(tmp_path)
    assert conventions.language == "en"
    assert {"User", "User talk"} <= set(conventions.user_namespaces)
    assert "Special" in conventions.special_namespaces and "Contributions" in conventions.contributions_pages
    assert (tmp_path / f"siteinfo-{wiki.key.replace(':', '-')}.json").exists()
    before = wiki.requests
    assert wiki.conventions(tmp_path) == conventions
    assert wiki.requests == before  # the second read comes from the cache


def test_summaries_in_every_configured_language_render_and_a_second_run_makes_no_edit(
    wiki, schema, site, admin_site, pywikibot, page_prefix, run_page
):
    from bot.config import Pages

    page, target = f"{page_prefix}Consultation", f"{page_prefix}Consultation/Summary"
    edit(pywikibot, admin_site, page, CONSULTATION)
    consultation = ConsultationConfig(page, target, "summary", questions=("How should partnerships be recorded?",))
    settings = Settings(
        publish=PublishSettings(run_page=run_page),
        pages=Pages(languages=("de", "ar")),
        consultations=(consultation,),
    )

    report, output = run(wiki, schema, settings)
    assert report.ok and report.edits == 3, output
    assert [o.status for o in report.outcomes] == ["created"] * 3, output

    english = tables(parsed(site, target)["text"])[0]
    assert english[0][0] == "Section" and english[-1][:2] == ["Total", "5"]
    german = parsed(site, f"{target}/de")
    overview = tables(german["text"])[0]
    assert overview[0][:6] == ["Abschnitt", "Kommentare", "Beiträge", "Antworten", "Unbeantwortet", "Teilnehmende"]
    assert overview[1][:7] == ["How should partnerships be recorded?", "3", "2", "1", "1", "3", "0 / 0 / 0"]
    assert overview[-1][:7] == ["Gesamt", "5", "3", "2", "1", "3", "2 / 0 / 0"]
    text = _cell(german["text"])
    assert "5 Kommentare (3 Beiträge, 2 Antworten) von 3 Personen" in text
    assert "Stimmen: 2 dafür, 0 dagegen, 0 Enthaltungen." in text
    assert 'lang="de" dir="ltr"' in german["text"]
    assert german["categories"] == [] and german["templates"] == []
    arabic = parsed(site, f"{target}/ar")
    assert 'dir="rtl"' in arabic["text"] and tables(arabic["text"])[0][-1][0] == "المجموع"

    revisions = [revision(pywikibot, site, t) for t in (target, f"{target}/de", f"{target}/ar")]
    again, output = run(wiki, schema, settings)
    assert again.ok and again.edits == 0, output
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3, output
    assert [revision(pywikibot, site, t) for t in (target, f"{target}/de", f"{target}/ar")] == revisions
