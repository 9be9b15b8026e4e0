"""Plain text and list items, the way a reader sees the rendered value."""

from __future__ import annotations

import pytest

from bot.core.wikitext import parse, plain_text, split_items, strip_noise


@pytest.mark.parametrize(
    "wikitext, expected",
    [
        ("[[OpenStreetMap Foundation|OSMF]]", "OSMF"),
        ("[[OpenStreetMap]]", "OpenStreetMap"),
        ("[[:en:Europeana]]", "en:Europeana"),
        ("'''Wiki''' ''Loves''", "Wiki Loves"),
        ("UNESCO<ref>{{cite web|url=https://x}}</ref>", "UNESCO"),
        ("UNESCO<ref name=a/>", "UNESCO"),
        ("[[File:Logo.svg|20px]] Europeana", "Europeana"),
        ("[[Datei:Logo.svg|20px]] Europeana", "Europeana"),
        ("[[Category:Partnerships]]Text", "Text"),
        ("a<br>b<br/>c<br />d</br >e", "a b c d e"),
        ("{{nowrap|New York}}", "New York"),
        ("{{lang|fr|Bibliothèque nationale}}", "Bibliothèque nationale"),
        ("{{citation needed}}Text", "Text"),
        ("<translate><!--T:3--> Hello world</translate>", "Hello world"),
        ("Foo &amp; Bar&nbsp;Baz", "Foo & Bar Baz"),
        ("  lots \n of   space  ", "lots of space"),
        ("[https://example.org Example site]", "Example site"),
        ("<span style='color:red'>red</span>", "red"),
    ],
)
def test_plain_text_is_what_a_reader_sees(schema, wikitext, expected):
    assert plain_text(strip_noise(parse(wikitext)), schema.text) == expected


@pytest.mark.parametrize(
    "wikitext, commas, expected",
    [
        ("A<br>B<br/>C", False, ["A", "B", "C"]),
        ("\n* A\n* B\n", False, ["A", "B"]),
        ("\n# A\n# B", False, ["A", "B"]),
        ("{{ubl|A|B}}", False, ["A", "B"]),
        ("{{Unbulleted list|A|B}}", False, ["A", "B"]),
        ("{{plainlist|\n* A\n* B}}", False, ["A", "B"]),
        ("{{hlist|A|B}}", False, ["A", "B"]),
        ("A, B; C", True, ["A", "B", "C"]),
        ("A, B", False, ["A, B"]),
        ("[[Foo, Bar]], Baz", True, ["[[Foo, Bar]]", "Baz"]),
        ("{{flag|Korea, South}}, Kenya", True, ["{{flag|Korea, South}}", "Kenya"]),
        ("A<br><br>B", False, ["A", "B"]),
        ("A<!-- , B -->", True, ["A"]),
    ],
)
def test_lists_split_on_every_separator_editors_use(schema, wikitext, commas, expected):
    items = split_items(strip_noise(parse(wikitext)), schema.text, commas=commas)
    assert [str(i).strip() for i in items] == expected
