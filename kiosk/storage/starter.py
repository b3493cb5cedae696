"""A new clinic's content folder, made by ``python main.py --new-clinic DIR``.

It holds what a clinic needs on its first day and nothing it would have to delete: settings with
a comment on every line, one welcome slide (which says nothing about health, so there is nothing
to check against a source), an empty announcements file and an empty pictures folder. It passes
``--check`` as it is. Staff then set it up in staff mode or the desk editor.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from kiosk.content.announcements import ANNOUNCEMENTS_FILE
from kiosk.content.files import SETTINGS_FILE, SLIDES_DIR
from kiosk.storage.atomic import SaveError, write_atomic
from kiosk.storage.folder import IMAGES_DIR

WELCOME_FILE: Final = "010-welcome.md"

SETTINGS_TEXT: Final = """\
# Clinic Kiosk settings. Change them in staff mode (Settings) or the desk editor
# (python main.py --editor), or here by hand: the content guide explains every line.
clinic_name: Our clinic      # shown at the top of the screen: put your clinic's name here
contact: Questions? Please ask at the front desk.   # one line, shown on the detail screens
languages: [en]              # the first one is the language the slides are written in
default_duration: 12         # seconds each slide stays up (3 to 600)
idle_timeout: 60             # seconds before an open slide closes by itself (10 to 900)
theme: calm                  # the look of the screen: calm or high-contrast
lockstep: false              # true: screens with the same slides change slide together
# time_zone: Europe/London   # the clinic's time zone; without it, this computer's
# opening_hours:             # without them, the slides show day and night
#   mon: [08:30-18:00]
# closures:                  # days the clinic is closed
#   - from: 2026-12-25
"""

WELCOME_TEXT: Final = """\
---
id: welcome
title: Welcome
teaser: Please let the front desk know you have arrived.
order: 10
enabled: true
reviewed:
  date: {today}
  by: Clinic Kiosk starter text (no health information)
---
Welcome to our clinic. If you have any questions, please ask at the front desk.
"""

ANNOUNCEMENTS_TEXT: Final = """\
# Notices shown on the kiosk's banner. Post them in staff mode (Announcements) or with
# python main.py --announce "..."; the content guide explains the fields.
announcements: []
"""


def create_clinic(folder: Path, today: dt.date | None = None) -> list[Path]:
    """Write a starter content folder at ``folder``; returns the files written.

    Raises :class:`SaveError` when ``folder`` already holds files (nothing is overwritten) or
    cannot be written.
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise SaveError(f"{folder} is a file, not a folder. Choose a new folder name.", folder)
    if folder.is_dir() and any(folder.iterdir()):
        raise SaveError(
            f"The folder {folder} already has files in it, so nothing was written. Choose a new "
            "folder (it is created for you), or use this one as it is with --use-content.",
            folder,
        )
    day = today or dt.date.today()
    files = {
        folder / SETTINGS_FILE: SETTINGS_TEXT,
        folder / SLIDES_DIR / WELCOME_FILE: WELCOME_TEXT.format(today=day.isoformat()),
        folder / ANNOUNCEMENTS_FILE: ANNOUNCEMENTS_TEXT,
    }
    try:
        (folder / SLIDES_DIR).mkdir(parents=True, exist_ok=True)
        (folder / IMAGES_DIR).mkdir(exist_ok=True)
    except OSError as exc:
        raise SaveError.from_os_error(exc, folder) from exc
    for path, text in files.items():
        write_atomic(path, text.encode("utf-8"))
    return list(files)
