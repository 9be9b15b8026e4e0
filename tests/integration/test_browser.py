"""End to end in a real browser: MediaWiki's table sorter on the published index.

Headless Chromium (Debian's ``chromium`` and ``chromium-driver``, installed by
``make test`` through ``scripts/local_wiki.py ensure-browser``) opens the
index the bot published, clicks the start-date column header and checks that
the rows are then in date order: MediaWiki's sorter reads the cells'
``data-sort-value``, so ``2018``, ``May 2018`` and ``2018-05-05`` sort by date,
not as text. A screenshot of the overview is kept under ``test-output/``.

In the reader's language: an infobox opened with ``uselang=de`` and with
``uselang=ar`` (its labels, and right to left the label to the right of its
value), and a list with ``lang=ar`` whose first column is on the right;
screenshots ``infobox-de.png``, ``infobox-ar.png`` and ``list-ar.png``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from bot.jobs.update import UpdateOptions, run_update
from bot.sources.offline import filename_for_title
from tests.integration.wikitools import job_context, own_registry

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"

STARTS = {
    "Alpha": "2018-05-05",
    "Bravo": "2009",
    "Charlie": "May 2018",
    "Delta": "2018",
    "Echo": "12 March 2021",
    "Foxtrot": "",
    "Golf": "2011-02",
}


@pytest.fixture
def published(local_wiki, site, admin_site, pywikibot, page_prefix, tmp_path):
    """A registry of pages with mixed start-date spellings, published by the update job."""
    from bot.wiki import Wiki

    schema, settings = own_registry(pywikibot, admin_site, page_prefix, tmp_path / "state")
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, start in STARTS.items():
        text = (
            f"{{{{{schema.template}\n| name = {name}\n| partner = {name} Org\n| type = alliance\n| level = global\n"
            f"| status = active\n| start = {start}\n| regions = global\n}}}}\n"
        )
        (folder / filename_for_title(f"{page_prefix}P/{name}")).write_text(text, encoding="utf-8")
    assert local_wiki.run_script("seed", "--dir", str(folder)).returncode == 0
    report = run_update(job_context(Wiki.attach(site), schema=schema, settings=settings), UpdateOptions())
    assert report.ok and report.edits == 5
    return settings


def url(local_wiki, title: str) -> str:
    return f"{local_wiki.url}/index.php?title={quote(title.replace(' ', '_'))}"


def test_clicking_the_start_date_header_sorts_the_index_by_date(browser, local_wiki, published):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url(local_wiki, published.pages.index))
    wait = WebDriverWait(browser, 30)
    table = wait.until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "table.wikitable.sortable.jquery-tablesorter"))
    )
    headers = table.find_elements(By.CSS_SELECTOR, "thead th, tr:first-child th")
    labels = [h.text.strip() for h in headers]
    column = labels.index("Start date")

    def names_and_keys() -> list[tuple[str, str]]:
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        out = []
        for row in rows:
            cells = row.find_elements(By.CSS_SELECTOR, "td")
            if cells:
                out.append((cells[0].text.strip(), cells[column].get_attribute("data-sort-value") or ""))
        return out

    assert [name for name, _ in names_and_keys()] == sorted(STARTS)  # published in name order
    headers[column].click()
    wait.until(
        lambda _: (
            "headerSortUp" in headers[column].get_attribute("class")
            or "headerSortDown" in headers[column].get_attribute("class")
        )
    )
    order = [name for name, _ in names_and_keys()]
    assert order == ["Bravo", "Golf", "Delta", "Charlie", "Alpha", "Echo", "Foxtrot"]
    keys = [int(key) for _, key in names_and_keys()]
    assert keys == sorted(keys)


def test_the_overview_renders_and_a_screenshot_is_kept(browser, local_wiki, published):
    from selenium.webdriver.common.by import By

    browser.get(url(local_wiki, published.pages.overview))
    tables = browser.find_elements(By.CSS_SELECTOR, "table.wikitable")
    assert len(tables) >= 5
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "overview.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


@pytest.fixture
def deployed(local_wiki, site, admin_site, pywikibot, tmp_path):
    """A registry with its own Module:Partnerships deployed, a dozen pages, published by the update job."""
    from tests.integration.test_module import make_registry

    return make_registry(local_wiki, site, admin_site, pywikibot, tmp_path, corpus=False)


def test_the_infobox_in_german_and_in_arabic_right_to_left_with_screenshots(browser, local_wiki, deployed):
    """uselang= sets the reader's interface language, which Module:Partnerships reads through {{int:lang}}."""
    from selenium.webdriver.common.by import By

    from bot.core.labels import field_label
    from bot.core.messages import messages_for

    OUTPUT.mkdir(parents=True, exist_ok=True)
    title = deployed.titles[0]
    spec = deployed.schema.by_name["type"]
    for language, shot in (("de", "infobox-de.png"), ("ar", "infobox-ar.png")):
        messages = messages_for(language)
        browser.get(url(local_wiki, title) + f"&uselang={language}")
        box = browser.find_element(By.CSS_SELECTOR, "table.partnership-infobox")
        assert box.get_attribute("lang") == language
        assert browser.execute_script("return getComputedStyle(arguments[0]).direction", box) == messages.direction
        row = box.find_element(By.CSS_SELECTOR, "tr[data-field='type']")
        label, value = row.find_element(By.CSS_SELECTOR, "th"), row.find_element(By.CSS_SELECTOR, "td")
        assert label.text == field_label(messages, spec) and spec.label not in box.text
        # Right to left, the label stands to the right of its value, and the box floats left.
        label_x, value_x = label.rect["x"], value.rect["x"]
        assert (label_x > value_x) if messages.direction == "rtl" else (label_x < value_x)
        assert box.screenshot(str(OUTPUT / shot)) and (OUTPUT / shot).stat().st_size > 5_000


def test_a_list_in_arabic_reads_right_to_left_with_a_screenshot(browser, local_wiki, admin_site, pywikibot, deployed):
    from selenium.webdriver.common.by import By

    from tests.integration.wikitools import edit

    title = f"{deployed.prefix}Arabic chapter page"
    edit(pywikibot, admin_site, title, "{{" + deployed.list_template + "|status=active|lang=ar}}")
    browser.get(url(local_wiki, title))
    table = browser.find_element(By.CSS_SELECTOR, "table.partnerships-list")
    assert table.get_attribute("lang") == "ar" and table.get_attribute("dir") == "rtl"
    headers = table.find_elements(By.CSS_SELECTOR, "th")
    assert (
        headers[0].text == "الاسم" and headers[0].rect["x"] > headers[-1].rect["x"]
    )  # the name column is on the right
    assert len(table.find_elements(By.CSS_SELECTOR, "tr[data-page]")) == 6
    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert table.screenshot(str(OUTPUT / "list-ar.png"))
