"""The layers hold: what each package may import, where Pywikibot is used, and no field name in code.

The bot is layered (README, "Architecture"); lower layers never import
higher ones, counting imports inside functions too:

    errors, paths  <  core, config  <  sources  <  wiki  <  publish  <  jobs  <  service  <  cli

Only :mod:`bot.wiki` imports Pywikibot, and no module of ``bot/`` outside the
schema loader spells the name of a field of ``config/schema.toml``: code finds
fields by role (:class:`bot.core.schema.Role`), so the schema can rename them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.core.schema import load_schema

BOT = Path(__file__).resolve().parents[2] / "bot"

LAYERS = {
    "bot.errors": 0,
    "bot.paths": 0,
    "bot.core": 1,
    "bot.config": 1,
    "bot.sources": 2,
    "bot.wiki": 3,
    "bot.publish": 4,
    "bot.jobs": 5,
    "bot.service": 6,
    "bot.cli": 7,
    "bot.__main__": 7,
}
SCHEMA_LOADER = BOT / "core" / "schema.py"


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    best = None
    for prefix, layer in LAYERS.items():
        inside = module == prefix or module.startswith(prefix + ".")
        if inside and (best is None or len(prefix) > len(best[0])):
            best = (prefix, layer)
    return best[1] if best else None


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports (at any depth, also inside functions), with the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


MODULES = sorted(p for p in BOT.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_belongs_to_a_layer():
    assert [module_name(p) for p in MODULES if layer_of(module_name(p)) is None] == ["bot"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_a_module_imports_nothing_from_a_higher_layer(path):
    own = layer_of(module_name(path))
    if own is None:
        return
    wrong = [
        f"line {line}: {name}" for line, name in imports(path) if name.startswith("bot") and (layer_of(name) or 0) > own
    ]
    assert not wrong, f"{module_name(path)} (layer {own}) imports from a higher layer: {wrong}"


def test_the_core_imports_nothing_from_wiki_publish_jobs_service_or_cli():
    upper = ("bot.sources", "bot.wiki", "bot.publish", "bot.jobs", "bot.service", "bot.cli")
    for path in (p for p in MODULES if module_name(p).startswith("bot.core")):
        bad = [name for _, name in imports(path) if name.startswith(upper)]
        assert not bad, (module_name(path), bad)


def test_only_the_wiki_package_imports_pywikibot():
    users = sorted({module_name(p) for p in MODULES for _, name in imports(p) if name.split(".")[0] == "pywikibot"})
    assert users and all(name.startswith("bot.wiki") for name in users), users


def test_no_module_outside_the_schema_loader_names_a_field_of_the_schema():
    """What ``git grep '"areas"' bot/`` would find: a field name written in quotes anywhere in ``bot/``."""
    names = [spec.name for spec in load_schema().fields]
    quoted = re.compile(r"""["'](%s)["']""" % "|".join(map(re.escape, names)))
    found = [
        f"{path.relative_to(BOT.parent)}:{number}: {line.strip()}"
        for path in MODULES
        if path != SCHEMA_LOADER
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if quoted.search(line)
    ]
    assert not found, "field names in code (find the field by its role instead):\n" + "\n".join(found)


def test_the_readme_architecture_names_every_package_and_core_module_and_nothing_that_is_gone():
    readme = (BOT.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(bot/[\w/]+(?:\.py)?)`", section))
    core = BOT / "core"
    expected = {f"bot/{p.name}" for p in BOT.iterdir() if p.suffix == ".py" and p.name != "__init__.py"}
    expected |= {f"bot/{p.name}/" for p in BOT.iterdir() if p.is_dir() and p.name != "__pycache__"}
    expected |= {f"bot/core/{p.name}/" for p in core.iterdir() if p.is_dir() and p.name != "__pycache__"}
    expected |= {f"bot/core/{p.name}" for p in core.iterdir() if p.suffix == ".py" and p.name != "__init__.py"}
    missing = sorted(e for e in expected if e not in listed and e.rstrip("/") not in listed)
    assert not missing, f"README's architecture section lacks: {missing}"
    gone = sorted(p for p in listed if not (BOT.parent / p).exists())
    assert not gone, f"README's architecture section names files that do not exist: {gone}"
