"""The door to Pywikibot: its configuration checked, its output logged, its exceptions translated.

Three things happen here and nowhere else:

* **Before Pywikibot is imported**, :func:`check_user_config` looks for
  ``user-config.py`` where Pywikibot would (``-dir:``, ``PYWIKIBOT_DIR``, the
  working directory, ``~/.pywikibot``). Installed as a package, Pywikibot
  silently falls back to ``test.wikipedia.org`` without one; the bot stops
  with :class:`PywikibotNotConfigured` instead.
* **Pywikibot's terminal output goes to a log file** (:func:`route_output`):
  its retry warnings and tracebacks (a hundred lines when the wiki is down)
  and its "Logging in" lines are written to ``<state_dir>/logs/pywikibot.log``,
  so the terminal shows only the bot's own lines. ``-verbose`` or ``-debug``
  keeps Pywikibot's usual output.
* **Exceptions are translated** (:func:`translated`): whatever Pywikibot or
  ``requests`` raises becomes one :class:`bot.errors.OperatorError` whose
  line says what happened and what to do, naming the wiki's host and port
  when it does not answer. Nothing above :mod:`bot.wiki` sees a Pywikibot
  exception.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import socket
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.errors import (
    LoginFailed,
    MissingRight,
    OperatorError,
    PywikibotNotConfigured,
    WikiError,
    WikiReadOnly,
    WikiRefused,
    WikiUnreachable,
)

CONFIG_FILE = "user-config.py"
VERBOSE_FLAGS = ("-verbose", "-v", "-debug")
LOG_NAME = "pywikibot.log"
_HOST_PORT = re.compile(r"host='([^']+)', port=(\d+)")
_FAMILY_LINE = re.compile(r"^\s*(family|family_files\s*\[)", re.MULTILINE)


# --- Before the import: where user-config.py is ----------------------------------------------------


def config_dir(global_args: Sequence[str], environ: Mapping[str, str], cwd: Path, home: Path) -> Path | None:
    """The folder Pywikibot would read ``user-config.py`` from, or None when it would find none.

    The order is Pywikibot's own (``pywikibot.config.get_base_dir``):
    ``-dir:``, then ``PYWIKIBOT_DIR`` (when that folder has the file), the
    working directory, then ``~/.pywikibot``.
    """
    for arg in global_args:
        if arg.startswith("-dir:"):
            return Path(os.path.expanduser(arg.removeprefix("-dir:"))).resolve()
    candidates = []
    if environ.get("PYWIKIBOT_DIR"):
        candidates.append(Path(environ["PYWIKIBOT_DIR"]))
    candidates += [cwd, home / ".pywikibot"]
    for folder in candidates:
        if (folder / CONFIG_FILE).is_file():
            return folder.resolve()
    return None


def check_user_config(
    global_args: Sequence[str],
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    home: Path | None = None,
) -> Path:
    """The folder with ``user-config.py``; :class:`PywikibotNotConfigured` when there is none or it names no wiki."""
    environ = os.environ if environ is None else environ
    cwd = Path.cwd() if cwd is None else cwd
    home = Path.home() if home is None else home
    folder = config_dir(global_args, environ, cwd, home)
    named = environ.get("PYWIKIBOT_DIR")
    if folder is None or not (folder / CONFIG_FILE).is_file():
        where = (
            f"PYWIKIBOT_DIR={named} has no {CONFIG_FILE}"
            if named and folder is None
            else f"no {CONFIG_FILE} in {folder}"
            if folder is not None
            else f"no {CONFIG_FILE} in the working directory or ~/.pywikibot, and PYWIKIBOT_DIR is not set"
        )
        raise PywikibotNotConfigured(
            f"Pywikibot is not configured: {where}; copy user-config.py.sample there (or point PYWIKIBOT_DIR at "
            "the folder that has it). Without it Pywikibot would edit test.wikipedia.org"
        )
    text = (folder / CONFIG_FILE).read_text(encoding="utf-8", errors="replace")
    if not _FAMILY_LINE.search(text) and not any(a.startswith(("-family:", "-site:")) for a in global_args):
        raise PywikibotNotConfigured(
            f"{folder / CONFIG_FILE} names no wiki: set family and mylang (as in user-config.py.sample); without "
            "them Pywikibot would edit test.wikipedia.org"
        )
    return folder


# --- Pywikibot's output: to the log, not the terminal -----------------------------------------------


class _OnlyPrompts(logging.Filter):
    """Lets through only Pywikibot's questions to the user (its INPUT level)."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno == self.level


