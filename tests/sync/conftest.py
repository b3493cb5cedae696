"""Sync tests use the player's window fixture."""

from tests.player.conftest import make_window  # noqa: F401
