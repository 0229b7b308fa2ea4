"""The answers store: every answer saved as typed, atomically, and never silently lost.

Answers live in one JSON file, ``answers/answers.json`` in the course folder (or in the
folder named by $PH_ANSWERS_DIR). Each save takes a lock, re-reads the file, changes one
entry, writes a temporary file beside it and renames it over the old one, so a crash
leaves either the old file or the new one, and two notebooks open at once lose nothing.
A file that cannot be read is set aside under a new name, never overwritten.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile

from datetime import datetime, timezone
from pathlib import Path

from . import paths

FORMAT = "purges-and-hysteria-answers"
VERSION = 1
FILE_NAME = "answers.json"

try:  # POSIX: a real lock between kernels; on Windows the atomic rename still protects the file
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _empty() -> dict:
    return {"format": FORMAT, "version": VERSION, "answers": {}}


class AnswerStore:
    """One answers file. Use ``get``/``put``; ``warning`` says if a damaged file was set aside."""

    def __init__(self, directory: Path | str | None = None, file_name: str = FILE_NAME):
        self.directory = Path(directory) if directory else paths.answers_dir()
        self.path = self.directory / file_name
        self.warning: str | None = None

    # -- reading -----------------------------------------------------------------------
    @property
    def backup_path(self) -> Path:
        """The previous good version of the answers file, kept beside it."""
        return self.path.with_name(f"{self.path.stem}.backup{self.path.suffix}")

    @staticmethod
    def _read(path: Path) -> dict:
        """Parse an answers file; ValueError says why it is not one."""
        data = json.loads(path.read_bytes().decode("utf-8"))
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and isinstance(data.get("answers"), dict)):
            raise ValueError("it is not an answers file of this course")
        return data

    def _parse(self) -> dict:
        """The file's content; a damaged file is moved aside and the backup (or nothing) used."""
        try:
            return self._read(self.path)
        except FileNotFoundError:
            return _empty()
        except (ValueError, UnicodeDecodeError) as exc:
            return self._set_aside(str(exc).splitlines()[0][:200])

    def _set_aside(self, reason: str) -> dict:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}-{n}{self.path.suffix}")
        os.replace(self.path, target)
        try:
            data = self._read(self.backup_path)
            recovered = (f" Your answers up to the save before last were recovered from "
                         f"{self.backup_path.name}.")
        except (OSError, ValueError, UnicodeDecodeError):
            data, recovered = _empty(), " New answers are saved to a fresh file."
        self.warning = (
            f"Your answers file {self.path} could not be read ({reason}). Nothing was deleted: "
            f"it has been kept as {target.name} in the same folder.{recovered} "
            "Show both files to your teacher if anything is missing."
        )
        return data

    def all(self) -> dict:
        """Every saved entry, by key."""
        with self._locked():
            return self._parse()["answers"]

    def get(self, key: str):
        """The saved value for key, or None."""
        entry = self.all().get(key)
        return entry.get("value") if isinstance(entry, dict) else None

    # -- writing -----------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            yield
            return
        with open(self.path.with_name(self.path.name + ".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def put(self, key: str, value) -> None:
        """Save one answer: lock, re-read, change this entry only, write atomically."""
        json.dumps(value)  # fail before touching the file if the value cannot be saved
        with self._locked():
            data = self._parse()
            data["answers"][key] = {"value": value, "saved_at": _now()}
            data["saved_at"] = _now()
            self._write(data)

    def _keep_backup(self) -> None:
        """Keep the current (good) file as the backup: a hard link, so it costs no copy."""
        if not self.path.exists():
            return
        link = self.path.with_name(f".{self.path.name}.backup-link")
        try:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(link)
            os.link(self.path, link)
            os.replace(link, self.backup_path)
        except OSError:  # a file system without hard links: copy instead
            import shutil

            shutil.copyfile(self.path, link)
            os.replace(link, self.backup_path)

    def _write(self, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".answers-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            self._keep_backup()
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
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