def route_output(log_file: Path | None, global_args: Sequence[str]) -> Path | None:
    """Send Pywikibot's terminal output to ``log_file`` (see the module docstring); the log's path, or None.

    Called after Pywikibot is imported and before ``handle_args``: its
    handlers are made now, so ``handle_args`` (which creates the site and
    may already retry a request) keeps them.
    """
    if any(a in VERBOSE_FLAGS or a.startswith("-debug:") for a in global_args):
        return None
    from pywikibot import bot as pwbot
    from pywikibot.logging import INPUT

    pwbot.init_handlers()
    root = logging.getLogger("pywiki")
    for handler in root.handlers:
        if not isinstance(handler, logging.FileHandler):
            handler.addFilter(_OnlyPrompts(INPUT))
    logging.getLogger("py.warnings").handlers[:] = [
        h for h in logging.getLogger("py.warnings").handlers if isinstance(h, logging.FileHandler)
    ]
    if log_file is None:
        return None
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    root.addHandler(handler)
    return log_file


# --- Exceptions, translated -------------------------------------------------------------------------


def endpoint() -> str:
    """The API URL of the configured wiki, worked out offline from Pywikibot's configuration."""
    try:
        from pywikibot import config
        from pywikibot.family import Family

        family = Family.load(config.family)
        code = config.mylang
        return str(family.base_url(code, family.apipath(code)))
    except Exception:  # a family that cannot even be loaded: the caller words it without a URL
        return "the configured wiki"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _reason(exc: BaseException) -> str:
    """Why the wiki did not answer, in a few words, from the exception and what caused it.

    Pywikibot wraps the cause in its own "Maximum retries attempted" error,
    so the whole chain is searched, most telling causes first.
    """
    texts = [(type(item).__name__, str(item)) for item in _chain(exc)]
    if any("Connection refused" in text for _, text in texts):
        return "connection refused: nothing listens there"
    if any(
        "Name or service not known" in text or "NameResolution" in text or "getaddrinfo" in text for _, text in texts
    ):
        return "the host name does not resolve"
    for name, text in texts:
        status = re.search(r"\b(5\d\d)\b", text)
        if "ServerError" in name and status:
            return f"HTTP {status.group(1)} (a server error)"
    if any("timed out" in text.lower() or ("Timeout" in name and name != "ApiTimeoutError") for name, text in texts):
        return "it timed out"
    return ""


def _host_port(exc: BaseException, url: str) -> tuple[str, int] | None:
    for item in _chain(exc):
        found = _HOST_PORT.search(str(item))
        if found:
            return found.group(1), int(found.group(2))
    match = re.match(r"^(\w+)://([^/:]+)(?::(\d+))?", url)
    if match:
        return match.group(2), int(match.group(3) or (443 if match.group(1) == "https" else 80))
    return None


