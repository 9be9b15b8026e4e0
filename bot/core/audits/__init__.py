"""The working-group audits: one-off reports over the registry (``scripts/audit_*.py``).

Each audit is a pure function from records (or page snapshots, or member
tables) to a :class:`bot.core.audits.report.Report`, which one engine prints as a
terminal table, CSV, JSON or wikitext (:mod:`bot.core.audits.report`). The
scripts are thin: :mod:`bot.jobs.audits.runner` parses the options, reads the
source (:mod:`bot.jobs.audits.inputs`), runs the audit and prints or posts the
report; :mod:`bot.jobs.audits.scripts` declares the six scripts.

========================  =========================================================
module                    audit
========================  =========================================================
:mod:`.fields`            missing fields, unknown values, unreadable dates, unknown
                          parameters; what ``-fix`` would normalise
:mod:`.stale`             ended but active, pending for long, not reviewed
:mod:`.duplicates`        the same partner registered twice (ids, domains, names)
:mod:`.orphans`           pages that fell out of the registry
:mod:`.members`           the working groups' balance by region, role, organisation
                          (the report's sections: :mod:`.members_report`)
========================  =========================================================
"""
