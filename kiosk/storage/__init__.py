"""Saving the clinic's files safely: every write is atomic, and the previous version is kept.

Pure Python: nothing here imports Qt (enforced by import-linter in pyproject.toml).
"""

from kiosk.storage.atomic import SaveError, write_atomic

__all__ = ["SaveError", "write_atomic"]
