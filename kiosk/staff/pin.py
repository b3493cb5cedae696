"""The staff PIN: stored as a salted scrypt hash, with wrong guesses slowed down.

Two files in the platform's data folder (``~/.local/share/clinic-kiosk`` on Linux, or
``$XDG_DATA_HOME/clinic-kiosk``), both readable by the kiosk's user only:

- ``pin.json``: the scrypt parameters, salt and hash; never the PIN itself.
- ``pin-attempts.json``: how many wrong PINs in a row and until when entry is locked, so a
  restart does not reset the count.

The first two wrong PINs only count. The third locks entry for 30 seconds, each further wrong PIN
doubles that, up to an hour. A damaged file never opens the lock: a damaged ``pin.json`` refuses
every PIN (it is never taken for "no PIN"), a damaged ``pin-attempts.json`` counts as three
wrong PINs. Neither file is ever read whole: anything over a few kilobytes is damaged.

Guessable PINs are refused when set (the same digit repeated, digits in a row such as 1234 or
4321, a short block repeated such as 1212): a patient tries those first. A ``pin.json`` that other
users of the computer can read is made private again (logged), or, if that fails, refused: with
the salt and hash, every 4-digit PIN can be tried offline in minutes.

A correct PIN clears the wrong-PIN count. Decided, not overlooked: the count exists to slow a
guesser at the pad, and staff who mistype after a busy day must not inherit a patient's hour-long
lockout (a lockout anyone can trigger would otherwise lock staff out all week). What a guesser
gains is small: between two staff logins they get 2 free tries and then 30 s, 1 min, 2 min, ...
(about 11 tries in 4 hours, of the ~9,970 PINs that are allowed). So that staff notice someone
guessing, the login that clears the count reports it (:attr:`PinCheck.earlier_failures`), and
staff mode says so on screen.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import itertools
import json
import logging
import math
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from kiosk.paths import data_dir
from kiosk.storage.atomic import SaveError, write_atomic

log = logging.getLogger(__name__)

PIN_FILE: Final = "pin.json"
ATTEMPTS_FILE: Final = "pin-attempts.json"
FILE_MODE: Final = 0o600
FOLDER_MODE: Final = 0o700

PIN_PATTERN: Final = re.compile(r"[0-9]{4,12}")
PIN_RULE: Final = "The PIN must be 4 to 12 digits (0 to 9), like 4829."
WEAK_PIN: Final = (
    "That PIN is too easy to guess: it is the same digit again and again, digits in a row "
    "(like 1234 or 4321) or a short pattern repeated (like 1212). Choose 4 to 12 digits "
    "with no pattern, like 4829."
)
#: pin.json is about 200 bytes and pin-attempts.json about 50: a bigger file is damaged and is
#: never read whole (a 1.5 GB file once cost 1.9 GB of memory).
MAX_FILE_BYTES: Final = 4096
TOO_BIG: Final = f"it is over {MAX_FILE_BYTES} bytes, far more than a PIN record"

#: Wrong PINs in a row that lock entry; the first lockout lasts FIRST_LOCKOUT seconds.
FAILURES_BEFORE_LOCKOUT: Final = 3
FIRST_LOCKOUT: Final = 30.0
MAX_LOCKOUT: Final = 3600.0

# scrypt: 16 MiB and ~50 ms per check on a small PC; hashes from files are checked within bounds
# so a tampered file cannot make a check take minutes or gigabytes.
SCRYPT_N: Final = 2**14
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
SALT_BYTES: Final = 16
HASH_BYTES: Final = 32
_MAX_MEMORY: Final = 64 * 1024 * 1024


def default_pin_dir() -> Path:
    """Where the PIN is kept: the platform's user data folder for the kiosk."""
    return data_dir()


def lockout_seconds(failures: int) -> float:
    """How long entry is locked after ``failures`` wrong PINs in a row."""
    if failures < FAILURES_BEFORE_LOCKOUT:
        return 0.0
    doublings = min(failures - FAILURES_BEFORE_LOCKOUT, 32)
    return float(min(FIRST_LOCKOUT * 2**doublings, MAX_LOCKOUT))


@dataclass(frozen=True, slots=True)
class PinCheck:
    """The outcome of a PIN entry.

    ``locked_for``: seconds before another PIN may be tried (0 when it may be tried now).
    ``failures``: wrong PINs in a row so far. ``attempts_before_lockout``: wrong PINs still
    allowed before entry is locked (0 once lockouts have begun).
    """

    ok: bool
    locked_for: float
    failures: int
    attempts_before_lockout: int
    #: On a correct PIN: how many wrong PINs were typed since the last correct one.
    earlier_failures: int = 0


@dataclass(frozen=True, slots=True)
class _Attempts:
    failures: int = 0
    locked_until: float = 0.0


