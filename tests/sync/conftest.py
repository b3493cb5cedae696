"""Sync tests use the player's window fixtures."""

from tests.player.conftest import make_window, running  # noqa: F401