def probe(host: str, port: int, timeout: float = 3.0) -> str:
    """What a plain TCP connection to ``host:port`` says, in a few words (one attempt, no retries).

    Pywikibot keeps only "Maximum retries attempted" of why its requests
    failed; this one look tells a stopped server from a wrong host name.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return "the server accepts connections but its API gave no usable answer"
    except ConnectionRefusedError:
        return "connection refused: nothing listens there"
    except socket.gaierror:
        return "the host name does not resolve"
    except TimeoutError:
        return "it timed out"
    except OSError as exc:
        return exc.strerror or "the connection failed"


def _where(exc: BaseException, url: str) -> str:
    found = _host_port(exc, url)
    return f"{found[0]}:{found[1]} ({url})" if found else url


def describe(exc: BaseException, *, url: str | None = None, log: Path | None = None) -> OperatorError:
    """The operator error that stands for a Pywikibot or ``requests`` exception."""
    if isinstance(exc, OperatorError):
        return exc
    from pywikibot import exceptions as pwb

    url = url or endpoint()
    details = f"; Pywikibot's log: {log}" if log else ""
    one = " ".join(str(exc).split())[:300]
    if isinstance(exc, pwb.NoUsernameError):
        return LoginFailed(
            f"the wiki at {url} refused the login ({one}): check the account in user-config.py "
            "(usernames) and its BotPassword in the password file (user-password.py)"
        )
    if isinstance(exc, pwb.MaxlagTimeoutError):
        return WikiUnreachable(
            f"the wiki at {url} stayed lagged above write_maxlag through Pywikibot's retries "
            f"(max_retries in user-config.py); nothing more was written, the next run tries "
            f"again{details}"
        )
    if isinstance(exc, pwb.APIError):
        code = getattr(exc, "code", "")
        info = " ".join(str(getattr(exc, "info", "") or "").split())[:200]
        if code in ("readonly", "ReadOnlyError"):
            return WikiReadOnly(
                f"the wiki at {url} is in read-only mode ({info or 'maintenance'}); nothing more was "
                "written, the next run tries again"
            )
        if code in ("permissiondenied", "writeapidenied", "mwoauth-invalid-authorization", "badaccess-groups"):
            return MissingRight(
                f"the wiki at {url} refused a request for lack of a right ({code}: {info}): give the "
                "account, or its BotPassword's grants, the right the job needs"
            )
        return WikiRefused(f"the wiki at {url} refused a request ({code}: {info})")
    if isinstance(exc, (pwb.SiteDefinitionError, pwb.UnknownExtensionError)):
        return PywikibotNotConfigured(f"Pywikibot cannot use the wiki named in user-config.py: {one}")
    unreachable = isinstance(exc, (pwb.ApiTimeoutError, pwb.ServerError, ConnectionError, TimeoutError, OSError))
    if not unreachable:
        unreachable = any(type(item).__module__.startswith(("requests", "urllib3")) for item in _chain(exc))
    if unreachable:
        reason = _reason(exc)
        where = _host_port(exc, url)
        if not reason and where is not None:
            reason = probe(*where)
        return WikiUnreachable(
            f"the wiki at {_where(exc, url)} does not answer ({reason or 'no answer'}); is it running and "
            f"reachable from here? Nothing was written; the next run tries again{details}"
        )
    if isinstance(exc, pwb.Error):
        return WikiRefused(f"Pywikibot could not complete a request to {url}: {one}")
    return WikiError(f"{type(exc).__name__} while talking to {url}: {one}")


@contextmanager
def translated(*, url: str | None = None, log: Path | None = None) -> Iterator[None]:
    """Turn any exception from Pywikibot or ``requests`` inside the block into an :class:`OperatorError`.

    Only exceptions from the network libraries are translated; the bot's own
    exceptions (and bugs) pass unchanged.
    """
    try:
        yield
    except OperatorError:
        raise
    except Exception as exc:
        if not _from_the_network(exc):
            raise
        raise describe(exc, url=url, log=log) from None


def _from_the_network(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("pywikibot", "requests", "urllib3")) or isinstance(exc, (ConnectionError, TimeoutError))


def quick(config: Any, *, retries: int = 1, wait: float = 2.0) -> dict[str, Any]:
    """Pywikibot's retry settings, lowered while connecting; returns the previous values to restore.

    A wiki that is down should be reported in seconds, not after the ten
    minutes of retries that suit a running job.
    """
    previous = {"max_retries": config.max_retries, "retry_wait": config.retry_wait}
    config.max_retries = min(config.max_retries, retries)
    config.retry_wait = min(config.retry_wait, wait)
    return previous
