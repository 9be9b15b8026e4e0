"""Load ``config/bot.toml`` into a frozen :class:`Settings`.

The file holds the bot's settings (never secrets): the registry's scope, the
titles of the pages the bot writes, the index's columns and grouping, and
the overview's options. Every section and key is optional (defaults below);
an unknown section or key, or a bad value, is an operator's error:
:func:`load_settings` raises :class:`ConfigError` with one line that names
the key and says what to fix.

A new section needs an entry in :data:`SECTIONS` (and a dataclass here); a
list of tables (``[[consultations]]``, one table per entry) needs an entry in
:data:`ARRAYS`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "bot.toml"

PROBLEMS_COLUMN = "problems"
"""The index column that is not a schema field: the page's problem count."""

GROUP_NONE = "none"
DEFAULT_COLUMNS = (
    "name", "partner", "type", "level", "regions", "areas", "status",
    "start", "end", "last_reviewed", PROBLEMS_COLUMN,
)

_TITLE_FORBIDDEN = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]|~~~|__")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?$")


class ConfigError(Exception):
    """``config/bot.toml`` is unusable; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class RegistryScope:
    """Pages in scope: transcluding the template, in these namespaces, under this prefix."""

    namespaces: tuple[int, ...] = (0,)
    prefix: str = "Partnerships/"


@dataclass(frozen=True, slots=True)
class Pages:
    """Titles of the pages the bot writes."""

    index: str = "Partnerships/Registry"
    overview: str = "Partnerships/Registry/Overview"
    problems: str = "Partnerships/Registry/Problems"
    data: str = "Partnerships/Registry.json"


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """The index table: its columns (schema fields or ``problems``) and grouping.

    ``group_by`` is ``none`` or a field with an enumeration (``regions``,
    ``status``, ``type``, ...): one section per value, in the schema's order.
    """

    columns: tuple[str, ...] = DEFAULT_COLUMNS
    group_by: str = GROUP_NONE

    @property
    def grouped(self) -> bool:
        return self.group_by != GROUP_NONE


@dataclass(frozen=True, slots=True)
class OverviewSettings:
    """The overview: which statuses count as active (for the gaps table), bar colour."""

    active_statuses: tuple[str, ...] = ("active",)
    bar_color: str = "#36c"


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """How the bot writes: its run page, the brake, and where it keeps state.

    ``run_page`` may contain ``{user}``, the bot's account name. ``brake`` is
    the largest share of published index rows one run may remove (0.2: refuse
    when more than 20% would disappear) unless ``-force`` is given.
    """

    run_page: str = "User:{user}/Run"
    brake: float = 0.2
    state_dir: str = "state"
    docs_page: str = "User:{user}"

    def run_page_for(self, user: str) -> str:
        return self.run_page.replace("{user}", user)

    def summary_suffix(self, user: str) -> str:
        """Appended to every edit summary: a link to the bot's documentation page.

        Wikimedia's bot policy asks that a bot's edits lead a reader to the
        task and the operator; ``docs_page = ""`` leaves summaries bare.
        """
        page = self.docs_page.replace("{user}", user)
        return f" ([[{page}|partnerships bot]])" if page else ""


@dataclass(frozen=True, slots=True)
class ConsultationConfig:
    """One consultation the ``summarise`` job summarises (a ``[[consultations]]`` table).

    ``page`` holds the discussion; the summary is written to ``target``
    between the markers named ``marker`` (``target`` may be ``page`` itself
    when an editor put the markers there). ``questions`` are the guiding
    questions, matched to section headings; ``opens`` and ``closes`` (whole
    UTC days, both included) bound the window outside which comments are
    reported and not counted.
    """

    page: str
    target: str
    marker: str
    questions: tuple[str, ...] = ()
    opens: date | None = None
    closes: date | None = None


# Legal forms and organisation words ignored when partner names are compared
# (audit_duplicates): "Wikimedia Deutschland e.V." = "Wikimedia Deutschland".
DEFAULT_LEGAL_SUFFIXES = (
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp", "corporation", "co", "company",
    "gmbh", "ggmbh", "ag", "ev", "eingetragener verein", "verein", "stiftung", "foundation", "fondation",
    "fundacion", "fundacao", "fondazione", "stichting", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab",
    "as", "asbl", "vzw", "oy", "kk", "pty", "cic", "ngo", "association", "asociacion", "associacao",
    "associazione", "the",
)
# Hosts that many unrelated partnerships link to: an equal domain there is no evidence.
DEFAULT_SHARED_DOMAINS = (
    "wikimedia.org", "wikipedia.org", "wikidata.org", "wikimediafoundation.org", "github.com", "google.com",
    "facebook.com", "twitter.com", "x.com", "youtube.com", "linkedin.com", "medium.com", "wordpress.com",
    "blogspot.com",
)
# Role ids and the words that name them in working-group member tables (audit_members).
DEFAULT_ROLES = (
    ("volunteer", ("volunteer", "community member", "wikimedian", "editor")),
    ("staff", ("staff", "staff member", "employee", "contractor")),
    ("board", ("board", "board member", "trustee", "chair")),
)


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """The working-group audits (``scripts/audit_*.py``).

    ``review_months``: an entry whose ``last_reviewed`` (else its page's last
    edit) is older is "not reviewed"; ``pending_months``: a partnership in one
    of ``pending_statuses`` whose page has not changed for longer is stale.
    ``category``: the registry's category (without ``Category:``), for
    audit_orphans. ``member_pages``: working-group pages whose member tables
    audit_members reads. ``name_similarity``: the lowest score at which two
    partner names count as near-equal. ``roles``: role id -> spellings.
    """

    review_months: int = 12
    pending_months: int = 12
    pending_statuses: tuple[str, ...] = ("potential", "proposed")
    category: str = "Partnerships"
    member_pages: tuple[str, ...] = (
        "Strategy/Wikimedia movement/2018-20/Working Groups/Partnerships",
        "Strategy/Wikimedia movement/2018-20/Working Groups/Revenue Streams",
    )
    name_similarity: float = 0.9
    legal_suffixes: tuple[str, ...] = DEFAULT_LEGAL_SUFFIXES
    shared_domains: tuple[str, ...] = DEFAULT_SHARED_DOMAINS
    roles: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_ROLES


JOB_NAMES = ("update-full", "update", "summarise")
"""The jobs ``python -m bot run`` schedules, in the order they run when due together.

