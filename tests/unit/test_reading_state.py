"""Incremental read planning and the atomic state file."""

from __future__ import annotations

import json
import os

import pytest

from bot.core.records import Snapshot
from bot.errors import StateError
from bot.sources.incremental import Listed, cached_pages, pages_state, plan
from bot.sources.state import load_state, save_state

CACHE = {1: Snapshot("P/A", "a", 10), 2: Snapshot("P/B", "b", 20), 3: Snapshot("P/C", "c", 30)}


def test_unchanged_pages_are_kept_and_changed_ones_fetched():
    todo = plan(CACHE, [Listed(1, "P/A", 10), Listed(2, "P/B", 21), Listed(3, "P/C", 30), Listed(4, "P/D", 40)])
    assert [s.title for s in todo.keep] == ["P/A", "P/C"]
    assert [i.pageid for i in todo.fetch] == [2, 4]
    assert todo.removed == ()


def test_pages_missing_from_the_listing_are_removed():
    assert plan(CACHE, [Listed(1, "P/A", 10)]).removed == ("P/B", "P/C")


def test_a_moved_page_is_followed_under_its_new_title():
    todo = plan(CACHE, [Listed(1, "P/A2", 11), Listed(2, "P/B", 20), Listed(3, "P/C", 30)])
    assert todo.moved == (("P/A", "P/A2"),) and [i.title for i in todo.fetch] == ["P/A2"]
    assert todo.removed == ()


def test_the_cache_round_trips_through_the_state_and_skips_bad_entries():
    state = {"pages": {**pages_state(CACHE.items()), "9": {"title": "broken"}}}
    assert cached_pages(state) == CACHE


def test_state_is_written_atomically_and_read_back(tmp_path):
    path = tmp_path / "sub" / "state.json"
    save_state(path, {"pages": {"1": {"title": "x"}}}, key="wiki")
    loaded = load_state(path, key="wiki")
    assert loaded.usable and loaded.data["pages"] == {"1": {"title": "x"}}
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


@pytest.mark.parametrize(
    "content, word", [("{not json", "corrupt"), ('{"version": 99}', "unknown format"), ("[]", "unknown format")]
)
def test_a_damaged_state_file_gives_a_warning_not_an_error(tmp_path, content, word):
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    loaded = load_state(path, key="wiki")
    assert not loaded.usable and word in loaded.warning


def test_a_state_for_another_wiki_is_not_used(tmp_path):
    path = tmp_path / "state.json"
    save_state(path, {"pages": {}}, key="other")
    assert "another wiki" in load_state(path, key="wiki").warning


def test_a_missing_state_file_means_reading_everything(tmp_path):
    assert "reading every page" in load_state(tmp_path / "none.json", key="w").warning


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_state_folder_is_one_line(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(StateError, match="cannot write state file"):
        save_state(folder / "s.json", {}, key="w")


def test_a_failed_write_leaves_the_old_state_intact(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    save_state(path, {"pages": {"1": {}}}, key="w")

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(StateError):
        save_state(path, {"pages": {}}, key="w")
    assert json.loads(path.read_text())["pages"] == {"1": {}}
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
