"""The settings of ``config/bot.toml``: one frozen dataclass per section, with its defaults.

Part of :mod:`bot.config`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.core.schema import Role, Schema
from bot.errors import ConfigError
from bot.paths import SETTINGS_PATH

DEFAULT_CONFIG_PATH = SETTINGS_PATH

PROBLEMS_COLUMN = "problems"
"""The index column that is not a schema field: the page's problem count."""

GROUP_NONE = "none"

# Defaults that name fields by their role (bot.core.schema.Role), resolved
# against the schema when the settings are loaded: config/bot.toml may name
# the fields instead, and a role the schema gives to no field is left out.
INDEX_ROLES = (
    Role.TITLE,
    Role.PARTNERS,
    Role.KIND,
    Role.LEVEL,
    Role.REGIONS,
    Role.AREAS,
    Role.STATUS,
    Role.START,
    Role.END,
    Role.REVIEWED,
)
"""The index's columns when ``[index] columns`` is not set (then the problem count)."""
OVERVIEW_CROSS_ROLES = (Role.REGIONS, Role.KIND)
OVERVIEW_BREAKDOWN_ROLES = (Role.STATUS, Role.AREAS, Role.LEVEL, Role.RELATION)
OVERVIEW_YEARS_ROLE = Role.START
OVERVIEW_GAP_ROLES = (Role.REGIONS, Role.AREAS)
CATEGORY_ROLES = (Role.KIND, Role.STATUS)


@dataclass(frozen=True, slots=True)
class RegistryScope:
    """Pages in scope: transcluding the template, in these namespaces, under this prefix."""

    namespaces: tuple[int, ...] = (0,)
    prefix: str = "Partnerships/"


@dataclass(frozen=True, slots=True)
class Pages:
    """Titles of the pages the bot writes.

    ``data_shards``: how many pages hold the data page's records (1: the data
    page itself; see :mod:`bot.core.render.data`). ``preload``: written by
    deploy, not update (default: ``<index>/Preload``). ``lists`` (default
    ``<index>/Lists``): the base title
    of the pages where the overview's counts lead, one subpage per table, each
    listing the partnerships a count counts ("" links counts to the index).
    """

    index: str = "Partnerships/Registry"
    overview: str = "Partnerships/Registry/Overview"
    problems: str = "Partnerships/Registry/Problems"
    data: str = "Partnerships/Registry.json"
    lists: str = "{index}/Lists"
    data_shards: int = 1
    changes: str = "{index}/Changes"
    """The change log (written by update; see :mod:`bot.core.history`)."""
    preload: str = "{index}/Preload"
    """The new-page skeleton the create box opens. Not in the Template namespace, so
    VisualEditor's template search (which hides only ``/doc`` subpages) never offers it."""
    languages: tuple[str, ...] = ()
    """Languages the index, overview, problems and change log pages (and consultation summaries) are
    also written in, each at ``<title>/<code>`` (``Partnerships/Registry/de``), as the
    Translate extension names a page's translations. English is the base title."""

    def __post_init__(self) -> None:
        # "{index}" stands for the index's title: by default the lists pages and the
        # preload are its subpages, so a registry configured with pages of its own
        # never writes into another registry's lists.
        for name in ("lists", "changes", "preload"):
            value = getattr(self, name)
            if "{index}" in value:
                object.__setattr__(self, name, value.replace("{index}", self.index))

    def shard_title(self, number: int) -> str:
        """``Partnerships/Registry.json``, shard 2 -> ``Partnerships/Registry/2.json``."""
        return f"{self.data.removesuffix('.json')}/{number}.json"

    @property
    def data_titles(self) -> tuple[str, ...]:
        """The data page, and its shard pages when there is more than one."""
        shards = tuple(self.shard_title(n) for n in range(1, self.data_shards + 1)) if self.data_shards > 1 else ()
        return (self.data, *shards)

    @staticmethod
    def in_language(title: str, language: str) -> str:
        """``Partnerships/Registry``, ``de`` -> ``Partnerships/Registry/de``; English is the base title."""
        return title if language == "en" else f"{title}/{language}"

    @property
    def translated(self) -> tuple[str, ...]:
        """The language versions of the index, overview, problems and change log pages."""
        return tuple(
            self.in_language(title, language)
            for language in self.languages
            for title in (self.index, self.overview, self.problems, self.changes)
        )

    @property
    def titles(self) -> tuple[str, ...]:
        """Every title configured here (the lists page only when it is set)."""
        pages = (self.index, self.overview, self.problems, self.data, self.changes, self.lists, self.preload)
        return tuple(t for t in pages if t)


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """The index table: its columns (schema fields or ``problems``) and grouping.

    ``group_by`` is ``none`` or a field with an enumeration (``regions``,
    ``status``, ``type``, ...): one section per value, in the schema's order.
    """

    columns: tuple[str, ...] = ()
    group_by: str = GROUP_NONE

    @property
    def grouped(self) -> bool:
        return self.group_by != GROUP_NONE


