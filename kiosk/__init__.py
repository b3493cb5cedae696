"""Clinic Kiosk: a waiting-room information screen for clinics."""

from typing import Final

__version__ = "0.1.0"
#: The name people read: window titles, the Qt application name, the log's first line.
#: Folders and files go by :data:`kiosk.paths.APP_NAME`.
APP_TITLE: Final = "Clinic Kiosk"
