#!/usr/bin/env python3
"""The same partner registered more than once: equal Wikidata ids, website domains, near-equal names.

A thin script: the logic is in bot/core/audits/ (see docs/audits.md). Run with
-help for the options and examples.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli.audits import SCRIPTS

if __name__ == "__main__":
    sys.exit(SCRIPTS["audit_duplicates"].main())
