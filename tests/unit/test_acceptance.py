"""Hand-checked acceptance cases: pages written from the spec, expectations by hand.

``tests/fixtures/registry/expected.json`` was written from the spec's text
before the extractor existed; each page's listed fields must come out as
stated and its problems must be exactly the listed (field, code, severity).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.extract import extract
from bot.sources.offline import DirSource
from tests import support

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "registry"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
SNAPSHOTS = {s.title: s for s in DirSource(FIXTURES)}


@pytest.mark.parametrize("title", sorted(EXPECTED))
def test_acceptance_page_gives_the_hand_checked_record_and_problems(schema, title):
    record = extract(SNAPSHOTS[title], schema, support.countries())
    expected = EXPECTED[title]
    got = {
        name: (list(v) if isinstance(v, tuple) else v)
        for name, v in record.values.items()
        if name in expected["record"]
    }
    assert got == expected["record"]
    problems = sorted((p.field, p.code, p.severity) for p in record.problems)
    assert problems == sorted((p["field"], p["code"], p["severity"]) for p in expected["problems"])


def test_every_acceptance_page_has_expectations():
    assert set(SNAPSHOTS) == set(EXPECTED)
