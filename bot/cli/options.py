"""Command-line options in Pywikibot's style.

Pywikibot's *global* options (``-simulate``, ``-user:``, ``-family:``,
``-lang:``, ``-dir:`` ...) are handed to ``pywikibot.handle_args`` when the
command talks to a wiki; *script* options use the ``-name:value`` or
``-flag`` form. Offline commands never import Pywikibot, so they work with
no ``user-config.py`` and no network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.errors import UsageError
from bot.wiki.arguments import GENERATOR_OPTIONS, GLOBAL_FLAGS, GLOBAL_VALUED, is_generator_option  # noqa: F401


@dataclass(frozen=True, slots=True)
class Option:
    """One script option: ``-name`` (a flag) or ``-name:value``."""

    name: str
    help: str
    value: str | None = None  # metavar when the option takes a value
    choices: tuple[str, ...] = ()
    default: str | bool | None = None


@dataclass
class ParsedArgs:
    options: dict[str, str | bool | None]
    global_args: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> str | bool | None:
        return self.options[name]


def is_global(arg: str) -> bool:
    name, sep, _ = arg.partition(":")
    return (not sep and name in GLOBAL_FLAGS) or (bool(sep) and name in GLOBAL_VALUED)


def parse_args(args: Sequence[str], spec: Sequence[Option]) -> ParsedArgs:
    """Split global options off and read the script options against ``spec``."""
    known = {o.name: o for o in spec}
    parsed = ParsedArgs({o.name: o.default for o in spec})
    for arg in args:
        if is_global(arg) or (is_generator_option(arg) and arg[1:].partition(":")[0] not in known):
            parsed.global_args.append(arg)
            continue
        if not arg.startswith("-"):
            raise UsageError(f"unexpected argument '{arg}': options look like -name or -name:value")
        name, sep, value = arg[1:].partition(":")
        option = known.get(name)
        if option is None:
            hint = ", ".join("-" + o.name for o in spec) or "none"
            raise UsageError(f"unknown option '{arg}' (this command takes: {hint}; see -help)")
        if option.value is None:
            if sep:
                raise UsageError(f"-{name} takes no value (got '{arg}')")
            parsed.options[name] = True
            continue
        if not sep or not value:
            raise UsageError(f"-{name} needs a value: -{name}:{option.value}")
        if option.choices and value not in option.choices:
            raise UsageError(f"-{name}:{value} is not one of: {', '.join(option.choices)}")
        parsed.options[name] = value
    return parsed


def option_help(spec: Sequence[Option]) -> str:
    lines = []
    for o in spec:
        left = f"-{o.name}" + (f":{o.value}" if o.value else "")
        extra = f" (one of: {', '.join(o.choices)})" if o.choices else ""
        default = f" [default: {o.default}]" if isinstance(o.default, str) else ""
        lines.append(f"  {left:<24} {o.help}{extra}{default}")
    return "\n".join(lines)
