"""The answers store: every answer saved as typed, atomically, and never silently lost.

Answers live in one JSON file, ``answers/answers.json`` in the course folder (or in the
folder named by $PH_ANSWERS_DIR). Each save takes a lock, re-reads the file, changes one
entry, writes a temporary file beside it and renames it over the old one, so a crash
leaves either the old file or the new one, and two notebooks open at once lose nothing.
After every save a copy of the new file is kept as ``answers.backup.json``.

Nothing is ever deleted or overwritten when something is wrong:

* a file that cannot be read is moved aside under a new name (``answers.unreadable-….json``);
  the answers are recovered from the backup and written back at once, so the next read,
  the next save and the next notebook all see them;
* one odd entry in a readable file (not an entry at all, nested too deeply, text that cannot
  be saved) is copied to a side file (``answers.set-aside-….json``, in the same format) and
  taken out of the way, with a message naming it; every other answer goes on working.
  Exercises check their own entry's shape and set it aside the same way (``set_aside``).

The file carries the version of its format (``VERSION``). A file of an older version is upgraded
as it is read, one step at a time (``UPGRADES``, as nbgrader's nbgraderformat does), and written
at the new version by the next save; a file of a newer version is neither used nor changed
(``NewerAnswers`` says so).

Files the store creates are readable by others (mode 0644), so a teacher on a shared
machine can read them. Every failure the student can meet is an ``AnswersError`` (a
``CourseError``) with a message that says what and where, never a traceback.
"""
from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time

from datetime import datetime, timezone
from pathlib import Path

from utils.core import paths
from utils.core.errors import CourseError

FORMAT = "purges-and-hysteria-answers"
VERSION = 1
FILE_NAME = "answers.json"
FILE_MODE = 0o644  # a teacher on a shared machine can read the student's answers
MAX_BYTES = 64 * 1024 * 1024  # far beyond any student's answers: a bigger file is damaged
MAX_DEPTH = 24  # the deepest answer any exercise saves is 5 levels
STALE_SECONDS = 60  # a temporary file older than this is left over from an interrupted save

try:  # POSIX: a real lock between kernels; on Windows the atomic rename still protects the file
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class AnswersError(CourseError, OSError):
    """The answers file or its folder cannot be read or written (the message says which and why)."""


class AnswerNotSaved(CourseError, TypeError, ValueError):
    """A value that cannot be saved as an answer (the file is left untouched)."""


class NewerAnswers(AnswersError):
    """An answers file saved by a newer version of the course: not used, and never written over."""


class _Damaged(Exception):
    """A file that exists but is not a readable answers file (the message says why)."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "answers": {}}


# -- versions of the format ---------------------------------------------------------------------
def _upgrade_0_to_1(data: dict) -> dict:
    """Version 0, a file without a "version" (as none was ever written): the same answers, numbered 1."""
    return {**data, "version": 1}


# UPGRADES[n] turns the data of a version-n file into version n + 1, keeping every answer. A change
# of format raises VERSION, adds the step here and a version-n file to tests/handin/test_format_versions.py.
UPGRADES = {0: _upgrade_0_to_1}


def version_of(data: dict) -> int | None:
    """The format version of an answers file's data (0 if it has none), or None if it is not a whole number."""
    version = data.get("version", 0)
    return version if isinstance(version, int) and not isinstance(version, bool) and version >= 0 else None


