"""Build tests/submissions/example_class/: a made-up class handing in Homework 1.

Every student here is fictional (the names say so), and so is every answer. The folder holds
good submissions and one of each problem the teacher's notebook must report: incomplete, late,
a duplicate, an altered file, corrupt JSON, missing embedded data, an unknown assignment, files
that are not submissions at all, and two students whose answers are the same or nearly so.
``lms_zip`` packs the same files as a Moodle or Canvas bulk download would (tests build it). The files are made by the course's own code, so when the
submission format or Homework 1 changes, run this again (tests/teacher/test_classroom.py says when):

    .venv/bin/python tests/submissions/make_example_class.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(__file__).resolve().parent / "example_class"
ASSIGNMENT = "h1-kirov-sources"
DEADLINE = "2025-03-10T18:00:00Z"

KHRUSHCHEV = ("He ran the Party in 1956 and wanted to blacken Stalin, so his hints about a plot suit "
              "his purpose; the detention and the guard's death can be checked, the plot cannot.")
MOLOTOV = ("Molotov chaired the very commission he talks about and spent his old age defending Stalin, "
           "so he is a witness in his own cause, even if historians partly agree with him.")
WHY = ("Both men were leaders with something to gain, so I cannot rank one above the other without "
       "the historians who read the case files.")
CLAIM = ("The details are real but they do not prove a plot: Lenoe read the case files and found one "
         "detention only, and the commission found no link to the opposition.")
ARGUED = ("I would rely most on Lenoe, because he worked through the case files and the commissions' "
          "papers decades later and had no career riding on the answer. Khrushchev and Molotov were "
          "both there, which makes them useful for what the leaders said and wanted, but each had a "
          "reason to tell it his way. Knight shows the question is still argued over, so I would say "
          "Nikolayev most likely acted alone, not that it is proven. "
          "I would rely least on Molotov. He chaired the commission that looked into the murder in 1956, "
          "so when he says that it found nothing against Stalin he is quoting his own work, and by the time "
          "he spoke to Chuev he had spent thirty years defending Stalin and himself. Khrushchev is not much "
          "better as a witness, because in 1956 he needed to weaken Stalin's memory, but at least the details "
          "he listed can be checked against the NKVD files that Lenoe and Kirilina read. So the accounts of "
          "the two leaders tell us what each of them wanted people to believe, while the historians tell us "
          "what the documents can and cannot show.")
ARGUED_2 = ("Least of all I trust Molotov, since he led the 1956 commission and then quoted it to clear "
            "Stalin. Khrushchev is hardly better: a politician listing odd facts without naming anyone. "
            "Knight and Lenoe disagree, and as a student I cannot judge their archive work, so the "
            "honest answer is that we cannot tell yet. "
            "What each account can tell us is limited in a different way. Molotov can tell us what the leaders "
            "said to each other, but not whether it was true. Khrushchev can tell us which facts looked "
            "suspicious in 1956, such as the bodyguard who died the next day, but he never showed who gave an "
            "order. Lenoe and Knight read many of the same files and still disagree, which shows that the "
            "papers do not settle it on their own. I think the fairest thing to say is that there is no proof "
            "of a plot and no proof against one, so the question stays open until more files are found.")
ARGUED_3 = ("Lenoe, because his book is the longest study and built on the files; Knight less, because "
            "she argues a case. The two leaders tell us more about 1956 than about 1934. "
            "Lenoe worked through the archives and he explains where every piece of "
            "his evidence comes from, so a reader can check him. He also shows that the rumours of a plot grew "
            "later, when they were useful to Khrushchev. Knight uses many of the same sources but reads the "
            "gaps in them as signs of a cover-up, which is possible but harder to test. Molotov and Khrushchev "
            "both had power at stake when they spoke, so their words show what they wanted in 1956 and later "
            "more than what happened in Leningrad in December 1934. That is why I put the historians first and "
            "the two leaders last, although I would still read what they said, because it shows how the murder "
            "was used.")
ARGUED_4 = ("Knight, because she shows how much the NKVD in Leningrad got wrong that winter. Lenoe may be "
            "right in the end, but the guards' mistakes still need explaining, and Khrushchev at least "
            "pointed at them. "
            "The guards let Nikolayev into the corridor of the Smolny with a gun, and he had been stopped with a "
            "gun once before and released. Knight asks why, and that is a fair question even if her answer goes "
            "further than the files do. Lenoe answers that the NKVD in Leningrad was simply careless, and he has "
            "more documents behind him. Khrushchev's speech adds nothing that can be checked, and Molotov was "
            "defending himself. So I would rely on the two historians together and on neither leader, and I "
            "would say that the question is still open, because the files that might close it have not all been "
            "read. In the end I trust the documents more than either man.")
# Eve's final answer: Ada's, with a few words changed (the class summary flags it as near-identical)
ARGUED_EVE = (ARGUED.replace("because he worked", "since he worked").replace("argued over", "argued about")
              .replace("most likely", "probably"))
GAINED_2 = ("Khrushchev could show himself as the man who told the truth about Stalin, and Molotov could "
            "defend the years when he was in power.")
GAINED_3 = ("Each of them was really defending his own past: Khrushchev his break with Stalin in 1956, "
            "Molotov his loyalty to Stalin to the very end, which was what his whole life stood on.")
GAINED = ("In 1956 Khrushchev gained from pinning the murder on Stalin because it helped him break with "
          "Stalin's memory; Molotov, old and out of power, gained from clearing Stalin and himself.")


def answers(verdict="contradicted", marks=("agree", "conflict", "conflict"), ratings=((4, 1, 3), (5, 1, 3)),
            argued=ARGUED, gained=GAINED, committed=True) -> dict:
    """One student's saved answers for Homework 1, by the part of the key after the assignment id."""
    (k1, k2, k3), (m1, m2, m3) = ratings
    return {
        "rate-khrushchev": {"ratings": {"knew": k1, "interest": k2, "checkable": k3},
                            "justification": KHRUSHCHEV, "committed": True},
        "rate-molotov": {"ratings": {"knew": m1, "interest": m2, "checkable": m3},
                         "justification": MOLOTOV, "committed": True},
        "two-leaders": {"marks": dict(zip(("hinted", "mystery", "stalin-role"), marks)), "reliable": "equal",
                        "why": WHY, "committed": True},
        "nkvd-helped": {"verdict": verdict, "evidence": ["commission", "lenoe"], "justification": CLAIM,
                        "committed": committed},
        "prompt-argued-answer": {"text": argued},
        "prompt-what-each-gained": {"text": gained},
    }


