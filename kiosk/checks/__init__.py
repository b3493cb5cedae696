"""Checks for ``--check`` that need more than the content itself: schedules, reading grade."""
