#!/usr/bin/env python3
"""Registry pages with missing fields, unknown values, unreadable dates or unknown parameters; -fix normalises values.

A thin script: the logic is in bot/core/audits/ (see docs/audits.md). Run with
-help for the options and examples.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.cli.audits import SCRIPTS

if __name__ == "__main__":
    sys.exit(SCRIPTS["audit_fields"].main())
