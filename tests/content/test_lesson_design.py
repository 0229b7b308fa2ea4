"""Issue 12: every lesson fits one period, asks before it tells, and scaffolds every answer.

These tests read the lesson files and the stored notebooks (no kernel): a teacher who moves an
exercise, drops a sentence starter or puts the summary back at the top learns it here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from utils.tools import lengths

ROOT = Path(__file__).resolve().parents[2]
LESSON_FILES = sorted((ROOT / "lessons").glob("0[1-9]-*.yaml"))
HOMEWORK_FILES = sorted((ROOT / "lessons" / "homework").glob("h*.yaml"))


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _notebook(lesson: dict) -> dict:
    name = lesson["id"].replace("-", "_", 1).replace("-", "_") + ".ipynb"
    return json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))


def _cells(nb: dict) -> list[tuple[str, str]]:
    return [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]


def _grams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9’']+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _strings(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(_strings(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_strings(v) for v in value.values())
    return ""


@pytest.fixture(params=LESSON_FILES, ids=lambda p: p.stem)
def lesson(request) -> dict:
    return _yaml(request.param)


def test_there_are_nine_lessons():
    assert len(LESSON_FILES) == 9


def test_every_core_fits_one_period():
    over = {r["lesson"]: r["core_minutes"] for r in lengths.report() if r["core_minutes"] > lengths.CORE_LIMIT}
    assert not over, f"cores over {lengths.CORE_LIMIT} minutes (run `make lengths -- -v`): {over}"


def test_the_length_model_counts_what_is_added():
    """A longer passage makes a longer lesson: the model cannot be blind to the content."""
    data = {"passages": [{"id": "p", "text": "word " * 400}]}
    assert lengths.words(data["passages"][0]) == 400  # 400 words; the id is not read
    assert lengths.exercise_minutes({"kind": "quick-check", "questions": [{}, {}, {}]}) == 3


def test_one_final_claim_with_frames_documents_and_a_three_point_rubric(lesson):
    claims = [ex for ex in lesson["exercises"] if ex["kind"] == "final-claim"]
    assert len(claims) == 1, f"{lesson['id']}: needs exactly one final-claim exercise"
    claim = claims[0]
    assert len(claim["documents"]) >= max(2, claim.get("min_documents", 2))
    assert len(claim["rubric"]) == 3 and len(claim["frames"]) >= 2
    assert "summary" not in lesson, f"{lesson['id']}: the summary belongs in the final claim, shown after it"


def test_every_prompt_offers_sentence_starters(lesson):
    missing = [p["id"] for p in lesson["prompts"] if not p.get("starters")]
    assert not missing, f"{lesson['id']}: prompts without starters: {missing}"


def test_homework_prompts_and_plans_offer_starters():
    missing = []
    for path in HOMEWORK_FILES:
        data = _yaml(path)
        missing += [f"{path.stem}:{p['id']}" for p in data.get("prompts", []) if not p.get("starters")]
        for ex in data["exercises"]:
            if ex["kind"] == "organizer":
                missing += [f"{path.stem}:{ex['id']}.{f['id']}" for f in ex["fields"] if not f.get("starters")]
            if ex["kind"] == "essay" and not ex.get("starters"):
                missing.append(f"{path.stem}:{ex['id']}")
    assert not missing, f"without sentence starters: {missing}"


def test_one_extension_prompt(lesson):
    ext = [p["id"] for p in lesson["prompts"] if p.get("extension")]
    assert len(ext) == 1, f"{lesson['id']}: needs exactly one prompt with extension: true, found {ext}"


def test_teacher_plans_for_45_and_60_minutes(lesson):
    plan = lesson.get("teacher_plan")
    assert plan, f"{lesson['id']}: no teacher_plan"
    for length in ("45", "60"):
        steps = plan[length]
        assert sum(s["minutes"] for s in steps) == int(length), f"{lesson['id']}: the {length}-minute plan"
        assert steps[0]["activity"] == "hook"
        assert any(s["activity"] == "exit ticket" for s in steps)


def test_notebook_core_final_claim_then_extension(lesson):
    cells = _cells(_notebook(lesson))
    heads = [i for i, (t, s) in enumerate(cells) if t == "markdown" and lengths.EXTENSION.search(s)]
    assert len(heads) == 1, f"{lesson['id']}: the notebook needs one '## Extension' heading"
    ext_at = heads[0]
    claim = next(ex["id"] for ex in lesson["exercises"] if ex["kind"] == "final-claim")
    calls = {m.group(1): i for i, (t, s) in enumerate(cells) if t == "code"
             for m in re.finditer(r"\.(?:exercise|response)\(\s*['\"]([^'\"]+)", s)}
    assert calls.get(claim, 10**6) < ext_at, f"{lesson['id']}: the final claim belongs in the core"
    ext_prompt = next(p["id"] for p in lesson["prompts"] if p.get("extension"))
    assert calls.get(ext_prompt, -1) > ext_at, f"{lesson['id']}: the extension prompt belongs under Extension"
    assert not any(t == "markdown" and re.match(r"\s*##\s+Summary", s) for t, s in cells), \
        f"{lesson['id']}: the summary is shown only after the final claim"


def test_no_answer_before_the_question(lesson):
    """What historians conclude (the reveal) is not said in the passages and notes shown before it."""
    cells = _cells(_notebook(lesson))
    passages = {p["id"]: p for p in lesson.get("passages", [])}
    exercises = {ex["id"]: ex for ex in lesson["exercises"]}
    seen: set = set()
    leaks = []
    for kind, src in cells:
        if kind == "markdown":
            seen |= _grams(src)
            continue
        for call, item in re.findall(r"\.(passage|exercise)\(\s*['\"]([^'\"]+)", src):
            if call == "passage" and item in passages:
                seen |= _grams(passages[item]["text"])
            elif call == "exercise" and item in exercises:
                ex = exercises[item]
                reveal = _strings({k: v for k, v in ex.items() if k in ("historians", "summary")})
                shared = _grams(reveal) & seen
                if shared:
                    leaks.append(f"{item}: {' '.join(sorted(shared)[0])}")
    assert not leaks, f"{lesson['id']}: passages before an exercise say what its reveal says: {leaks}"
