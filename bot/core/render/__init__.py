"""Pure renderers: records -> text (JSON, CSV, terminal tables, wikitext).

Every renderer is deterministic: the same records in any order give
byte-identical output, so re-running the bot never produces a spurious diff.
"""
