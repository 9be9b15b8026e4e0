"""The registry pages in other languages on the real wiki: German and Arabic.

With ``[pages] languages = ["de", "ar"]`` one update writes the index,
overview, problems and change log pages in English and at ``<title>/de`` and
``<title>/ar``; each renders through ``action=parse`` with no English word
left but what editors typed, the Arabic ones right to left; a second run
makes no edit; a headless Chromium screenshot of the Arabic overview is kept
under ``test-output/browser/``.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.core.messages import messages_for, read_messages
from bot.jobs.update import UpdateOptions, run_update
from bot.paths import I18N_DIR
from bot.sources.offline import filename_for_title
from tests.integration.wikitools import job_context, own_registry

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"
WORD = re.compile(r"[^\W\d_]{2,}")

PAGES = {
    "Kiwix": "| name = Kiwix offline\n| partner = Kiwix Association\n| type = collaboration\n| level = global\n"
    "| status = active\n| start = 2012-05\n| regions = global\n| areas = technology, content\n",
    "Biblioteca": "| name = Biblioteca Nacional\n| partner = Biblioteca Nacional de España\n| type = partnership\n"
    "| level = national\n| status = completed\n| start = 2015\n| end = 2019\n| regions = nwe\n| countries = Spain\n"
    "| areas = glam\n",
    "Broken": "| name = Broken Example\n| partner = Someone\n| type = friendship\n| level = galactic\n"
    "| status = active\n| start = 31 Febtember 2020\n| regions = Atlantis\n| websit = example.org\n",
}


@pytest.fixture
def published(local_wiki, site, admin_site, pywikibot, page_prefix, tmp_path):
    from bot.wiki import Wiki

    schema, settings = own_registry(pywikibot, admin_site, page_prefix, tmp_path / "state", languages=("de", "ar"))
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, body in PAGES.items():
        text = f"{{{{{schema.template}\n{body}}}}}\n"
        (folder / filename_for_title(f"{page_prefix}P/{name}")).write_text(text, encoding="utf-8")
    assert local_wiki.run_script("seed", "--dir", str(folder)).returncode == 0
    wiki = Wiki.attach(site)
    report = run_update(job_context(wiki, schema=schema, settings=settings), UpdateOptions())
    assert report.ok and report.edits == 5 + 8, report.line()
    return wiki, schema, settings


def rendered(site, title: str) -> str:
    return site.simple_request(action="parse", page=title, prop="text", formatversion="2").submit()["parse"]["text"]


def readable_words(page_html: str) -> set[str]:
    """The words of the rendered page's text (tags, attributes and MediaWiki's edit links left out)."""
    text = re.sub(r'<span class="mw-editsection">.*?</span></span>', " ", page_html, flags=re.S)
    text = re.sub(r'<h2 id="mw-toc-heading">.*?</h2>', " ", text, flags=re.S)  # MediaWiki's "Contents"
    text = re.sub(r"<[^>]+>", " ", text)
    return set(WORD.findall(html.unescape(text)))


def allowed_words(code: str, schema) -> set[str]:
    """The language's messages and CLDR month names, what editors typed, and what they type in the template.

    The problems page names parameters and accepted values as they are
    typed (``north-america``, ``measures_of_success``): those are ids, the
    same in every language.
    """
    words = {"edit"}  # MediaWiki's own section edit links, in the reader's (English) interface
    words |= {messages_for(code).month(number) for number in range(1, 13)}
    words |= set(WORD.findall(schema.template))
    for spec in schema.fields:
        words |= {w for name in (spec.name, *spec.aliases) for w in WORD.findall(name)}
    for enum in schema.enums.values():
        words |= {w for value in enum.values for w in WORD.findall(value.id)}
    for text in read_messages(I18N_DIR / f"{code}.json").values():
        words |= set(WORD.findall(text))
    for body in PAGES.values():  # what editors typed
        words |= set(WORD.findall(body))
    return words


@pytest.mark.parametrize("code", ["de", "ar"])
def test_the_language_pages_render_with_no_english_left(published, site, page_prefix, code):
    _, schema, settings = published
    pages = settings.pages
    allowed = allowed_words(code, schema) | set(WORD.findall(page_prefix))
    for title in (pages.index, pages.overview, pages.problems, pages.changes):
        text = rendered(site, pages.in_language(title, code))
        direction = "rtl" if code == "ar" else "ltr"
        assert f'<div lang="{code}" dir="{direction}" class="mw-content-{direction}">' in text, title
        lowered = {w.lower() for w in allowed}
        left = {
            w
            for w in readable_words(text)
            if w.lower() not in lowered
            and not (w.startswith("و") and w[1:].lower() in lowered)  # CLDR's "and" joined to the word
            and not (w.startswith("لـ") and w[2:].lower() in lowered)  # Arabic "for" joined to a name
        }
        assert not left, f"{title}/{code}: English (or unknown) words left: {sorted(left)}"
    german = rendered(site, pages.in_language(pages.index, "de"))
    assert "3 Partnerschaften." in german and "Art der Beziehung" in german and "Abgeschlossen" in german
    arabic = rendered(site, pages.in_language(pages.overview, "ar"))
    assert "حسب المناطق" in arabic and "المجموع" in arabic


def test_a_second_run_makes_no_edit_in_any_language(published):
    wiki, schema, settings = published
    again = run_update(job_context(wiki, schema=schema, settings=settings), UpdateOptions(full=True))
    assert again.ok and again.edits == 0, again.line()


def test_a_screenshot_of_the_arabic_overview_is_kept(browser, local_wiki, published):
    from selenium.webdriver.common.by import By

    _, _, settings = published
    title = settings.pages.in_language(settings.pages.overview, "ar")
    browser.get(f"{local_wiki.url}/index.php?title={quote(title.replace(' ', '_'))}")
    box = browser.find_element(By.CSS_SELECTOR, 'div[lang="ar"][dir="rtl"]')
    table = box.find_element(By.CSS_SELECTOR, "table.wikitable")
    assert table.value_of_css_property("direction") == "rtl"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "overview-ar.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_deploy_writes_the_main_page_and_preload_in_each_language_around_its_index(published, site, page_prefix):
    import io

    from bot.core.onwiki import load_sources
    from bot.jobs.deploy import DeployOptions, run_deploy

    wiki, schema, settings = published
    settings = replace(
        settings,
        deploy=replace(
            settings.deploy,
            module=f"{page_prefix}Partnerships",
            list_template=f"{page_prefix}Partnerships list",
            count_template=f"{page_prefix}Partnerships count",
        ),
    )
    out = io.StringIO()
    report = run_deploy(
        job_context(wiki, schema=schema, settings=settings, out=out), DeployOptions(force=True), sources=load_sources()
    )
    assert report.ok, out.getvalue()
    pages = settings.pages
    german = rendered(site, pages.in_language(pages.index, "de"))
    assert "Eine Partnerschaft hinzufügen" in german and "Partnerschaftsseite anlegen" in german
    assert "3 Partnerschaften." in german  # the German index the update wrote is kept inside the German main page
    assert f"{pages.preload}/de" in wiki.page_text(pages.in_language(pages.index, "de"))
    arabic = rendered(site, pages.in_language(pages.index, "ar"))
    assert 'dir="rtl"' in arabic and "إضافة شراكة" in arabic
    preload = wiki.page_text(f"{pages.preload}/de")
    assert "<!-- Trage ein" in preload and "== Hintergrund ==" in preload
    again = run_deploy(job_context(wiki, schema=schema, settings=settings, out=out), DeployOptions())
    assert again.ok and again.edits == 0, out.getvalue()