def upgrade(data: dict, name: str = "This answers file") -> dict:
    """An answers file's data at the current VERSION, upgraded step by step (the data given is not changed).

    A file of a newer version raises ``NewerAnswers``, one whose version is not a whole number an
    ``AnswersError``; ``name`` says which file in the message ("Your answers file …")."""
    version = version_of(data)
    if version is None:
        raise AnswersError(f"{name} is not in a form this course knows: its format version, "
                           f"{str(data.get('version'))[:40]!r}, is not a whole number. Nothing in it was changed.")
    if version > VERSION:
        raise NewerAnswers(f"{name} was saved by a newer version of the course (answers format {version}; this "
                           f"copy reads formats up to {VERSION}). Nothing in it was changed and nothing is saved "
                           "over it: open the course copy that saved it, or ask your teacher to update this one.")
    while version < VERSION:
        data = UPGRADES[version](data)
        version = data["version"]
    return data


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _fix_text(text: str) -> str:
    """Text with each lone surrogate (which no file can hold as UTF-8) replaced by U+FFFD."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text) if _has_surrogate(text) else text


def value_problem(value) -> str | None:
    """Why a value cannot be kept as an answer (None if it can): depth and text, checked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"it is nested more than {MAX_DEPTH} levels deep"
        if isinstance(item, str):
            if _has_surrogate(item):
                return "it holds a character that cannot be saved (a lone surrogate)"
        elif isinstance(item, dict):
            for k, v in item.items():
                if not isinstance(k, str):
                    return f"it has a key that is not text ({type(k).__name__})"
                stack.append((k, depth))
                stack.append((v, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((v, depth + 1) for v in item)
        elif item is not None and not isinstance(item, (bool, int, float)):
            return f"it holds a {type(item).__name__}, which cannot be saved"
    return None


def _repaired(value):
    """A copy of value with every lone surrogate replaced (only called on values within MAX_DEPTH)."""
    if isinstance(value, str):
        return _fix_text(value)
    if isinstance(value, dict):
        return {_fix_text(k): _repaired(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_repaired(v) for v in value]
    return value


def _entry_problem(key: str, entry) -> tuple[str | None, object]:
    """(why the entry is odd or None, the entry to keep in its place or None to take it out)."""
    if _has_surrogate(key):
        return "its name holds a character that cannot be saved", None
    if not isinstance(entry, dict) or "value" not in entry:
        found = {dict: "an object", list: "a list", str: "text", bool: "true or false", int: "a number",
                 float: "a number", type(None): "null"}.get(type(entry), type(entry).__name__)
        return f"it is {found} without a saved value, not an answer", None
    problem = value_problem(entry["value"])
    if problem is None:
        return None, entry
    if "surrogate" in problem and value_problem(_repaired(entry["value"])) is None:
        fixed = dict(entry, value=_repaired(entry["value"]))
        if not isinstance(fixed.get("saved_at"), str) or _has_surrogate(fixed.get("saved_at")):
            fixed["saved_at"] = _now()
        return problem + "; it is kept with that character replaced by \ufffd", fixed
    return problem, None


class AnswerStore:
    """One answers file. Use ``get``/``put``; ``warning`` says if anything was set aside or recovered."""

    def __init__(self, directory: Path | str | None = None, file_name: str = FILE_NAME):
        self.directory = Path(directory) if directory else paths.answers_dir()
        self.path = self.directory / file_name
        self.warning: str | None = None

    # -- names -------------------------------------------------------------------------
    @property
    def backup_path(self) -> Path:
        """A copy of the answers file as it was after the last good save, kept beside it."""
        return self.path.with_name(f"{self.path.stem}.backup{self.path.suffix}")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _free_name(self, label: str, base: Path | None = None) -> Path:
        base = base or self.path
        stamp = _stamp()
        target = base.with_name(f"{base.stem}.{label}-{stamp}{base.suffix}")
        n = 1
        while os.path.lexists(target):
            n += 1
            target = base.with_name(f"{base.stem}.{label}-{stamp}-{n}{base.suffix}")
        return target

    def _note(self, text: str) -> None:
        if self.warning and text in self.warning:  # the same problem met again: said once
            return
        self.warning = f"{self.warning} {text}" if self.warning else text

    # -- reading -----------------------------------------------------------------------
    @staticmethod
    def _read(path: Path) -> dict:
        """Parse an answers file. FileNotFoundError if there is none, _Damaged if it is not
        a readable answers file, AnswersError if it cannot be opened at all (NewerAnswers if a newer
        version of the course saved it); an older version's data is upgraded."""
        try:
            info = os.stat(path)
            if stat.S_ISDIR(info.st_mode):
                raise _Damaged("it is a folder, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise _Damaged("it is not an ordinary file")
            if info.st_size > MAX_BYTES:
                raise _Damaged(f"it is larger than {MAX_BYTES // (1024 * 1024)} MB")
            with open(path, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise
        except IsADirectoryError:
            raise _Damaged("it is a folder, not a file") from None
        except PermissionError as exc:
            raise AnswersError(f"Your answers file {path} cannot be read: this account is not allowed to "
                               "open it. Ask your teacher to make it readable; nothing in it was changed.") from exc
        except OSError as exc:
            raise AnswersError(f"Your answers file {path} cannot be read ({exc.strerror or exc}). "
                               "Nothing in it was changed; tell your teacher.") from exc
        if len(raw) > MAX_BYTES:
            raise _Damaged(f"it is larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise _Damaged("it is not UTF-8 text") from None
        except RecursionError:
            raise _Damaged("it is nested too deeply to read") from None
        except ValueError as exc:
            raise _Damaged(f"it is not valid JSON: {str(exc).splitlines()[0][:200]}") from None
        if not (isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("answers"), dict)):
            raise _Damaged("it is not an answers file of this course")
        if version_of(data) is None:
            raise _Damaged("its format version is not a whole number")
        return upgrade(data, f"Your answers file {path}")  # NewerAnswers: used by none, written by none

    def _load(self) -> tuple[dict, bool]:
        """(the answers, whether the file on disk may be written). A damaged file is moved aside and
        the backup written back at once; odd entries are set aside; the reasons go to ``warning``."""
        try:
            data = self._read(self.path)
        except FileNotFoundError:
            data, writable = self._recover(None)
        except _Damaged as exc:
            data, writable = self._recover(str(exc))
        else:
            writable = True
        return self._check_entries(data, writable)

    def _read_backup(self) -> dict | None:
        """The backup's answers, or None; a damaged backup is moved aside so no save overwrites it."""
        try:
            return self._read(self.backup_path)
        except FileNotFoundError:
            return None
        except NewerAnswers:  # a newer copy of the course saved here: nothing may be written over it
            raise
        except _Damaged as exc:
            with contextlib.suppress(OSError):
                target = self._free_name("unreadable", self.backup_path)
                os.replace(self.backup_path, target)
                self._note(f"The backup {self.backup_path.name} could not be read either ({exc}); "
                           f"it has been kept as {target.name}.")
            return None
        except AnswersError:
            return None

    def _recover(self, reason: str | None) -> tuple[dict, bool]:
        """The answers when the file is missing (reason None) or damaged: from the backup if there is one,
        written back at once so they stay recovered. The damaged file is moved aside, never overwritten."""
        if reason is None:
            backup = self._read_backup() if os.path.lexists(self.backup_path) else None
            if backup is None or not backup["answers"]:
                return _empty(), True
            self._note(f"Your answers file {self.path} was missing. Your answers up to the last save were "
                       f"recovered from {self.backup_path.name}.")
            return backup, self._write_back(backup)
        target = self._free_name("unreadable")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            backup = self._read_backup()
            self._note(f"Your answers file {self.path} could not be read ({reason}), and it could not be moved "
                       f"aside ({exc.strerror or exc}), so nothing can be saved until your teacher fixes it. "
                       + ("Your answers up to the last good save are shown from "
                          f"{self.backup_path.name}." if backup else ""))
            return backup or _empty(), False
        backup = self._read_backup()
        if backup is not None:
            recovered = f" Your answers up to the last good save were recovered from {self.backup_path.name}."
        else:
            backup, recovered = _empty(), " New answers are saved to a fresh file."
        self._note(f"Your answers file {self.path} could not be read ({reason}). Nothing was deleted: "
                   f"it has been kept as {target.name} in the same folder.{recovered} "
                   "Show both files to your teacher if anything is missing.")
        return backup, self._write_back(backup)

    def _write_back(self, data: dict) -> bool:
        try:
            self._write(data)
        except OSError as exc:
            self._note(f"The recovered answers could not be written back ({exc.strerror or exc}): nothing "
                       "can be saved until your teacher fixes the folder.")
            return False
        return True

    def _check_entries(self, data: dict, writable: bool) -> tuple[dict, bool]:
        """Set aside every entry that is not a savable answer; keep all the others as they are."""
        odd, reasons, backup = {}, [], None
        for key, entry in list(data["answers"].items()):
            problem, keep = _entry_problem(key, entry)
            if problem is None:
                continue
            odd[key] = entry
            if keep is None:  # the backup is a copy of the last save: its version is the last good one
                if backup is None:
                    backup = self._backup_answers()
                keep = backup.get(key)
                if keep is not None and _entry_problem(key, keep)[0] is None:
                    problem += f"; your last good version was recovered from {self.backup_path.name}"
                else:
                    keep = None
            reasons.append(f"'{_fix_text(key)}' ({problem})")
            if keep is None:
                del data["answers"][key]
            else:
                data["answers"][key] = keep
        if not odd:
            return data, writable
        names = "; ".join(reasons)
        if writable:
            try:
                side = self._write_side_file(odd, names)
                self._write(data)
            except OSError as exc:
                self._note(f"Some saved answers could not be used: {names}. They could not be set aside "
                           f"({exc.strerror or exc}); nothing can be saved until your teacher fixes the folder.")
                return data, False
            self._note(f"Some saved answers could not be used as they were: {names}. Nothing was deleted: "
                       f"they are kept unchanged in {side.name} in the same folder. Everything else works as "
                       "before; show that file to your teacher.")
            return data, True
        self._note(f"Some saved answers could not be used: {names}.")
        return data, False

    def _backup_answers(self) -> dict:
        """The backup's entries, read only (nothing is moved or written); {} if it cannot be read."""
        try:
            return self._read(self.backup_path)["answers"]
        except (OSError, _Damaged):
            return {}

    def _write_side_file(self, entries: dict, reason: str) -> Path:
        target = self._free_name("set-aside")
        side = dict(_empty(), answers=entries, saved_at=_now(), reason=_fix_text(reason))
        # ASCII escapes keep every entry exactly as it was, even text no UTF-8 file can hold
        self._atomic_write(target, json.dumps(side, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii"))
        return target

    def all(self) -> dict:
        """Every saved entry, by key."""
        with self._locked(writing=False):
            return self._load()[0]["answers"]

    def get(self, key: str):
        """The saved value for key, or None."""
        entry = self.all().get(key)
        return entry.get("value") if isinstance(entry, dict) else None

    # -- writing -----------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self, writing: bool = True):
        """Hold the lock between kernels. Reading goes on without it where the folder cannot hold one
        (it does not exist yet, or it is read-only): the atomic rename keeps reads whole."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if writing:
                raise AnswersError(f"Your answers cannot be saved: the folder {self.directory} cannot be made "
                                   f"({exc.strerror or exc}). Copy your text somewhere safe and tell your teacher.") from exc
            yield
            return
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            if writing:
                raise AnswersError(f"Your answers cannot be saved in {self.directory}: "
                                   f"{exc.strerror or exc}. Copy your text somewhere safe and tell your teacher.") from exc
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def put(self, key: str, value) -> None:
        """Save one answer: lock, re-read, change this entry only, write atomically."""
        if not isinstance(key, str) or _has_surrogate(key):
            raise AnswerNotSaved(f"An answer needs a name made of text; {key!r} cannot be used.")
        problem = value_problem(value)
        if problem:
            raise AnswerNotSaved(f"This answer cannot be saved: {problem}")
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")  # fail before touching the file
        except (TypeError, ValueError, RecursionError) as exc:
            raise AnswerNotSaved(f"This answer cannot be saved: {exc}") from None
        with self._locked():
            data, writable = self._load()
            if not writable:
                raise AnswersError(f"Your answer was not saved: {self.warning or 'the answers file cannot be written.'}")
            data["answers"][key] = {"value": value, "saved_at": _now()}
            data["saved_at"] = _now()
            try:
                self._write(data)
            except AnswersError:
                raise
            except OSError as exc:
                raise AnswersError(f"Your answer was not saved in {self.path} ({exc.strerror or exc}). "
                                   "Your text is still on screen: copy it somewhere safe and tell your teacher.") from exc

    def set_aside(self, key: str, reason: str) -> str:
        """Take one entry out of the answers file into a side file (kept unchanged, with the reason), so a
        new answer can be saved; return a message naming it. Used by exercises for entries of the wrong shape."""
        try:
            with self._locked():
                data, writable = self._load()
                if key not in data["answers"]:
                    return ""
                if not writable:
                    raise AnswersError(self.warning or "the answers file cannot be written")
                side = self._write_side_file({key: data["answers"][key]}, f"'{key}' ({reason})")
                del data["answers"][key]
                self._write(data)
        except OSError as exc:
            return (f"Your saved answer '{_fix_text(key)}' could not be used ({reason}), and it could not be set "
                    f"aside ({exc}). It is still in {self.path.name}: do not type here until your teacher has "
                    "copied it.")
        return (f"Your saved answer '{_fix_text(key)}' could not be used ({reason}). Nothing was deleted: it is "
                f"kept unchanged in {side.name} in the same folder as {self.path.name}. You can answer again here; "
                "show that file to your teacher.")

    def _cleanup(self) -> None:
        """Remove temporary files left by saves that were interrupted (a crash, a killed kernel)."""
        now = time.time()
        patterns = [f".{self.path.stem}-*.tmp", f".{self.path.name}.backup-link"]
        for pattern in patterns:
            for leftover in self.directory.glob(pattern):
                with contextlib.suppress(OSError):
                    if leftover.is_file() and now - leftover.stat().st_mtime > STALE_SECONDS:
                        leftover.unlink()

    def _atomic_write(self, target: Path, payload: bytes, durable: bool = True) -> None:
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.stem}-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                if hasattr(os, "fchmod"):
                    os.fchmod(fh.fileno(), FILE_MODE)
                fh.write(payload)
                fh.flush()
                if durable:
                    os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _write(self, data: dict) -> None:
        """Write the answers file atomically, then keep a copy of it as the backup."""
        self._cleanup()
        payload = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        self._atomic_write(self.path, payload)
        self._sync_directory()
        # The backup is a copy (never a link: damage to one file must not reach the other).
        # The answer is already saved, so a failure here is not reported as "not saved".
        # It is not synced to disk separately: the answers file itself already is.
        with contextlib.suppress(OSError):
            self._atomic_write(self.backup_path, payload, durable=False)

    def _sync_directory(self) -> None:
        with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
            dir_fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


_STORES: dict[Path, AnswerStore] = {}


def store() -> AnswerStore:
    """The store for the current answers folder (one object per folder per kernel)."""
    folder = paths.answers_dir()
    if folder not in _STORES:
        _STORES[folder] = AnswerStore(folder)
    return _STORES[folder]
