"""Offline sources: folders of .wiki files and streamed XML dumps."""

from __future__ import annotations

import bz2
import gzip

import pytest

from bot.errors import SourceError
from bot.sources.offline import DirSource, DumpSource, parse_source, title_from_filename

DUMP = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">
  <siteinfo><sitename>Meta</sitename></siteinfo>
  <page><title>Partnerships/OSM</title><ns>0</ns><id>1</id>
    <revision><id>10</id><timestamp>2020-01-01T00:00:00Z</timestamp>
      <contributor><username>A</username><id>99</id></contributor><text xml:space="preserve">old</text></revision>
    <revision><id>12</id><timestamp>2021-01-01T00:00:00Z</timestamp>
      <contributor><username>B</username><id>98</id></contributor><text xml:space="preserve">{{Partnership|name=OSM &amp; WM}}</text></revision>
  </page>
  <page><title>Partnerships/Empty</title><ns>0</ns><id>2</id>
    <revision><id>13</id><timestamp>2021-02-01T00:00:00Z</timestamp><text xml:space="preserve" /></revision>
  </page>
</mediawiki>"""


def test_file_names_are_url_decoded_titles():
    assert title_from_filename("Partnerships%2FOSM.wiki") == "Partnerships/OSM"
    assert title_from_filename("Partnerships%2FUN%20Women.wiki") == "Partnerships/UN Women"
    assert title_from_filename("Partnerships%2FWikipedia_Zero.wiki") == "Partnerships/Wikipedia Zero"


def test_a_folder_yields_its_wiki_files_in_name_order(tmp_path):
    (tmp_path / "Partnerships%2FB.wiki").write_text("b", encoding="utf-8")
    (tmp_path / "Partnerships%2FA.wiki").write_text("\ufeffa", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "Partnerships%2FLatin1.wiki").write_bytes("caf\xe9".encode("latin-1"))
    snaps = list(DirSource(tmp_path))
    assert [s.title for s in snaps] == ["Partnerships/A", "Partnerships/B", "Partnerships/Latin1"]
    assert snaps[0].text == "a" and snaps[0].revision is None
    assert snaps[2].text == "caf\ufffd"


def test_a_missing_folder_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        list(DirSource(tmp_path / "nope"))


@pytest.mark.parametrize("suffix, opener", [(".xml", open), (".xml.bz2", bz2.open), (".xml.gz", gzip.open)])
def test_a_dump_yields_the_last_revision_of_each_page(tmp_path, suffix, opener):
    path = tmp_path / ("dump" + suffix)
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write(DUMP)
    snaps = list(DumpSource(path))
    assert [(s.title, s.revision, s.timestamp) for s in snaps] == [
        ("Partnerships/OSM", 12, "2021-01-01T00:00:00Z"),
        ("Partnerships/Empty", 13, "2021-02-01T00:00:00Z"),
    ]
    assert snaps[0].text == "{{Partnership|name=OSM & WM}}" and snaps[1].text == ""


def test_a_broken_dump_is_a_source_error(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<mediawiki><page><title>x</title>", encoding="utf-8")
    with pytest.raises(SourceError, match="cannot read dump"):
        list(DumpSource(path))


def test_source_specs_are_parsed():
    assert isinstance(parse_source("dir:examples"), DirSource)
    assert isinstance(parse_source("dump:x.xml"), DumpSource)
    with pytest.raises(ValueError, match="unknown source"):
        parse_source("ftp:x")