# name, handed in (UTC), answers; every name is made up
STUDENTS = [
    ("Ada Example", "2025-03-09T16:02:11Z", answers()),
    ("Ben Placeholder", "2025-03-09T19:45:30Z", answers(verdict="cannot tell", ratings=((4, 2, 2), (4, 1, 4)), argued=ARGUED_2,
                                                      gained=GAINED_2)),
    ("Cleo Sample", "2025-03-11T08:15:00Z", answers(marks=("agree", "agree", "conflict"), ratings=((3, 1, 3), (5, 2, 2)),
                                                  argued=ARGUED_3, gained=GAINED_3)),
    ("Dev Fictional", "2025-03-10T17:59:00Z", answers(verdict="partly supported", argued=ARGUED_4, gained="",
                                                    committed=False)),
    ("Eve Testcase", "2025-03-08T12:00:00Z", answers(argued="I will finish this later.", gained="")),
    ("Eve Testcase", "2025-03-10T09:30:00Z", answers(verdict="contradicted", ratings=((5, 1, 4), (5, 1, 4)),
                                                   argued=ARGUED_EVE)),
    ("Finn Madeup", "2025-03-09T21:10:00Z", answers(verdict="supported")),
    ("Gia Imaginary", "2025-03-10T10:00:00Z", answers()),
    ("Hal Invented", "2025-03-10T11:00:00Z", answers(marks=("conflict", "conflict", "conflict"))),
]


