"""Every mistake an operator can make, as one family of exceptions; and the exit statuses.

Editors' mistakes are data (problems on the problems page), never
exceptions. An operator's mistake (a broken configuration file, a missing
``user-config.py``, a wrong password, a missing right, a wiki that does not
answer) stops the run with exactly one line that says what to fix. Each kind
is one subclass of :class:`OperatorError`; the message is that line. Every
entry point (the commands, the audit scripts, the scheduler) catches the
base class alone, prints ``str(exc)`` and exits with ``exc.exit_status``, so
a new kind of mistake needs a subclass here and nothing else.

:mod:`bot.wiki` translates Pywikibot's and ``requests``' exceptions into
these at the door, so nothing above it ever sees a Pywikibot exception.

Exit statuses, the same in every command and script:

* ``0`` (:data:`EXIT_OK`): the command did its work (an audit ran, whatever
  it found; every page was published or already up to date);
* ``1`` (:data:`EXIT_FAILED`): an operator error, or the run refused to
  publish (the brake, an incomplete read) or skipped a page; the output
  says why;
* ``2`` (:data:`EXIT_USAGE`): the command line cannot be used;
* ``3`` (:data:`EXIT_STOPPED`): the run page does not say ``yes``, so
  nothing was written. Anyone on the wiki can stop the bot this way; it is
  not a fault of the bot, and schedulers may treat it as success
  (``SuccessExitStatus=3`` in systemd; see docs/operations.md).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_STOPPED = 3

EXIT_STATUS_HELP = (
    "Exit status: 0 done; 1 failed (an operator error, a refusal such as the brake, or a skipped page: the "
    "output says why); 2 unusable options; 3 stopped by the run page (nothing written)."
)
"""The one sentence every ``-help`` ends with."""


class OperatorError(Exception):
    """A mistake the operator must fix; ``str(exc)`` is the one line that says how.

    Subclasses name the kind of mistake; ``exit_status`` is what every
    command exits with when it stops on one.
    """

    exit_status: int = EXIT_FAILED

    def __str__(self) -> str:
        text = " ".join(super().__str__().split())
        return text or type(self).__name__


class UsageError(OperatorError):
    """The command line cannot be used: an unknown option, a missing value."""

    exit_status = EXIT_USAGE


# --- The project's own files ---------------------------------------------------------------------


class ConfigError(OperatorError):
    """``config/bot.toml`` (or the file ``-settings:`` names) is unusable."""


class SchemaError(OperatorError):
    """``config/schema.toml`` (or the file ``-schema:`` names) is unusable."""


class CountryTableError(OperatorError):
    """``config/countries.toml`` is unusable, or names a region the schema lacks."""


class ConsultationRulesError(OperatorError):
    """``config/consultations.toml`` (how talk pages are read) is unusable."""


class OnwikiSourceError(OperatorError):
    """A hand-written source in ``onwiki/`` is missing or uses an unknown slot."""


class SourceError(OperatorError):
    """An offline source (``-source:dir:`` or ``-source:dump:``) cannot be read."""


class StateError(OperatorError):
    """The state folder (``[publish] state_dir``) cannot be written."""


# --- Pywikibot and the wiki -----------------------------------------------------------------------


class WikiError(OperatorError):
    """The wiki cannot be used as configured; the subclasses say why."""


class PywikibotNotConfigured(WikiError):
    """No ``user-config.py`` where Pywikibot looks, or one that names no wiki."""


class LoginFailed(WikiError):
    """The account or its BotPassword was refused (``user-password.py``)."""


class MissingRight(WikiError):
    """The account lacks a user right a job needs (``bot``, ``editcontentmodel`` ...)."""


class WikiUnreachable(WikiError):
    """The wiki did not answer (refused, timed out, or a server error) through Pywikibot's retries."""


class WikiReadOnly(WikiError):
    """The wiki refuses every edit for now (``$wgReadOnly``, a database switch-over)."""


class WikiRefused(WikiError):
    """The wiki answered a request with an error the bot cannot work around."""


class LeaseError(WikiError):
    """The on-wiki lease page cannot be read or written."""