@dataclass(frozen=True, slots=True)
class OverviewSettings:
    """The overview: its tables, which statuses count as active, the bars' colour.

    ``cross`` names two enumeration fields for the first table (rows by the
    first, a column per value of the second); ``breakdowns`` the fields
    with a table each; ``years`` the date field counted by year; ``gaps``
    the fields whose values without an active partnership are listed.
    Empty (or "" for ``years``) leaves that table out. Loading resolves
    unset keys from the fields' roles (:data:`OVERVIEW_CROSS_ROLES` ...).
    ``trends`` adds the trend tables (started, ended and active at the end of
    each year, and active by region; :mod:`bot.core.trends`);
    ``ended_statuses`` are the statuses of partnerships that are over,
    which without an end date count apart in those tables.
    """

    active_statuses: tuple[str, ...] = ("active",)
    ended_statuses: tuple[str, ...] = ("completed", "ended")
    trends: bool = True
    bar_color: str = "#36c"
    cross: tuple[str, ...] | None = None
    breakdowns: tuple[str, ...] | None = None
    years: str | None = None
    gaps: tuple[str, ...] | None = None


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
class ChangesSettings:
    """The change log page (``[pages] changes``): how many days of events it lists one by one.

    Events older than ``days`` are folded into one summary row per month,
    kept for good, so the page stays short and the history stays counted.
    """

    days: int = 90


@dataclass(frozen=True, slots=True)
class RemindersSettings:
    """Reminders on partnership talk pages (the ``reminders`` job; off unless ``enabled``).

    A page gets a reminder when its entry was not reviewed for
    ``review_months`` (the review date, else the page's last edit), or when
    it has had error-level problems for ``problem_days``. At most one
    reminder per page every ``period_days``, at most ``max_per_run`` per run;
    ``ping_contacts`` links the page's contacts in the message, which
    notifies them on wikis with mentions (Echo).
    """

    enabled: bool = False
    review_months: int = 12
    problem_days: int = 30
    period_days: int = 90
    max_per_run: int = 10
    ping_contacts: bool = True
    language: str = "en"
    """The language the reminders are written in (the wiki's, as talk pages are); its problems link
    leads to the problems page of that language when it is one of ``[pages] languages``."""