def submission_text(name: str, when: str, saved: dict) -> tuple[str, str]:
    """(file name, file text) of one student's submission, made by the course's own code."""
    from utils.exercises.answers import AnswerStore
    from utils import homework
    from utils.handin.submission import build, file_name

    with tempfile.TemporaryDirectory() as folder:
        store = AnswerStore(folder)
        store.put(f"{ASSIGNMENT}/student-name", {"text": name})
        for key, value in saved.items():
            store.put(f"{ASSIGNMENT}/{key}", value)
        payload = homework(ASSIGNMENT, store=store).payload(when)
    return file_name(ASSIGNMENT, name, when), build(payload)


def build_all() -> dict[str, bytes]:
    """Every file of the example class, by name."""
    from utils import __version__
    from utils.handin.submission import build, file_name, make_payload

    files = {}
    for name, when, saved in STUDENTS:
        fname, text = submission_text(name, when, saved)
        if name == "Finn Madeup":  # altered after it was made: the verdict in the data, not the checksum
            text = text.replace('"verdict": "supported"', '"verdict": "contradicted"', 1)
        elif name == "Gia Imaginary":  # corrupt: the embedded JSON is cut short
            start = text.index('id="ph-submission">')
            text = text[:start + 400] + text[text.index("</script>"):]
        elif name == "Hal Invented":  # missing data: the embedded answers were removed
            text = text[:text.index("<script")] + text[text.index("</script>") + len("</script>"):]
        files[fname] = text.encode("utf-8")
    lost = make_payload({"id": "h9-lost-homework", "title": "Homework 9: a lost assignment"}, "Ivy Pretend",
                        [{"key": "h9-lost-homework/prompt-x", "kind": "prompt", "label": "Prompt 1", "question": "?",
                          "value": {"text": "An answer to a homework that is not in the course."},
                          "shown": [["Answer", "An answer to a homework that is not in the course."]],
                          "unfinished": None}], __version__, "2025-03-09T10:00:00Z")
    files[file_name("h9-lost-homework", "Ivy Pretend", "2025-03-09T10:00:00Z")] = build(lost).encode("utf-8")
    files["reading-notes.txt"] = "Notes for the class discussion on Thursday (not a submission).\n".encode("utf-8")
    files["jo-doe-answers.json"] = (b'{"format": "purges-and-hysteria-answers", "version": 1, "answers": {}}\n')
    return files


# the platform's id of each student (made up), for the bulk-download zips
LMS_IDS = {"ada-example": 101, "ben-placeholder": 102, "cleo-sample": 103, "dev-fictional": 104,
           "eve-testcase": 105, "finn-madeup": 106, "gia-imaginary": 107, "hal-invented": 108, "ivy-pretend": 109}


def lms_zip(kind: str, files: dict[str, bytes] | None = None) -> bytes:
    """The example class as a bulk download: "moodle" (a folder per student) or "canvas" (flat names)."""
    import io
    import zipfile

    files = build_all() if files is None else files
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            slug = name.split("_")[1] if name.endswith(".html") else None
            if slug not in LMS_IDS:
                z.writestr(name, data)  # a file the platform did not name (a teacher's note)
                continue
            uid = LMS_IDS[slug]
            if kind == "moodle":
                full = " ".join(w.capitalize() for w in slug.split("-"))
                z.writestr(f"{full}_{uid}_assignsubmission_file_/{name}", data)
            else:
                first, last = slug.split("-")
                late = "_LATE" if slug == "cleo-sample" else ""
                z.writestr(f"{last}{first}{late}_{uid}_{uid + 5000}_{name}", data)
    return out.getvalue()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    FOLDER.mkdir(parents=True, exist_ok=True)
    for old in FOLDER.iterdir():
        old.unlink()
    for name, data in build_all().items():
        (FOLDER / name).write_bytes(data)
    print(f"wrote {len(list(FOLDER.iterdir()))} files to {FOLDER.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
