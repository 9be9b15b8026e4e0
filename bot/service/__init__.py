"""Unattended operation: the scheduler, the job runner, signals and time limits, locks and health."""
