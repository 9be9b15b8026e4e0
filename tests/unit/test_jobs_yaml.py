"""deploy/toolforge/jobs.yaml: what `toolforge jobs load` would accept, and what the bot needs.

PyYAML is not a dependency, so the file is read with a strict parser of the
small YAML subset a jobs file needs (a list of flat mappings of scalars);
anything outside it fails the test rather than being guessed at. When PyYAML
happens to be installed, the two readings must agree.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

JOBS_FILE = Path(__file__).resolve().parents[2] / "deploy" / "toolforge" / "jobs.yaml"

# The keys of a job in `toolforge jobs load` files (the options of `toolforge jobs run`).
KNOWN_KEYS = frozenset(
    {
        "name",
        "command",
        "image",
        "schedule",
        "continuous",
        "wait",
        "emails",
        "retry",
        "mem",
        "cpu",
        "mount",
        "filelog",
        "no-filelog",
        "filelog-stdout",
        "filelog-stderr",
        "timeout",
        "health-check-script",
        "health-check-http",
        "port",
        "replicas",
    }
)
EMAILS = {"none", "all", "onfinish", "onfailure"}
CRON_MACROS = {"@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight"}


class YamlSubsetError(ValueError):
    pass


def scalar(text: str, line: int):
    """A plain, single- or double-quoted scalar; true/false and integers as YAML reads them."""
    text = text.strip()
    if text[:1] in ("'", '"'):
        quote = text[0]
        if len(text) < 2 or text[-1] != quote:
            raise YamlSubsetError(f"line {line}: unterminated quoted scalar")
        inner = text[1:-1]
        if quote == '"' and "\\" in inner:
            raise YamlSubsetError(f"line {line}: escapes are outside the subset")
        return inner.replace("''", "'") if quote == "'" else inner
    if text.startswith(("[", "{", "&", "*", "!", "|", ">", "%", "@", "`")):
        raise YamlSubsetError(f"line {line}: {text[:1]!r} starts YAML outside the subset")
    if " #" in text:
        text = text.split(" #", 1)[0].rstrip()
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text in ("", "~", "null") or ": " in text:
        raise YamlSubsetError(f"line {line}: empty, null or nested value")
    return text


def load_jobs(text: str) -> list[dict]:
    """A top-level list of mappings (``- key: value`` then ``  key: value``), comments and blank lines."""
    jobs: list[dict] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if "\t" in raw:
            raise YamlSubsetError(f"line {number}: tab")
        if raw.startswith("- "):
            jobs.append({})
            body = raw[2:]
        elif raw.startswith("  ") and not raw.startswith("   ") and jobs:
            body = raw[2:]
        else:
            raise YamlSubsetError(f"line {number}: not a list item or a key of one: {raw!r}")
        match = re.fullmatch(r"([A-Za-z][A-Za-z0-9_-]*):\s+(\S.*)", body)
        if not match:
            raise YamlSubsetError(f"line {number}: expected 'key: value', got {body!r}")
        key, value = match.groups()
        if key in jobs[-1]:
            raise YamlSubsetError(f"line {number}: duplicate key {key!r}")
        jobs[-1][key] = scalar(value, number)
    return jobs


@pytest.fixture(scope="module")
def jobs() -> list[dict]:
    return load_jobs(JOBS_FILE.read_text(encoding="utf-8"))


def test_the_subset_parser_refuses_what_it_does_not_understand():
    for text in (
        "- name: a\n  command: [x]\n",
        "- name: a\n    nested: b\n",
        "name: a\n",
        "- name: &anchor a\n",
        "- name: a\n  name: b\n",
        "- name: 'open\n",
        "- name: a\n  x: y: z\n",
    ):
        with pytest.raises(YamlSubsetError):
            load_jobs(text)
    assert load_jobs("# c\n- name: a  # c\n  retry: 2\n  continuous: true\n  schedule: '*/5 * * * *'\n") == [
        {"name": "a", "retry": 2, "continuous": True, "schedule": "*/5 * * * *"}
    ]


def test_pyyaml_reads_the_file_the_same_way_when_it_is_installed(jobs):
    yaml = pytest.importorskip("yaml")
    assert yaml.safe_load(JOBS_FILE.read_text(encoding="utf-8")) == jobs


def test_every_job_is_named_uniquely_and_uses_known_keys_only(jobs):
    assert jobs, "jobs.yaml defines no job"
    names = [job.get("name") for job in jobs]
    assert all(isinstance(n, str) and re.fullmatch(r"[a-z0-9]([a-z0-9-]{0,50}[a-z0-9])?", n) for n in names), names
    assert len(set(names)) == len(names)
    for job in jobs:
        assert set(job) <= KNOWN_KEYS, f"{job['name']}: unknown keys {sorted(set(job) - KNOWN_KEYS)}"
        assert isinstance(job.get("command"), str) and isinstance(job.get("image"), str)


def test_every_job_has_exactly_one_of_schedule_and_continuous(jobs):
    for job in jobs:
        kinds = [k for k in ("schedule", "continuous") if job.get(k) not in (None, False)]
        assert len(kinds) == 1, f"{job['name']}: give exactly one of schedule and continuous (got {kinds})"
        if "schedule" in job:
            schedule = job["schedule"]
            assert schedule in CRON_MACROS or len(str(schedule).split()) == 5, schedule


def test_emails_and_numbers_have_values_toolforge_accepts(jobs):
    for job in jobs:
        assert job.get("emails", "none") in EMAILS
        assert job.get("retry", 0) in range(6)
        assert isinstance(job.get("filelog", True), bool)
        assert isinstance(job.get("timeout", 1), int) and job.get("timeout", 1) > 0


def test_the_bot_runs_as_a_scheduled_run_once_job_that_mails_on_failure(jobs):
    bot = [job for job in jobs if " -m bot run -once" in job["command"]]
    assert len(bot) == 1
    job = bot[0]
    assert "schedule" in job and job["emails"] == "onfailure"
    assert re.fullmatch(r"python3\.\d+", job["image"]) and int(job["image"].split(".")[1]) >= 11
    assert "PYWIKIBOT_DIR=" in job["command"] and "/bin/python -m bot" in job["command"]
    assert "deploy" not in job["command"]  # the template deploy is never scheduled
