"""The jobs: each wires a source, the pure core and the one write path, and returns a report.

``update``, ``summarise`` and ``deploy`` are the bot's jobs; ``extract`` and
the audits (:mod:`bot.jobs.audits`) read and report.
"""
