"""The data-task checks of Homework 2: right answers pass, common mistakes get a hint, no answer leaks."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # noqa: E402 - drawing in tests only, never in the notebooks

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from utils.exercises.data_checks import DataTask
from utils.facts import data_steps as checks
from utils.exercises.answers import AnswerStore
from utils.facts.datasets import load
from utils import homework


@pytest.fixture(scope="module")
def by_year():
    return load("sentences_by_year").set_index("year")


@pytest.fixture(scope="module")
def table():
    return load("sentences_series_compared").pivot(index="year", columns="series", values="total_sentenced")


@pytest.fixture
def task(tmp_path):
    return homework("h2-numbers-that-disagree", store=AnswerStore(tmp_path)).exercise("numbers")


def expected_strings(value: float) -> set[str]:
    """Ways an expected number could be written in a message."""
    return {f"{value:.0f}", f"{value:,.0f}", f"{value:.1f}", f"{value:.2f}", f"{value:.3g}", f"{value:.4g}"}


def test_step1_right_answers(by_year):
    shares = by_year["death_sentences"] / by_year["total_sentenced"]
    assert checks.death_share_by_year(shares) == (True, "Right.")
    assert checks.death_share_by_year(shares * 100)[0]
    assert checks.death_share_by_year(shares.to_dict())[0]


def test_step1_mistakes_get_hints(by_year):
    shares = by_year["death_sentences"] / by_year["total_sentenced"]
    assert "wrong way round" in checks.death_share_by_year(1 / shares)[1]
    assert "set_index" in checks.death_share_by_year(shares.reset_index(drop=True))[1]
    assert "Series" in checks.death_share_by_year(by_year)[1]
    assert "missing" in checks.death_share_by_year(shares.iloc[2:])[1]
    ok, msg = checks.death_share_by_year(by_year["camps_colonies_prisons"] / by_year["total_sentenced"])
    assert not ok and "divide death_sentences by total_sentenced" in msg


def test_step2(by_year):
    d = by_year["death_sentences"]
    t = by_year["total_sentenced"]
    assert checks.death_ratio_1937_1936(d[1937] / d[1936])[0]
    assert checks.death_ratio_1937_1936(round(d[1937] / d[1936]))[0]  # a rounded answer is fine
    assert "other way round" in checks.death_ratio_1937_1936(d[1936] / d[1937])[1]
    assert "all persons sentenced" in checks.death_ratio_1937_1936(t[1937] / t[1936])[1]
    assert "divide, do not subtract" in checks.death_ratio_1937_1936(100 * (d[1937] / d[1936] - 1))[1]
    assert "single number" in checks.death_ratio_1937_1936("lots")[1]


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e7, max_value=1e7))
def test_step2_message_never_gives_the_answer(value):
    df = load("sentences_by_year").set_index("year")
    want = float(df.loc[1937, "death_sentences"]) / float(df.loc[1936, "death_sentences"])
    ok, msg = checks.death_ratio_1937_1936(value)
    if not ok:
        assert not any(s in msg.replace(checks._number(value).__format__(",.4g"), "") for s in expected_strings(want))


def test_step3(table):
    gap = table["kgb"] - table["mvd-1953"]
    assert checks.series_gap(gap)[0]
    msg = checks.series_gap(-gap)[1]
    assert "opposite sign" in msg
    assert not any(s in msg for v in gap for s in expected_strings(abs(float(v))))
    deaths = load("sentences_series_compared").pivot(index="year", columns="series", values="death_sentences")
    assert "death sentences" in checks.series_gap(deaths["kgb"] - deaths["mvd-1953"])[1]


def test_step5(table):
    share = table["kgb"] / table["mvd-1953"]
    assert checks.lowest_kgb_share_year(int(share.idxmin()))[0]
    assert checks.lowest_kgb_share_year(str(int(share.idxmin())))[0]
    biggest_gap = int((table["kgb"] - table["mvd-1953"]).abs().idxmax())
    assert "largest gap in persons" in checks.lowest_kgb_share_year(biggest_gap)[1]
    assert "one of the four years" in checks.lowest_kgb_share_year(1900)[1]


def chart(table, title="Two counts", ylabel="Persons sentenced", legend=True, data=None):
    fig = Figure()
    ax = fig.add_subplot()
    (data if data is not None else table).plot.bar(ax=ax, legend=legend)
    if title:
        ax.set_title(title)
    if ylabel:
        ax.set_ylabel(ylabel)
    return fig


def test_step4(table):
    assert checks.labelled_chart(chart(table))[0]
    assert checks.labelled_chart(chart(table).axes[0])[0]
    msg = checks.labelled_chart(chart(table, title="", ylabel="", legend=False))[1]
    assert "a title" in msg and "label on the axis of the numbers" in msg and "legend" in msg
    assert "totals of both series" in checks.labelled_chart(chart(table, data=table / 1000))[1]
    assert "pass the figure" in checks.labelled_chart("a chart")[1]
    fig = Figure()
    ax = fig.add_subplot()
    table.plot.barh(ax=ax)
    ax.set_title("Two counts")
    assert "label on the axis of the numbers" in checks.labelled_chart(fig)[1]  # pandas labels only the years
    ax.set_xlabel("Persons sentenced")
    assert checks.labelled_chart(fig)[0]


def test_task_saves_progress_counts_tries_and_hints_late(task, by_year):
    assert "replace None" in task.step1(None).text
    assert task.saved() == {}  # None is not an attempt
    first = task.step1(by_year["total_sentenced"])
    assert first.text.startswith("\u2717 Step 1, not yet") and "Hint" not in first.text
    second = task.step1(by_year["total_sentenced"])
    assert "Hint:" in second.text and "<code>" in second._repr_mimebundle_()["text/html"]
    right = task.step1(by_year["death_sentences"] / by_year["total_sentenced"])
    assert right.text.startswith("\u2713 Step 1")
    assert task.saved()["shares"] == {"passed": True, "attempts": 3}
    task.step1("wrong again")  # passing once is kept
    assert task.saved()["shares"]["passed"] is True
    assert "\u2713 done" in task.progress().text.splitlines()[0]


def test_task_odd_values_give_advice_not_a_traceback(task):
    class Weird:
        def to_dict(self):
            raise RuntimeError("boom")

    out = task.step1(Weird())
    assert "could not read your result (RuntimeError)" in out.text


def test_task_attributes(task):
    assert callable(task.step5) and "step5" in dir(task)
    with pytest.raises(AttributeError):
        task._ipython_canary_method_should_not_exist_  # noqa: B018 - IPython probes like this
    with pytest.raises(ValueError, match="steps 1 to 5"):
        task.step(6, 1)
    assert task.show(3).text.startswith("Step 3. Load the two series")


def test_data_task_progress_goes_into_the_submission(tmp_path, by_year):
    h = homework("h2-numbers-that-disagree", store=AnswerStore(tmp_path))
    h.exercise("numbers").step1(by_year["death_sentences"] / by_year["total_sentenced"])
    h.exercise("numbers").step2(1.0)
    payload = h.payload("2025-03-09T17:45:12Z")
    task = next(i for i in payload["items"] if i["kind"] == "data-task")
    assert task["unfinished"] == "has steps 2, 3, 4, 5 not yet done"
    assert task["shown"][0][1] == "done (checked 1 time)" and task["shown"][1][1] == "not yet done (checked 1 time)"
    assert task["shown"][2][1] == "not yet done (never checked)"


# -- a fault in data/ is reported as a content problem, never as the student's mistake ---------------
BY_YEAR_CSV = ("year,death_sentences,total_sentenced,source,locator,confidence\n"
               "1936,1118,274670,doc-1937-test,l. 1,verified\n1937,353074,790665,doc-1937-test,l. 1,verified\n")


def by_year_course(course, csv=BY_YEAR_CSV):
    import json

    from course_fixture import PACKAGE

    pkg = json.loads(json.dumps(PACKAGE))
    fields = [{"name": n, "type": "integer"} for n in ("year", "death_sentences", "total_sentenced")]
    fields += [{"name": n, "type": "string"} for n in ("source", "locator", "confidence")]
    pkg["resources"].append({"name": "sentences_by_year", "path": "by_year.csv", "schema": {"fields": fields}})
    course.write("data/datapackage.json", json.dumps(pkg))
    course.write("data/by_year.csv", csv)


SPEC = {"id": "numbers", "kind": "data-task", "datasets": ["sentences_by_year"],
        "steps": [{"id": "ratio", "check": "death-ratio-1937-1936", "text": "Divide."}]}


def test_task_with_good_data_checks(course, tmp_path):
    by_year_course(course)
    task = DataTask("h9-test", SPEC, store=AnswerStore(tmp_path))
    assert task.step1(353074 / 1118).text.startswith("\u2713")


def test_task_on_a_dataset_without_the_rows_it_needs(course, tmp_path):
    from utils import ContentError

    by_year_course(course, BY_YEAR_CSV.replace("1937,", "1938,"))
    with pytest.raises(ContentError) as info:
        DataTask("h9-test", SPEC, store=AnswerStore(tmp_path))
    assert (info.value.file, info.value.field) == ("data/by_year.csv", "year") and "1937" in info.value.expected


def test_task_on_a_dataset_without_a_column(course, tmp_path):
    from utils import ContentError

    by_year_course(course)
    course.write("data/datapackage.json", (course.root / "data/datapackage.json").read_text()
                 .replace('"total_sentenced"', '"total"'))
    course.write("data/by_year.csv", BY_YEAR_CSV.replace("total_sentenced", "total"))
    with pytest.raises(ContentError) as info:
        DataTask("h9-test", SPEC, store=AnswerStore(tmp_path))
    err = info.value
    assert (err.file, err.item, err.field) == ("lessons/homework/h9-test.yaml", "'numbers' step 1", "column")


def test_content_error_inside_a_check_is_not_blamed_on_the_student(course, tmp_path, monkeypatch):
    from utils import ContentError

    by_year_course(course)
    task = DataTask("h9-test", SPEC, store=AnswerStore(tmp_path))

    def broken(value):
        raise ContentError("data/by_year.csv", "row 3", "year", "a whole number", "'x'")

    monkeypatch.setitem(checks.CHECKS, "death-ratio-1937-1936", broken)
    with pytest.raises(ContentError):
        task.step1(3.0)


def test_a_hand_edited_attempts_count_is_not_a_crash(tmp_path):
    """'attempts': 'abc' in a hand-edited answers file counts as no attempt, never a ValueError."""
    from utils.exercises.answers import AnswerStore
    from utils.exercises.data_checks import DataTask
    from utils import homework

    hw = homework("h2-numbers-that-disagree")
    spec = next(ex for ex in hw.data["exercises"] if ex["kind"] == "data-task")
    store = AnswerStore(tmp_path)
    task = DataTask(hw.id, spec, store=store)
    step = spec["steps"][0]
    store.put(task.key, {"steps": {step["id"]: {"passed": False, "attempts": "abc"}}})
    assert task.saved()[step["id"]]["attempts"] == "abc"
    task.step(1, "not a table")  # checking anything must not raise on the odd count
    assert store.get(task.key)["steps"][step["id"]]["attempts"] == 1
