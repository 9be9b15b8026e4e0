#!/usr/bin/env python3
"""Partnerships whose page no longer tells the truth: ended but active, pending for long, not reviewed.

A thin script: the logic is in bot/core/audits/ (see docs/audits.md). Run with
-help for the options and examples.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli.audits import SCRIPTS

if __name__ == "__main__":
    sys.exit(SCRIPTS["audit_stale"].main())