The full rebuild comes first, so an incremental update due in the same tick
finds nothing left to do. Template deploy is never scheduled.
"""


DEFAULT_EVERY = (("update-full", 1440), ("update", 15), ("summarise", 60))
"""Minutes between runs: the full rebuild daily, the incremental update every 15 minutes, summaries hourly."""


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    """``python -m bot run``: how often each job runs, and the guards around it.

    ``every`` gives minutes between runs per job (0: not scheduled).
    ``time_limit``: minutes one job may take before it is stopped (between
    saves, never inside one). ``retry_after``: minutes after which a failed
    job is tried again when its interval is longer. ``lock_file``: the file
    lock against a second instance on this machine (or this shared home).
    ``status_page``: where each job's status line goes, between the markers
    ``status-<job>``; "" for none. ``status_refresh``: minutes after which an
    unchanged status line is written again. ``lease_page``: an on-wiki lease
    for deployments on several hosts ("" for none), held by ``instance``
    (default ``user@host``) for ``lease_minutes``. ``require_bot_right``:
    refuse to start unless the account has the ``bot`` right.
    """

    every: tuple[tuple[str, int], ...] = DEFAULT_EVERY
    time_limit: int = 30
    retry_after: int = 15
    lock_file: str = "state/run.lock"
    status_page: str = "User:{user}/Status"
    status_refresh: int = 60
    lease_page: str = ""
    lease_minutes: int = 120
    instance: str = ""
    require_bot_right: bool = True

    def __post_init__(self) -> None:
        if self.lease_page and self.lease_minutes < 2 * self.time_limit:
            raise ConfigError(f"config/bot.toml: [schedule] lease_minutes ({self.lease_minutes}) must be at least twice "
                              f"time_limit ({self.time_limit}), so that a lease renewed before a job outlasts it")

    def interval(self, job: str) -> int:
        """Minutes between runs of ``job``; 0 when it is not scheduled."""
        return dict(self.every).get(job, 0)

    @property
    def scheduled(self) -> tuple[str, ...]:
        return tuple(name for name in JOB_NAMES if self.interval(name) > 0)

    def status_page_for(self, user: str) -> str:
        return self.status_page.replace("{user}", user)

    def lease_page_for(self, user: str) -> str:
        return self.lease_page.replace("{user}", user)


@dataclass(frozen=True, slots=True)
class DeploySettings:
    """The categories ``{{Partnership}}`` files pages into (names without ``Category:``).

    ``category`` holds every partnership page. Each field of
    ``category_fields`` (single-valued enumerations) adds a category per
    value, named by ``value_category``: ``{field}`` is the field's name,
    ``{value}`` the value's label (``Partnerships with status On hold``).
    ``missing_category`` tracks pages where a required field is empty,
    ``unknown_category`` pages with a value the template does not recognise.
    """

    category: str = "Partnerships"
    category_fields: tuple[str, ...] = ("type", "status")
    value_category: str = "Partnerships with {field} {value}"
    missing_category: str = "Partnerships with missing information"
    unknown_category: str = "Partnerships with unrecognised values"

    def value_category_for(self, field: str, value: str) -> str:
        return self.value_category.replace("{field}", field).replace("{value}", value)


@dataclass(frozen=True, slots=True)
class Settings:
    registry: RegistryScope = field(default_factory=RegistryScope)
    pages: Pages = field(default_factory=Pages)
    index: IndexSettings = field(default_factory=IndexSettings)
    overview: OverviewSettings = field(default_factory=OverviewSettings)
    publish: PublishSettings = field(default_factory=PublishSettings)
    consultations: tuple[ConsultationConfig, ...] = ()
    audits: AuditSettings = field(default_factory=AuditSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    deploy: DeploySettings = field(default_factory=DeploySettings)

    @property
    def own_pages(self) -> frozenset[str]:
        """The pages the bot writes: a source must never read them as partnerships."""
        return frozenset({self.pages.index, self.pages.overview, self.pages.problems, self.pages.data})


# --- Value checks: each returns the cleaned value or raises ConfigError ------

def _where(section: str, key: str) -> str:
    return f"config/bot.toml: [{section}] {key}"


def _string(section: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{_where(section, key)} must be a string in quotes (got {value!r})")
    return value


def _title(section: str, key: str, value: Any) -> str:
    title = _string(section, key, value).strip()
    if not title or _TITLE_FORBIDDEN.search(title):
        raise ConfigError(f"{_where(section, key)} must be a page title without # < > [ ] | {{ }} (got {value!r})")
    return title


def _strings(section: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{_where(section, key)} must be a list of non-empty strings, such as [\"a\", \"b\"] (got {value!r})")
    if len(set(value)) != len(value):
        raise ConfigError(f"{_where(section, key)} lists a value twice: {value!r}")
    return tuple(v.strip() for v in value)


def _namespaces(section: str, key: str, value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise ConfigError(f"{_where(section, key)} must be a list of namespace numbers, such as [0] (got {value!r})")
    return tuple(value)


def _color(section: str, key: str, value: Any) -> str:
    color = _string(section, key, value)
    if not _COLOR.match(color):
        raise ConfigError(f"{_where(section, key)} must be a CSS hex colour such as \"#36c\" (got {value!r})")
    return color


def _columns(section: str, key: str, value: Any) -> tuple[str, ...]:
    columns = _strings(section, key, value)
    if not columns:
        raise ConfigError(f"{_where(section, key)} must name at least one column, such as [\"name\", \"status\"]")
    return columns


def _group(section: str, key: str, value: Any) -> str:
    group = _string(section, key, value).strip()
    if not group:
        raise ConfigError(f"{_where(section, key)} must be \"{GROUP_NONE}\" or a field with an enumeration, such as \"regions\"")
    return group


Check = Callable[[str, str, Any], Any]

def _fraction(section: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise ConfigError(f"{_where(section, key)} must be a number from 0 to below 1, such as 0.2 (got {value!r})")
    return float(value)


def _run_page(section: str, key: str, value: Any) -> str:
    return _title(section, key, _string(section, key, value).replace("{user}", "USER")).replace("USER", "{user}")


def _folder(section: str, key: str, value: Any) -> str:
    folder = _string(section, key, value).strip()
    if not folder:
        raise ConfigError(f"{_where(section, key)} must name a folder, such as \"state\"")
    return folder


# A marker name goes inside an HTML comment (<!-- BEGIN partnerships-bot: NAME -->).
_MARKER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9 _.-]*[A-Za-z0-9])?$")


def _marker(section: str, key: str, value: Any) -> str:
    name = _string(section, key, value).strip()
    if not _MARKER.match(name) or "--" in name:
        raise ConfigError(f"{_where(section, key)} must be a name of letters, digits, spaces, '-', '_' and '.', "
                          f"such as \"consultation-summary\" (got {value!r})")
    return name


def _day(section: str, key: str, value: Any) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    elif isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ConfigError(f"{_where(section, key)} must be a date such as 2019-07-15 (got {value!r})")


def _questions(section: str, key: str, value: Any) -> tuple[str, ...]:
    return _strings(section, key, value)


def _months(section: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
        raise ConfigError(f"{_where(section, key)} must be a whole number of months from 1 to 600, such as 12 (got {value!r})")
    return value


def _similarity(section: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.5 <= value <= 1:
        raise ConfigError(f"{_where(section, key)} must be a number from 0.5 to 1, such as 0.9 (got {value!r})")
    return float(value)


def _category(section: str, key: str, value: Any) -> str:
    name = _title(section, key, value)
    return name.split(":", 1)[1].strip() if name.lower().startswith("category:") else name


def _titles(section: str, key: str, value: Any) -> tuple[str, ...]:
    return tuple(_title(section, key, v) for v in _strings(section, key, value))


def _roles(section: str, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not value:
        raise ConfigError(f"{_where(section, key)} must be a table of role = [spellings], "
                          f"such as [{section}.roles] volunteer = [\"volunteer\"] (got {value!r})")
    return tuple((str(role), _strings(section, f"{key}.{role}", spellings)) for role, spellings in value.items())


def _optional_page(section: str, key: str, value: Any) -> str:
    """A page title that may contain ``{user}``, or "" for none."""
    if isinstance(value, str) and not value.strip():
        return ""
    return _run_page(section, key, value)


def _minutes(section: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{_where(section, key)} must be a whole number of minutes, at least 1 (got {value!r})")
    return value


def _flag(section: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{_where(section, key)} must be true or false (got {value!r})")
    return value


def _every(section: str, key: str, value: Any) -> tuple[tuple[str, int], ...]:
    """``[schedule.every]``: minutes per job, merged over the defaults (0: not scheduled)."""
    if not isinstance(value, dict):
        raise ConfigError(f"{_where(section, key)} must be a table such as [{section}.{key}] update = 15")
    minutes = dict(DEFAULT_EVERY)
    for job, number in value.items():
        if job == "deploy":
            raise ConfigError(f"{_where(section, key)}: the template deploy is never scheduled; "
                              "deploy templates by hand, after reviewing the diff")
        if job not in minutes:
            raise ConfigError(f"{_where(section, key)}: unknown job '{job}'; use one of {', '.join(JOB_NAMES)}")
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ConfigError(f"{_where(section, f'{key}.{job}')} must be a whole number of minutes "
                              f"(0 to switch the job off; got {number!r})")
        minutes[job] = number
    return tuple((job, minutes[job]) for job in JOB_NAMES)


def _category_pattern(section: str, key: str, value: Any) -> str:
    pattern = _string(section, key, value).strip()
    if "{value}" not in pattern:
        raise ConfigError(f"{_where(section, key)} must contain {{value}}, such as \"Partnerships with {{field}} {{value}}\"")
    _title(section, key, pattern.replace("{field}", "F").replace("{value}", "V"))
    return pattern


SECTIONS: dict[str, tuple[type, dict[str, Check]]] = {
    "registry": (RegistryScope, {"namespaces": _namespaces, "prefix": _string}),
    "pages": (Pages, {"index": _title, "overview": _title, "problems": _title, "data": _title}),
    "index": (IndexSettings, {"columns": _columns, "group_by": _group}),
    "overview": (OverviewSettings, {"active_statuses": _strings, "bar_color": _color}),
    "publish": (PublishSettings, {"run_page": _run_page, "brake": _fraction, "state_dir": _folder,
                                  "docs_page": _optional_page}),
    "schedule": (ScheduleSettings, {"every": _every, "time_limit": _minutes, "retry_after": _minutes,
                                    "lock_file": _folder, "status_page": _optional_page, "status_refresh": _minutes,
                                    "lease_page": _optional_page, "lease_minutes": _minutes, "instance": _string,
                                    "require_bot_right": _flag}),
    "audits": (AuditSettings, {"review_months": _months, "pending_months": _months, "pending_statuses": _strings,
                               "category": _category, "member_pages": _titles, "name_similarity": _similarity,
                               "legal_suffixes": _strings, "shared_domains": _strings, "roles": _roles}),
    "deploy": (DeploySettings, {"category": _title, "category_fields": _strings, "value_category": _category_pattern,
                                "missing_category": _title, "unknown_category": _title}),
}


# Lists of tables ([[name]] in TOML): the dataclass, its checks, and its required keys.
ARRAYS: dict[str, tuple[type, dict[str, Check], tuple[str, ...]]] = {
    "consultations": (ConsultationConfig, {"page": _title, "target": _title, "marker": _marker,
                                           "questions": _questions, "opens": _day, "closes": _day},
                      ("page", "target", "marker")),
}


def _array(name: str, value: Any) -> tuple[Any, ...]:
    """The entries of a ``[[name]]`` list of tables, each checked like a section.

    Messages name the entry by its position: ``[[consultations]] #2 marker ...``.
    """
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"config/bot.toml: '{name}' must be written as [[{name}]] tables, one per entry")
    cls, checks, required = ARRAYS[name]
    entries = []
    for number, entry in enumerate(value, start=1):
        try:
            unknown = sorted(set(entry) - set(checks))
            if unknown:
                raise ConfigError(f"{_where(name, unknown[0])} is not a known key; use one of {', '.join(checks)}")
            missing = [k for k in required if k not in entry]
            if missing:
                raise ConfigError(f"{_where(name, missing[0])} is missing; each [[{name}]] needs "
                                  f"{', '.join(required)}")
            entries.append(cls(**{k: checks[k](name, k, v) for k, v in entry.items()}))
        except ConfigError as exc:
            raise ConfigError(str(exc).replace(f"[{name}]", f"[[{name}]] #{number}", 1)) from None
    return tuple(entries)


def _check_consultations(settings: Settings) -> None:
    """Windows that close before they open, and two summaries sharing one pair of markers."""
    seen: dict[tuple[str, str], int] = {}
    for number, item in enumerate(settings.consultations, start=1):
        where = f"config/bot.toml: [[consultations]] #{number}"
        if item.opens and item.closes and item.closes < item.opens:
            raise ConfigError(f"{where} closes ({item.closes}) is before opens ({item.opens})")
        if item.target in settings.own_pages:
            raise ConfigError(f"{where} target {item.target!r} is a page of the registry ([pages]); "
                              "give the summary its own page")
        key = (item.target, item.marker)
        if key in seen:
            raise ConfigError(f"{where} marker {item.marker!r} on {item.target!r} is already used by "
                              f"[[consultations]] #{seen[key]}; give each summary its own marker")
        seen[key] = number


def parse_settings(data: dict[str, Any], *, schema=None) -> Settings:
    """Build :class:`Settings` from the parsed TOML document, checking every key.

    With ``schema`` (a :class:`bot.schema.Schema`), the index columns, the
    grouping and the active statuses are also checked against its fields and
    enumerations.
    """
    parts: dict[str, Any] = {}
    for section, value in data.items():
        if section in ARRAYS:
            parts[section] = _array(section, value)
            continue
        if section not in SECTIONS:
            known = [*(f'[{s}]' for s in SECTIONS), *(f'[[{s}]]' for s in ARRAYS)]
            raise ConfigError(f"config/bot.toml: unknown section [{section}]; use one of {', '.join(known)}")
        cls, checks = SECTIONS[section]
        if not isinstance(value, dict):
            raise ConfigError(f"config/bot.toml: '{section}' must be a section ([{section}]), not a value")
        unknown = sorted(set(value) - set(checks))
        if unknown:
            raise ConfigError(f"{_where(section, unknown[0])} is not a known key; use one of {', '.join(checks)}")
        parts[section] = cls(**{k: checks[k](section, k, v) for k, v in value.items()})
    settings = Settings(**parts)
    if len(settings.own_pages) != len(fields(Pages)):
        raise ConfigError("config/bot.toml: [pages] gives the same title to two pages; give each page its own title")
    _check_consultations(settings)
    if schema is not None:
        check_against_schema(settings, schema)
    return settings


def check_against_schema(settings: Settings, schema) -> None:
    """Raise :class:`ConfigError` when the settings name fields or values the schema lacks."""
    names = [f.name for f in schema.fields]
    for column in settings.index.columns:
        if column != PROBLEMS_COLUMN and column not in schema.by_name:
            raise ConfigError(f"{_where('index', 'columns')}: unknown column '{column}'; use fields of config/schema.toml "
                              f"({', '.join(names)}) or '{PROBLEMS_COLUMN}'")
    group = settings.index.group_by
    if group != GROUP_NONE:
        spec = schema.by_name.get(group)
        if spec is None or not spec.enum or spec.enum not in schema.enums:
            choices = [f.name for f in schema.fields if f.enum and f.enum in schema.enums]
            raise ConfigError(f"{_where('index', 'group_by')}: cannot group by '{group}'; use \"{GROUP_NONE}\" or one of {', '.join(choices)}")
    for name in settings.deploy.category_fields:
        spec = schema.by_name.get(name)
        if spec is None or spec.type != "enum" or spec.list:
            choices = [f.name for f in schema.fields if f.type == "enum" and not f.list]
            raise ConfigError(f"{_where('deploy', 'category_fields')}: '{name}' is not a single-valued enumeration; "
                              f"use fields among {', '.join(choices)}")
    status = schema.enums.get("status")
    if status is not None:
        for value in settings.overview.active_statuses:
            if value not in status.ids:
                raise ConfigError(f"{_where('overview', 'active_statuses')}: '{value}' is not a status; use ids from config/schema.toml ({', '.join(status.ids)})")
        for value in settings.audits.pending_statuses:
            if value not in status.ids:
                raise ConfigError(f"{_where('audits', 'pending_statuses')}: '{value}' is not a status; use ids from config/schema.toml ({', '.join(status.ids)})")


def load_settings(path: Path | str | None = None, *, schema=None) -> Settings:
    """Read and check the settings file (default: ``config/bot.toml``)."""
    path = Path(path) if path else DEFAULT_CONFIG_PATH
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config: file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config: {path} is not valid TOML: {exc}") from None
    try:
        return parse_settings(data, schema=schema)
    except ConfigError as exc:
        if path == DEFAULT_CONFIG_PATH:
            raise
        raise ConfigError(str(exc).replace("config/bot.toml", str(path), 1)) from None
