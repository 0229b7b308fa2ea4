"""Download my answers / Restore my answers: a student's work travels with the student.

On Binder the computer is thrown away when the tab closes, and in app mode there is no file browser.
Download offers every saved answer as one file (the answers file itself); Restore reads such a file
back and merges it with what is saved here: answers only in the file are added, answers that are the
same are left alone, and where the two differ the newer one is used and the other is kept, unchanged,
in a conflicts file beside the answers (itself a file Restore can read). Nothing is ever dropped.

``MyAnswersModel`` holds the logic without widgets (tests drive it); ``MyAnswersBox`` is the view.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from utils.exercises import answers as answers_mod
from utils.core.errors import CourseError
from utils.core.html import esc
from utils.core.display import STYLE, inline_styles
from utils.handin.submission import download_link

MAX_UPLOAD = 16 * 1024 * 1024  # far beyond a course's answers


class RestoreError(CourseError):
    """A file that cannot be restored (the message says why; nothing was changed)."""


@dataclass
class Restored:
    """What one restore did."""

    added: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # the file's answer was newer: now in use
    kept: list[str] = field(default_factory=list)  # this computer's answer was newer: kept in use
    odd: list[str] = field(default_factory=list)  # entries that could not be used (reason in text)
    conflicts_file: Path | None = None

    def message(self) -> str:
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} answer{'s' if len(self.added) != 1 else ''} added")
        if self.same:
            parts.append(f"{len(self.same)} already here")
        if self.replaced or self.kept:
            n = len(self.replaced) + len(self.kept)
            where = self.conflicts_file.name if self.conflicts_file else "a conflicts file"
            parts.append(f"{n} different here and in the file: the newer version of each is now in use, "
                         f"and the other is kept in {where} beside your answers")
        if self.odd:
            parts.append(f"{len(self.odd)} could not be used and were left out: " + "; ".join(self.odd))
        return ("Restored: " + "; ".join(parts) + ".") if parts else "The file holds no answers."


def parse(raw: bytes, name: str = "the file") -> dict:
    """The answers in an uploaded answers file ({key: entry}), or RestoreError saying what is wrong."""
    if len(raw) > MAX_UPLOAD:
        raise RestoreError(f"{name} is larger than {MAX_UPLOAD // (1024 * 1024)} MB: it is not an answers "
                           "file of this course. Nothing was changed.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RestoreError(f"{name} is not a text file. Choose the answers file you downloaded "
                           "(a .json file). Nothing was changed.") from None
    except RecursionError:
        raise RestoreError(f"{name} is nested too deeply to be an answers file. Nothing was changed.") from None
    except ValueError as exc:
        raise RestoreError(f"{name} is not a readable answers file ({str(exc).splitlines()[0][:120]}). "
                           "Nothing was changed.") from None
    if not (isinstance(data, dict) and data.get("format") == answers_mod.FORMAT
            and isinstance(data.get("answers"), dict)):
        raise RestoreError(f"{name} is not an answers file of this course (it should be the file that "
                           "'Download my answers' made). Nothing was changed.")
    try:  # a file from an older copy of the course is upgraded; one from a newer copy is refused
        data = answers_mod.upgrade(data, name[:1].upper() + name[1:])
    except answers_mod.AnswersError as exc:
        raise RestoreError(str(exc)) from None
    if not isinstance(data.get("answers"), dict):
        raise RestoreError(f"{name} holds no answers this course can read. Nothing was changed.")
    return data["answers"]


def _printable(key) -> str:
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in str(key))[:80]


def _entry_problem(key, entry) -> str | None:
    """Why an uploaded entry cannot be restored (None if it can)."""
    if not isinstance(key, str) or _printable(key) != key[:80]:
        return "its name cannot be saved"
    if not isinstance(entry, dict) or "value" not in entry:
        return "it holds no saved answer"
    return answers_mod.value_problem(entry["value"])


def _newer(a: dict, b: dict) -> bool:
    """Whether entry a was saved after entry b (unknown times count as oldest)."""
    ta, tb = a.get("saved_at"), b.get("saved_at")
    return (ta if isinstance(ta, str) else "") > (tb if isinstance(tb, str) else "")


class MyAnswersModel:
    """Download and restore, without widgets."""

    def __init__(self, store=None):
        self.store = store or answers_mod.store()

    # -- download ------------------------------------------------------------------------
    def download(self, now: datetime | None = None) -> tuple[str, str, int]:
        """(file name, file text, number of answers): every answer saved on this computer."""
        saved = self.store.all()
        now = now or datetime.now(timezone.utc)
        data = {"format": answers_mod.FORMAT, "version": answers_mod.VERSION, "answers": saved,
                "saved_at": now.isoformat(timespec="seconds")}
        text = json.dumps(data, ensure_ascii=True, indent=1, sort_keys=True)
        return f"my-answers-{now.strftime('%Y%m%d-%H%M')}.json", text, len(saved)

    # -- restore -------------------------------------------------------------------------
    def restore(self, raw: bytes, name: str = "the file") -> Restored:
        """Merge an answers file into the store; never drops an answer (see the module's docstring)."""
        incoming = parse(raw, name)
        here = self.store.all()
        done = Restored()
        losers: dict[str, dict] = {}
        for key, entry in incoming.items():
            problem = _entry_problem(key, entry)
            if problem:
                done.odd.append(f"'{_printable(key)}' ({problem})")
                continue
            mine = here.get(key)
            if not isinstance(mine, dict) or "value" not in mine:
                self.store.put(key, entry["value"])
                done.added.append(key)
            elif mine["value"] == entry["value"]:
                done.same.append(key)
            elif _newer(entry, mine):
                losers[key] = mine
                self.store.put(key, entry["value"])
                done.replaced.append(key)
            else:
                losers[key] = entry
                done.kept.append(key)
        if losers:
            done.conflicts_file = self._keep(losers)
        return done

    def _keep(self, entries: dict) -> Path:
        """Write the versions not in use to a new answers-format file beside the answers file."""
        folder = self.store.path.parent
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target, n = folder / f"answers.conflicts-{stamp}.json", 1
        while target.exists():
            n += 1
            target = folder / f"answers.conflicts-{stamp}-{n}.json"
        data = {"format": answers_mod.FORMAT, "version": answers_mod.VERSION, "answers": entries,
                "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "reason": "versions not in use after 'Restore my answers'; restore this file to use them"}
        fd, tmp = tempfile.mkstemp(prefix=".answers-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                os.fchmod(fh.fileno(), 0o644)
                json.dump(data, fh, ensure_ascii=True, indent=1, sort_keys=True)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return target


class MyAnswersBox:
    """The two buttons, for every notebook: JupyterLab and app mode alike (no file browser needed)."""

    def __init__(self, page=None, store=None):
        self.page = page  # a Lesson: its shown exercises are refreshed after a restore
        self.model = MyAnswersModel(store or (page.answers() if page is not None else None))
        self._widget = None

    @property
    def widget(self):
        if self._widget is None:
            import ipywidgets as w

            self.download_button = w.Button(description="Download my answers", layout=w.Layout(width="auto"),
                                            tooltip="Make a file of every answer saved on this computer")
            self.upload = w.FileUpload(accept=".json", multiple=False, description="Restore my answers",
                                       layout=w.Layout(width="auto"),
                                       tooltip="Choose a file made by 'Download my answers'")
            self.link = w.HTML(value="")
            self.message = w.HTML(value="")
            self.download_button.on_click(self._on_download)
            self.upload.observe(self._on_upload, names="value")
            intro = w.HTML(
                "<p><strong>Keep your work.</strong> Your answers are saved on this computer as you type. "
                "To take them to another computer (or before a Binder session ends), press "
                "<strong>Download my answers</strong> and keep the file. Next time, press "
                "<strong>Restore my answers</strong> and choose that file: it is merged with what is "
                "here, and nothing is lost.</p>")
            box = w.VBox([intro, w.HBox([self.download_button, self.upload]), self.link, self.message],
                         layout=w.Layout(border="1px solid #767676", padding="0.5em"))
            box.add_class("ph-widget")
            self._widget = box
        return self._widget

    def _on_download(self, _button=None) -> None:
        try:
            name, text, count = self.model.download()
        except (CourseError, OSError) as exc:
            self.message.value = f"<div class='ph-error' role='alert'>{esc(exc)}</div>"
            return
        self.link.value = (f"<p role='status'>\u2b07 <strong style='text-decoration:underline'>"
                           + download_link(text, name, "Save the file", mime="application/json")
                           + f"</strong> ({count} answer{'s' if count != 1 else ''}). Keep it somewhere safe, "
                           "for example in your own cloud storage or on a USB stick.</p>")

    def _on_upload(self, change) -> None:
        files = change.get("new") or ()
        if not files:
            return
        item = files[0]
        name = str(item.get("name", "the file"))
        try:
            done = self.model.restore(bytes(item.get("content", b"")), name)
        except (CourseError, OSError) as exc:
            self.message.value = f"<div class='ph-error' role='alert'>{esc(exc)}</div>"
            return
        finally:
            self.upload.value = ()  # the same file can be chosen again
        refreshed = self.page.refresh_from_store() if self.page is not None else 0
        more = (" The exercises on this page show the restored answers; the others show them when "
                "their lesson is next opened or run." if refreshed else
                " Each exercise shows them when its lesson is next opened or run.")
        self.message.value = f"<div class='ph-reveal' role='status'>{esc(done.message())}{esc(more)}</div>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_() or {})
        text = ("Download my answers / Restore my answers: buttons that save every answer to a file you keep, "
                "and merge such a file back in. They work when the notebook is running.")
        bundle["text/html"] = (STYLE + inline_styles("<div class='ph-card ph-static' role='group' aria-label='Keep your "
                               f"work'><p><strong>Keep your work</strong></p><p>{esc(text)}</p></div>"))
        bundle["text/plain"] = text
        return bundle