class PinStore:
    """The staff PIN in ``folder`` (default: :func:`default_pin_dir`)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_pin_dir()
        self.pin_path = self.folder / PIN_FILE
        self.attempts_path = self.folder / ATTEMPTS_FILE
        # Used only when the attempts file cannot be written, so failures still count.
        self._unsaved: _Attempts | None = None

    def is_set(self) -> bool:
        """True when a PIN file exists, even a damaged one (which then refuses every PIN)."""
        try:
            return self.pin_path.exists()
        except OSError:
            return True

    def set_pin(self, pin: str) -> None:
        """Store ``pin`` (4 to 12 digits, else ``ValueError``) and clear the wrong-PIN count.

        Raises :class:`~kiosk.storage.atomic.SaveError` when it cannot be written.
        """
        if not isinstance(pin, str) or not PIN_PATTERN.fullmatch(pin):
            raise ValueError(PIN_RULE)
        if is_guessable(pin):
            raise ValueError(WEAK_PIN)
        salt = os.urandom(SALT_BYTES)  # what secrets.token_bytes returns
        digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
        record = {
            "algorithm": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode("ascii"),
            "hash": base64.b64encode(digest).decode("ascii"),
        }
        self._make_folder()
        write_atomic(self.pin_path, _json(record), mode=FILE_MODE)
        log.info("The staff PIN was set")
        try:
            self._save_attempts(_Attempts())
        except SaveError as exc:
            log.warning("The new PIN is saved but the wrong-PIN count was not reset: %s", exc)

    def check(self, pin: str, now: float | None = None) -> PinCheck:
        """Whether ``pin`` is the staff PIN. While locked, says so without even trying it."""
        now = time.time() if now is None else now
        attempts = self._load_attempts(now)
        remaining = self._remaining(attempts, now)
        if remaining > 0:
            return _result(False, remaining, attempts.failures)
        record = self._load_pin()
        if record is None:
            return _result(False, 0.0, attempts.failures)
        salt, expected, n, r, p = record
        entered = pin if isinstance(pin, str) else ""
        digest = _scrypt(entered, salt, n, r, p, len(expected))
        import hmac  # with hashlib (see _scrypt): OpenSSL only once staff enter a PIN

        if hmac.compare_digest(digest, expected) and PIN_PATTERN.fullmatch(entered):
            if attempts.failures or attempts.locked_until:
                self._save_attempts_logged(_Attempts())
            if attempts.failures:
                log.warning(
                    "Correct staff PIN after %d wrong PINs: the count starts again",
                    attempts.failures,
                )
            return dataclasses.replace(_result(True, 0.0, 0), earlier_failures=attempts.failures)
        failures = attempts.failures + 1
        lock = lockout_seconds(failures)
        self._save_attempts_logged(_Attempts(failures, now + lock if lock else 0.0))
        if lock:
            log.warning("%d wrong staff PINs in a row: locked for %.0f s", failures, lock)
        return _result(False, lock, failures)

    def locked_for(self, now: float | None = None) -> float:
        """Seconds before a PIN may be tried again (0 when it may be tried now)."""
        now = time.time() if now is None else now
        return self._remaining(self._load_attempts(now), now)

    # -- the attempts file ----------------------------------------------------------------------

    def _remaining(self, attempts: _Attempts, now: float) -> float:
        remaining = attempts.locked_until - now
        if remaining <= 0:
            return 0.0
        longest = lockout_seconds(max(attempts.failures, FAILURES_BEFORE_LOCKOUT))
        if remaining > longest:  # the clock was set back: never lock longer than the rule says
            attempts = _Attempts(attempts.failures, now + longest)
            self._save_attempts_logged(attempts)
            remaining = longest
        return remaining

    def _load_attempts(self, now: float) -> _Attempts:
        if self._unsaved is not None:
            return self._unsaved
        try:
            raw = _read_small(self.attempts_path)
        except FileNotFoundError:
            return _Attempts()
        except OSError as exc:
            return self._damaged_attempts(now, f"cannot be read ({exc.strerror or exc})")
        try:
            if raw is None:
                raise ValueError(TOO_BIG)
            data = json.loads(raw)
            failures = data["failures"]
            locked_until = data["locked_until"]
            if (
                type(failures) is not int
                or failures < 0
                or type(locked_until) not in (int, float)
                or not math.isfinite(locked_until)
            ):
                raise ValueError("bad values")
        except (ValueError, TypeError, KeyError) as exc:
            return self._damaged_attempts(now, f"is damaged ({exc})")
        return _Attempts(failures, float(locked_until))

    def _damaged_attempts(self, now: float, why: str) -> _Attempts:
        """A damaged count never unlocks: it counts as three wrong PINs (a 30 s lock)."""
        log.warning(
            "The wrong-PIN count %s %s; counting %d wrong PINs and locking PIN entry for %.0f s",
            self.attempts_path,
            why,
            FAILURES_BEFORE_LOCKOUT,
            FIRST_LOCKOUT,
        )
        attempts = _Attempts(FAILURES_BEFORE_LOCKOUT, now + FIRST_LOCKOUT)
        self._save_attempts_logged(attempts)
        return attempts

    def _save_attempts(self, attempts: _Attempts) -> None:
        record = {"failures": attempts.failures, "locked_until": attempts.locked_until}
        try:
            self._make_folder()
            write_atomic(self.attempts_path, _json(record), mode=FILE_MODE)
        except SaveError:
            self._unsaved = attempts
            raise
        self._unsaved = None

    def _save_attempts_logged(self, attempts: _Attempts) -> None:
        try:
            self._save_attempts(attempts)
        except SaveError as exc:
            log.error("The wrong-PIN count could not be saved (kept in memory): %s", exc)

    # -- the PIN file ---------------------------------------------------------------------------

    def _load_pin(self) -> tuple[bytes, bytes, int, int, int] | None:
        """(salt, hash, n, r, p), or None (logged) when there is no usable PIN file."""
        try:
            if not self._private():
                return None
            raw = _read_small(self.pin_path)
        except FileNotFoundError:
            log.warning("No staff PIN is set (%s): every PIN is refused", self.pin_path)
            return None
        except OSError as exc:
            log.error(
                "The staff PIN file %s cannot be read (%s): every PIN is refused until the PIN "
                "is set again (python main.py --set-pin)",
                self.pin_path,
                exc.strerror or exc,
            )
            return None
        try:
            if raw is None:
                raise ValueError(TOO_BIG)
            return _parse_pin_record(json.loads(raw))
        except (ValueError, TypeError, KeyError, binascii.Error) as exc:
            log.error(
                "The staff PIN file %s is damaged (%s): every PIN is refused until the PIN is "
                "set again (python main.py --set-pin)",
                self.pin_path,
                exc,
            )
            return None

    def _private(self) -> bool:
        """Whether pin.json is readable by the kiosk's user only, making it so if it is not."""
        mode = stat.S_IMODE(self.pin_path.stat().st_mode)
        if not mode & 0o077:
            return True
        try:
            self.pin_path.chmod(FILE_MODE)
        except OSError as exc:
            log.error(
                "The staff PIN file %s can be read by other users (mode %o) and cannot be made "
                "private (%s): every PIN is refused until the PIN is set again "
                "(python main.py --set-pin)",
                self.pin_path,
                mode,
                exc.strerror or exc,
            )
            return False
        log.warning(
            "The staff PIN file %s could be read by other users (mode %o); it is private again "
            "(%o). If others could log in to this computer, set a new PIN (python main.py "
            "--set-pin).",
            self.pin_path,
            mode,
            FILE_MODE,
        )
        return True

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        except OSError as exc:
            raise SaveError.from_os_error(exc, self.folder) from exc


