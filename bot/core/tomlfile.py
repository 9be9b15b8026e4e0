"""Reading the project's TOML files with one-line errors for the operator.

Every data file (the schema, the settings, the country table, the
consultation settings) is read the same way: a missing or malformed file is
an operator's error, reported as one line naming the file, never a traceback.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


def read_toml(path: Path, *, what: str, error: type[Exception]) -> dict[str, Any]:
    """The parsed file; ``error("<what>: ...")`` when it cannot be read or parsed."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise error(f"{what}: file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{what}: {path} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise error(f"{what}: cannot read {path}: {exc.strerror}") from None
