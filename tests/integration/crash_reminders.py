"""A reminders run that is killed with SIGKILL right after its first save (for test_reminders.py).

Run as ``python -m tests.integration.crash_reminders SETTINGS_JSON`` with
``PYWIKIBOT_DIR`` pointing at the local wiki. The crash is injected through
the job's save guard, the seam the scheduler uses to finish a save before a
signal: its exit runs when the save has returned, before the job writes its
state, and there it kills the process outright, as ``kill -9`` would.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.jobs.context import JobContext
from bot.jobs.reminders import RemindersOptions, run_reminders
from bot.wiki import connect
from tests.integration.reminder_setup import configuration


@contextmanager
def killed_after_the_save() -> Iterator[None]:
    yield
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    given = json.loads(sys.argv[1])
    config = configuration(**given)
    wiki = connect([], log_file=Path(given["state_dir"]) / "pywikibot.log")
    ctx = JobContext.on(wiki, config, sys.stdout, save_guard=killed_after_the_save)
    run_reminders(ctx, RemindersOptions())


if __name__ == "__main__":
    main()