def is_guessable(pin: str) -> bool:
    """The same digit repeated, digits in a row up or down, or a short block repeated."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps <= {0} or steps == {1} or steps == {9}:  # 0000, 1234 / 7890, 4321 / 3210
        return True
    return any(
        len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size)
        for size in range(2, len(pin) // 2 + 1)
    )


def _read_small(path: Path) -> bytes | None:
    """The file's bytes, or None when it is bigger than :data:`MAX_FILE_BYTES` (never read)."""
    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    return data if len(data) <= MAX_FILE_BYTES else None


def _parse_pin_record(data: Any) -> tuple[bytes, bytes, int, int, int]:
    if not isinstance(data, dict) or data.get("algorithm") != "scrypt":
        raise ValueError("not an scrypt PIN record")
    n, r, p = data["n"], data["r"], data["p"]
    if not all(type(v) is int for v in (n, r, p)):
        raise ValueError("the scrypt parameters are not whole numbers")
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise ValueError("the scrypt parameters are out of range")
    if 128 * n * r > _MAX_MEMORY // 2:
        raise ValueError("the scrypt parameters need too much memory")
    salt = base64.b64decode(data["salt"], validate=True)
    digest = base64.b64decode(data["hash"], validate=True)
    if len(salt) < 8 or not 16 <= len(digest) <= 64:
        raise ValueError("the salt or hash has the wrong length")
    return salt, digest, n, r, p


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # Imported here: hashlib's scrypt is OpenSSL's (3.4 MiB), loaded once staff enter a PIN,
    # not in every kiosk that waits for one.
    import hashlib

    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=_MAX_MEMORY
    )


def _result(ok: bool, locked_for: float, failures: int) -> PinCheck:
    return PinCheck(
        ok=ok,
        locked_for=locked_for,
        failures=failures,
        attempts_before_lockout=max(FAILURES_BEFORE_LOCKOUT - failures, 0),
    )


def _json(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, indent=2) + "\n").encode("utf-8")