@dataclass(frozen=True, slots=True)
class ConsultationConfig:
    """One consultation the ``summarise`` job summarises (a ``[[consultations]]`` table).

    ``page`` holds the discussion (``more_pages`` its archives and
    translations, counted with it as one consultation); the summary is written to ``target``
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
    more_pages: tuple[str, ...] = ()
    """Its archives and translations (``page = [main, ...]``), merged into one summary."""
    language: tuple[str, ...] = ()
    """Wiki languages whose signatures its pages hold, besides the wiki's own (``language = "ru"``)."""

    @property
    def pages(self) -> tuple[str, ...]:
        """Every page of the consultation, the main page (``page``) first."""
        return (self.page, *self.more_pages)

    def targets(self, languages: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Where its summary is written: ``target`` (English), then ``target/<code>`` per language."""
        return (self.target, *(Pages.in_language(self.target, code) for code in languages if code != "en"))

    @classmethod
    def from_entry(cls, **values: Any) -> ConsultationConfig:
        """Build from checked ``[[consultations]]`` keys: ``page`` is a tuple of titles there."""
        pages = values.pop("page")
        return cls(page=pages[0], more_pages=tuple(pages[1:]), **values)


# Legal forms and organisation words ignored when partner names are compared
# (audit_duplicates): "Wikimedia Deutschland e.V." = "Wikimedia Deutschland".
DEFAULT_LEGAL_SUFFIXES = (
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ggmbh",
    "ag",
    "ev",
    "eingetragener verein",
    "verein",
    "stiftung",
    "foundation",
    "fondation",
    "fundacion",
    "fundacao",
    "fondazione",
    "stichting",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "ab",
    "as",
    "asbl",
    "vzw",
    "oy",
    "kk",
    "pty",
    "cic",
    "ngo",
    "association",
    "asociacion",
    "associacao",
    "associazione",
    "the",
)
# Hosts that many unrelated partnerships link to: an equal domain there is no evidence.
DEFAULT_SHARED_DOMAINS = (
    "wikimedia.org",
    "wikipedia.org",
    "wikidata.org",
    "wikimediafoundation.org",
    "github.com",
    "google.com",
    "facebook.com",
    "twitter.com",
    "x.com",
    "youtube.com",
    "linkedin.com",
    "medium.com",
    "wordpress.com",
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


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    """``python -m bot run``: how often each job runs, and the guards around it.

    ``every`` gives minutes between runs per job name (0: not scheduled),
    over the defaults of :data:`bot.jobs.scheduled.JOBS`, which also checks
    the names (:func:`bot.service.schedule.schedule_of`).
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

    every: tuple[tuple[str, int], ...] = ()
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
            raise ConfigError(
                f"config/bot.toml: [schedule] lease_minutes ({self.lease_minutes}) must be at least twice "
                f"time_limit ({self.time_limit}), so that a lease renewed before a job outlasts it"
            )

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
    ``unknown_category`` pages with a value the template does not recognise,
    ``outside_category`` pages that use the template outside the registry.

    ``module`` (without ``Module:``), ``list_template`` and ``count_template``
    (without ``Template:``) name the Lua module and the templates that place
    lists and counts on any page; the module finds its generated JSON pages
    under its own title, so a second copy (a test, another registry) can run
    beside the first.
    """

    category: str = "Partnerships"
    category_fields: tuple[str, ...] | None = None
    value_category: str = "Partnerships with {field} {value}"
    missing_category: str = "Partnerships with missing information"
    unknown_category: str = "Partnerships with unrecognised values"
    outside_category: str = "Partnerships outside the registry"
    module: str = "Partnerships"
    list_template: str = "Partnerships list"
    count_template: str = "Partnerships count"

    def fields_for(self, schema: Schema) -> tuple[str, ...]:
        """``category_fields``, or (unset) the fields with the roles of :data:`CATEGORY_ROLES`."""
        if self.category_fields is not None:
            return self.category_fields
        return tuple(name for role in CATEGORY_ROLES if (name := schema.role_name(role)) is not None)

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
    changes: ChangesSettings = field(default_factory=ChangesSettings)
    reminders: RemindersSettings = field(default_factory=RemindersSettings)

    @property
    def own_pages(self) -> frozenset[str]:
        """The pages the bot writes: a source must never read them as partnerships."""
        return frozenset({*self.pages.titles, *self.pages.data_titles, *self.pages.translated})
