"""Quick checks cannot be gamed: options are shuffled per student, the same after a restart,
and (across the course) the right option is clearly the longest in at most one question in three."""
from __future__ import annotations

from utils.content import load as content
from utils.exercises.answers import AnswerStore
from utils.exercises.quick_check import SEED_KEY, option_order, student_seed

OPTIONS = 6


def test_order_is_a_permutation_and_depends_on_the_seed():
    a = option_order("ada", "01/quick", "q1", OPTIONS)
    assert sorted(a) == list(range(OPTIONS))
    assert a == option_order("ada", "01/quick", "q1", OPTIONS)
    others = {tuple(option_order(name, "01/quick", "q1", OPTIONS)) for name in ("ben", "cleo", "dev", "eve")}
    assert any(o != tuple(a) for o in others)


def test_the_seed_is_the_students_name_and_survives_a_restart(tmp_path):
    ada, ben = AnswerStore(tmp_path / "ada"), AnswerStore(tmp_path / "ben")
    ada.put("03-the-murder-of-kirov/student-name", {"text": "Ada Example"})
    ben.put("03-the-murder-of-kirov/student-name", {"text": "Ben Placeholder"})
    seed_a, seed_b = student_seed(ada), student_seed(ben)
    assert seed_a != seed_b
    orders_a = [option_order(seed_a, "03/quick", f"q{n}", 4) for n in range(6)]
    orders_b = [option_order(seed_b, "03/quick", f"q{n}", 4) for n in range(6)]
    assert orders_a != orders_b
    ada.put("03-the-murder-of-kirov/student-name", {"text": "Ada Renamed"})  # a later change of name
    assert student_seed(AnswerStore(tmp_path / "ada")) == seed_a  # a restart: same seed, same order
    assert AnswerStore(tmp_path / "ada").get(SEED_KEY) == {"seed": seed_a}


def test_without_a_name_the_seed_is_random_but_kept(tmp_path):
    store = AnswerStore(tmp_path / "x")
    seed = student_seed(store)
    assert seed and student_seed(AnswerStore(tmp_path / "x")) == seed
    assert student_seed(AnswerStore(tmp_path / "y")) != seed


def single_choice_questions():
    for path in content.lesson_files():
        data = content.load_lesson(path.stem)
        for ex in data["exercises"]:
            if ex["kind"] == "quick-check":
                for q in ex["questions"]:
                    if q["type"] == "single":
                        yield f"{path.stem}/{q['id']}", q


def clearly_longest(q) -> bool:
    """The right option is at least 20% longer than every other option."""
    right = [len(o["text"]) for o in q["options"] if o["correct"]]
    wrong = [len(o["text"]) for o in q["options"] if not o["correct"]]
    return bool(right) and bool(wrong) and min(right) > 1.2 * max(wrong)


def test_the_right_option_is_rarely_the_longest():
    questions = list(single_choice_questions())
    assert len(questions) >= 10
    longest = [qid for qid, q in questions if clearly_longest(q)]
    assert len(longest) * 3 <= len(questions), (
        f"the right option is clearly the longest in {len(longest)} of {len(questions)} questions: {longest}")
