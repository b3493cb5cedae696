"""Keeping the kiosk's memory small and flat over months of slide changes.

Each slide change draws two full-card pictures (several MB each). glibc's allocator raises its
mmap threshold after the first such buffer is freed, so later ones come from the heap and stay
in the process once freed (~8 MiB more RSS for nothing). Fixing the threshold at 1 MiB makes big
buffers mmap'ed and returned to the system as soon as they are freed.
"""

from __future__ import annotations

import ctypes
import linecache
import logging
import sys
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD: Final = -3  # from glibc's malloc.h
BIG_BUFFER_BYTES: Final = 1024 * 1024


def return_big_buffers_to_the_system() -> bool:
    """Ask glibc to mmap buffers of 1 MiB and more; a no-op (False) elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # Named directly: ctypes.util.find_library runs ldconfig, costing start-up time.
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, BIG_BUFFER_BYTES))
    except (OSError, AttributeError):  # musl and others have no mallopt
        log.debug("mallopt is not available; memory use may be a little higher")
        return False


def forget_module_sources() -> None:
    """Drop the source text PySide6 read of each module imported after it (about 8 MiB).

    PySide6 looks into every newly imported module for ``from __feature__ import`` by reading its
    whole source (shibokensupport's ``feature_imported`` calls ``inspect.getsource``), and
    Python's line cache keeps each line of it for good: 3.7 MB of text in ~200 modules, 8 MiB of
    Python strings. Nothing else needs it (a traceback reads again the lines it shows), so the
    kiosk drops it once its parts are loaded, and again after later imports (see
    ``kiosk.app.kiosk.start_services``).
    """
    linecache.clearcache()


def resident_mib() -> float:
    """This process's resident memory in MiB (Linux /proc; NaN elsewhere)."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
