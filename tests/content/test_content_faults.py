"""Faults a teacher's edit can make in content and data files: each gets a message naming the
file, the item and the field, never a traceback (issue 10, item 6).

Every test starts from the fictional course of tests/course_fixture.py and breaks one thing.
"""
from __future__ import annotations

import json
import time

import pytest

from course_fixture import CSV, LESSON, PACKAGE
from utils import ContentError
from utils.facts import datasets
from utils.content.load import load_lesson

LESSON_FILE = "lessons/01-test.yaml"


def lesson_error(course, text, rel=LESSON_FILE) -> ContentError:
    course.write(rel, text)
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    return info.value


def write_bytes(course, rel, data: bytes):
    path = course.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    datasets.clear_cache()
    from utils.content import load as content
    content.clear_cache()
    return path


def package_error(course, package) -> ContentError:
    course.write("data/datapackage.json", json.dumps(package))
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert info.value.file == "data/datapackage.json"
    return info.value


def counts_package(**changes):
    pkg = json.loads(json.dumps(PACKAGE))
    pkg["resources"][0].update(changes)
    return pkg


# -- charts: a 'where' that matches no row ----------------------------------------------------------
def test_chart_where_matching_no_row_names_file_chart_and_field(course):
    err = lesson_error(course, LESSON.replace("    y: [count]\n", "    y: [count]\n    where: {year: 1938}\n"))
    assert (err.file, err.item, err.field) == (LESSON_FILE, "'counts'", "where.year")
    assert "1938" in err.found and "'1936'" in err.expected and "'1937'" in err.expected


def test_chart_where_on_a_text_column_suggests_the_value(course):
    err = lesson_error(course, LESSON.replace("    y: [count]\n",
                                              "    y: [count]\n    where: {confidence: verifed}\n"))
    assert err.field == "where.confidence" and "did you mean 'verified'" in err.found


def test_chart_exclude_leaving_nothing(course):
    err = lesson_error(course, LESSON.replace("    y: [count]\n",
                                              "    y: [count]\n    exclude: {year: [1936, 1937]}\n"))
    assert (err.item, err.field) == ("'counts'", "exclude.year")


def test_chart_x_range_outside_the_data(course):
    err = lesson_error(course, LESSON.replace("    y: [count]\n", "    y: [count]\n    x_range: [1950, 1960]\n"))
    assert (err.item, err.field) == ("'counts'", "x_range") and "1,936 to 1,937" in err.expected


def test_chart_x_range_on_a_text_column(course):
    err = lesson_error(course, LESSON.replace("    x: year\n", "    x: note\n")
                       .replace("    y: [count]\n", "    y: [count]\n    x_range: [1, 2]\n"))
    assert err.field == "x_range" and "'note' is string" in err.expected


def test_chart_of_a_text_column(course):
    err = lesson_error(course, LESSON.replace("y: [count]", "y: [count, locator]"))
    assert (err.item, err.field) == ("'counts'", "y[2]") and "locator" in err.found


# -- CSV files saved by Excel -----------------------------------------------------------------------
def test_csv_with_a_byte_order_mark_is_read(course):
    write_bytes(course, "data/counts.csv", b"\xef\xbb\xbf" + CSV.encode("utf-8"))
    assert datasets.load("counts")["year"].tolist() == [1936, 1937]
    load_lesson("01-test")


def test_invisible_character_in_the_header_is_named(course):
    write_bytes(course, "data/counts.csv", ("\ufeff\ufeff" + CSV).encode("utf-8"))  # saved twice over
    with pytest.raises(ContentError) as info:
        datasets.load("counts")
    err = info.value
    assert (err.file, err.item) == ("data/counts.csv", "header")
    assert "invisible character" in err.found and "\\ufeffyear" in err.found


def test_csv_saved_as_utf16_says_so(course):
    write_bytes(course, "data/counts.csv", CSV.encode("utf-16"))
    with pytest.raises(ContentError) as info:
        datasets.load("counts")
    assert info.value.file == "data/counts.csv" and "UTF-16" in info.value.found


def test_csv_with_latin1_bytes_names_the_line(course):
    write_bytes(course, "data/counts.csv", CSV.replace("a note", "caf\xe9").encode("latin-1"))
    with pytest.raises(ContentError) as info:
        datasets.load("counts")
    assert info.value.item == "line 3" and "not UTF-8" in info.value.found


@pytest.mark.parametrize("make, found", [
    (lambda p: p.write_text("", encoding="utf-8"), "an empty file"),
    (lambda p: (p.unlink(), p.mkdir()), "a folder"),
    (lambda p: p.unlink(), "no such file"),
])
def test_csv_empty_folder_or_missing(course, make, found):
    make(course.root / "data" / "counts.csv")
    datasets.clear_cache()
    with pytest.raises(ContentError) as info:
        datasets.load("counts")
    assert info.value.file == "data/counts.csv" and found in info.value.found


@pytest.fixture
def csv_limit():
    """csv's default field limit (frictionless, used by test_data, raises it for the process)."""
    import csv

    old = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(old)


def test_csv_field_too_large_names_the_line(course, csv_limit):
    course.write("data/counts.csv", CSV + "1938,1,author-2000,p. 1,verified," + "x" * 200_000 + "\n")
    with pytest.raises(ContentError) as info:
        datasets.load("counts")
    assert info.value.file == "data/counts.csv" and info.value.item == "line 4"


@pytest.mark.parametrize("old, new, field", [
    ("1936,10", "1936,10.5", "count"),        # used to end in a TypeError from pandas
    ("1936,10", "1936,1e400", "count"),
    ("1936,10", "1936, 10", "count"),
    ("1936,10", "MCMXXXVI,10", "year"),
    ("1936,10", "1936,99999999999999999999999", "count"),  # used to end in a TypeError from pandas
])
def test_values_of_the_wrong_type_name_row_and_column(course, old, new, field):
    course.write("data/counts.csv", CSV.replace(old, new))
    with pytest.raises(ContentError) as info:
        datasets.validate("counts")
    assert (info.value.file, info.value.item, info.value.field) == ("data/counts.csv", "row 2 (line 2 of the file)",
                                                                     field)


def test_enum_constraint_is_enforced(course):
    pkg = json.loads(json.dumps(PACKAGE))
    pkg["resources"][0]["schema"]["fields"][5]["constraints"] = {"enum": ["a note", "another"]}
    course.write("data/datapackage.json", json.dumps(pkg))
    course.write("data/counts.csv", CSV.replace("a note", "a nose"))
    with pytest.raises(ContentError) as info:
        datasets.validate("counts")
    assert (info.value.item, info.value.field) == ("row 3 (line 3 of the file)", "note")
    assert "a note" in info.value.expected


# -- timeline dates ---------------------------------------------------------------------------------
EVENTS = ("date,date_precision,event,theme,certainty,source,locator,confidence,note\n"
          "1937-07-30,day,An order is signed.,terror,established,doc-1937-test,l. 1,verified,\n"
          "1937-01-01,year,A year of arrests.,terror,established,author-2000,p. 2,verified,\n")


def timeline_course(course, csv=EVENTS, date_type="date"):
    pkg = json.loads(json.dumps(PACKAGE))
    names = ["date", "date_precision", "event", "theme", "certainty", "source", "locator", "confidence", "note"]
    fields = [{"name": n, "type": "string"} for n in names]
    fields[0]["type"] = date_type
    fields[1]["constraints"] = {"enum": ["day", "month", "year"]}
    pkg["resources"].append({"name": "events", "path": "events.csv", "schema": {"fields": fields}})
    course.write("data/datapackage.json", json.dumps(pkg))
    course.write("data/events.csv", csv)
    course.write(LESSON_FILE, LESSON.replace("prompts:\n", "  - {id: events, kind: timeline, dataset: events}\nprompts:\n"))


@pytest.mark.parametrize("date_type", ["date", "string"])
def test_timeline_with_good_dates_loads(course, date_type):
    timeline_course(course, date_type=date_type)
    assert any(ex["kind"] == "timeline" for ex in load_lesson("01-test")["exercises"])


@pytest.mark.parametrize("date, precision", [("1937", "year"), ("1937-07", "month"), ("", "year")])
def test_timeline_text_dates_may_be_a_year_or_a_month(course, date, precision):
    """A date column declared as text (not as type date) may hold 1937 or 1937-07, as the widget shows."""
    timeline_course(course, EVENTS.replace("1937-01-01,year", f"{date},{precision}"), "string")
    load_lesson("01-test")


@pytest.mark.parametrize("date_type, date, precision, expected", [
    ("date", "sometime in 1937", "year", "YYYY-MM-DD"),
    ("date", "1937", "year", "YYYY-MM-DD"),            # type date: the year's first day, 1937-01-01
    ("date", "1937-07", "month", "YYYY-MM-DD"),
    ("date", "1937-02-30", "day", "a date that exists"),
    ("date", "30.07.1937", "day", "YYYY-MM-DD"),
    ("date", "1937-07-15", "month", "first day"),      # a month's date is its first day
    ("date", "1937-07-01", "year", "first day"),       # a year's date is 1 January
    ("string", "sometime in 1937", "year", "YYYY-MM or YYYY"),
    ("string", "1937-13", "month", "a date that exists"),
    ("string", "1937", "day", "a full date"),
    ("string", "37", "year", "YYYY-MM or YYYY"),
])
def test_timeline_date_must_be_a_real_date_in_the_intended_form(course, date_type, date, precision, expected):
    timeline_course(course, EVENTS.replace("1937-01-01,year", f"{date},{precision}"), date_type)
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    err = info.value
    assert (err.file, err.item, err.field) == ("data/events.csv", "row 3 (line 3 of the file)", "date")
    assert expected in err.expected


def test_timeline_precision_must_be_one_of_the_allowed(course):
    timeline_course(course, EVENTS.replace("1937-01-01,year", "1937-01-01,decade"))
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert (info.value.field, info.value.expected) == ("date_precision", "one of day, month, year")


# -- data/datapackage.json --------------------------------------------------------------------------
def test_datapackage_field_without_a_name(course):
    pkg = json.loads(json.dumps(PACKAGE))
    del pkg["resources"][0]["schema"]["fields"][1]["name"]
    err = package_error(course, pkg)
    assert (err.item, err.field) == ("resource 1 ('counts')", "schema.fields[2].name")


@pytest.mark.parametrize("change, item, field", [
    ({"name": None}, "resource 1", "name"),
    ({"path": "../../secret.csv"}, "resource 1 ('counts')", "path"),
    ({"path": 5}, "resource 1 ('counts')", "path"),
    ({"schema": {"fields": "year, count"}}, "resource 1 ('counts')", "schema.fields"),
    ({"schema": None}, "resource 1 ('counts')", "schema.fields"),
    ({"schema": {"fields": ["year"]}}, "resource 1 ('counts')", "schema.fields[1]"),
    ({"schema": {"fields": [{"name": "year", "type": "int"}]}}, "resource 1 ('counts')", "schema.fields[1].type"),
    ({"schema": {"fields": [{"name": "year"}, {"name": "year"}]}}, "resource 1 ('counts')", "schema.fields[2].name"),
    ({"schema": {"fields": [{"name": "year", "constraints": {"enum": "a"}}]}}, "resource 1 ('counts')",
     "schema.fields[1].constraints.enum"),
    ({"sources": "author-2000"}, "resource 1 ('counts')", "sources"),
])
def test_datapackage_resource_faults(course, change, item, field):
    err = package_error(course, counts_package(**change))
    assert (err.item, err.field) == (item, field)


def test_datapackage_resource_that_is_not_a_set_of_fields(course):
    pkg = json.loads(json.dumps(PACKAGE))
    pkg["resources"].append("counts.csv")
    err = package_error(course, pkg)
    assert err.item == "resource 2" and err.found == "text"


def test_datapackage_duplicate_dataset_names(course):
    pkg = json.loads(json.dumps(PACKAGE))
    pkg["resources"].append(pkg["resources"][0])
    err = package_error(course, pkg)
    assert (err.item, err.field) == ("resource 2 ('counts')", "name")


def test_datapackage_json_syntax_error_names_the_line(course):
    course.write("data/datapackage.json", json.dumps(PACKAGE, indent=1).replace('"year",', '"year"', 1))
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert info.value.file == "data/datapackage.json" and info.value.item.startswith("line ")


def test_datapackage_with_byte_order_mark_is_read(course):
    write_bytes(course, "data/datapackage.json", b"\xef\xbb\xbf" + json.dumps(PACKAGE).encode())
    load_lesson("01-test")


@pytest.mark.parametrize("make, found", [
    (lambda p: (p.unlink(), p.mkdir()), "a folder"),
    (lambda p: p.write_bytes(b""), "an empty file"),
    (lambda p: p.write_bytes(b'{"resources": "\xe9"}'), "not UTF-8"),
    (lambda p: p.write_text("[1, 2]"), "a list"),
])
def test_datapackage_folder_empty_binary_or_list(course, make, found):
    make(course.root / "data" / "datapackage.json")
    datasets.clear_cache()
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert info.value.file == "data/datapackage.json" and found in info.value.found


# -- YAML structure ---------------------------------------------------------------------------------
def test_yaml_list_used_as_a_key(course):
    err = lesson_error(course, LESSON.replace("time_minutes: 40", "? [a, b]\n: x\ntime_minutes: 40"))
    assert err.file == LESSON_FILE and err.item == "line 6, column 3"
    assert "key that is a list" in err.found and "plain name" in err.expected


def test_yaml_set_of_fields_used_as_a_key(course):
    err = lesson_error(course, LESSON.replace("time_minutes: 40", "? {a: b}\n: x\ntime_minutes: 40"))
    assert err.item == "line 6, column 3" and "set of named fields" in err.found


def test_yaml_alias_in_a_list_the_schema_allows_is_refused(course):
    err = lesson_error(course, LESSON.replace("objectives: [One thing., Another thing.]",
                                              "objectives: [&o One thing., *o]"))
    assert err.file == LESSON_FILE and err.item == "line 5, column 29"
    assert "alias" in err.expected and "alias" in err.found


def test_billion_laughs_is_refused_at_once(course):
    levels = ["lol0: &l0 [lol, lol]"] + [f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 40)]
    text = LESSON.replace("objectives: [One thing., Another thing.]",
                          "objectives: [One thing., Another thing.]\n" + "\n".join(levels))
    start = time.perf_counter()
    err = lesson_error(course, text)
    assert time.perf_counter() - start < 2
    assert err.item == "line 7, column 12" and "alias" in err.expected


@pytest.mark.parametrize("yaml_text, found", [
    ("time_minutes: !!set {40}", "!!set"),
    ("time_minutes: !!binary NDA=", "!!binary"),
    ("time_minutes: !!timestamp 1937-07-30", "!!timestamp"),
    ("time_minutes: {<<: {a: 1}}", "merge key"),
])
def test_yaml_tags_and_merge_keys_are_refused(course, yaml_text, found):
    err = lesson_error(course, LESSON.replace("time_minutes: 40", yaml_text))
    assert err.file == LESSON_FILE and err.item.startswith("line 6") and found in err.found


def test_a_number_as_a_key_is_a_name(course):
    """A gloss on '1937' used to be rejected with a message about a 'propertyName definition'."""
    docs = (course.root / "lessons" / "documents.yaml").read_text(encoding="utf-8")
    course.write("lessons/documents.yaml", docs.replace("    source: doc-1937-test\n",
                                                        "    source: doc-1937-test\n    glosses: {1937: the year}\n"))
    assert load_lesson("01-test")["_documents"]["note"]["glosses"] == {"1937": "the year"}


@pytest.mark.parametrize("make, found, item", [
    (lambda p: p.write_bytes(b""), "an empty file", None),
    (lambda p: p.write_bytes(b"# nothing yet\n"), "only comments", None),
    (lambda p: p.write_bytes(b"- id: 01-test\n"), "a list", None),
    (lambda p: p.write_bytes(LESSON.replace("A test lesson", "Caf\xe9").encode("latin-1")), "not UTF-8", "line 3"),
    (lambda p: p.write_bytes(LESSON.encode("utf-16")), "UTF-16", None),
    (lambda p: (p.unlink(), p.mkdir()), "a folder", None),
])
def test_lesson_file_empty_binary_or_a_folder(course, make, found, item):
    make(course.root / "lessons" / "01-test.yaml")
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert info.value.file == LESSON_FILE and found in info.value.found and info.value.item == item


@pytest.mark.parametrize("rel", ["lessons/bibliography.yaml", "lessons/documents.yaml"])
def test_shared_file_that_is_a_folder_or_empty(course, rel):
    path = course.root / rel
    path.write_bytes(b"")
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert info.value.file == rel and info.value.found == "an empty file"
    path.unlink()
    path.mkdir()
    from utils.content import load as content
    content.clear_cache()
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert info.value.file == rel and "folder" in info.value.found


# -- lessons/course.yaml ----------------------------------------------------------------------------
def course_error(course, text) -> ContentError:
    from utils.content.course import sequence

    course.write("lessons/course.yaml", text)
    with pytest.raises(ContentError) as info:
        sequence()
    assert info.value.file == "lessons/course.yaml"
    return info.value


@pytest.mark.parametrize("text, item, field", [
    ("lessons:\n  - {id: 01-test, title: Test}\n", "'01-test'", "number"),
    ("lessons:\n  - {number: 1, id: 01-test, title: Test, time: 40}\n", "'01-test'", "time"),
    ("lessons:\n  - {number: [1], id: 01-test, title: Test}\n", "'01-test'", "number"),
    ("lessons:\n  - {number: 1, id: 01-test, title: [Test]}\n", "'01-test'", "title"),
    ("lessons:\n  - {number: 1, id: Lesson One, title: Test}\n", "'Lesson One'", "id"),
    ("lessons:\n  - 01-test\n", None, "lessons[1]"),
    ("lessons: 01-test\n", None, "lessons"),
    ("lesson:\n  - {number: 1, id: 01-test, title: Test}\n", None, "lessons"),
    ("lessons:\n  - {number: 1, id: 01-test, title: A}\n  - {number: 2, id: 01-test, title: B}\n",
     "lesson 2 ('01-test')", "id"),
])
def test_course_yaml_is_checked_against_its_schema(course, text, item, field):
    err = course_error(course, text)
    assert (err.item, err.field) == (item, field)


def test_course_map_escapes_every_field(course):
    from utils.pages.start import course_map

    course.write("lessons/course.yaml", "lessons:\n"
                 "  - {number: '<img src=x onerror=alert(1)>', id: 01-test, title: Test}\n"
                 "  - {number: '<b>2</b>', id: 02-later, title: '<script>alert(2)</script>'}\n")
    html = course_map()._repr_mimebundle_()["text/html"]
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>" not in html and "<script>" not in html and "&lt;b&gt;2&lt;/b&gt;" in html


def test_content_file_that_is_a_pipe_is_refused_not_waited_on(course):
    import os
    import signal

    path = course.root / "lessons" / "01-test.yaml"
    path.unlink()
    os.mkfifo(path)

    def waited(*_):
        raise TimeoutError("reading the pipe waited for a writer")

    old = signal.signal(signal.SIGALRM, waited)
    signal.alarm(10)
    try:
        with pytest.raises(ContentError) as info:
            load_lesson("01-test")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert info.value.file == LESSON_FILE and "not a regular file" in info.value.found


def test_chart_whose_rows_have_no_numbers(course):
    course.write("data/counts.csv", CSV.replace("1936,10,", "1936,,").replace("1937,500,", "1937,,"))
    err = lesson_error(course, LESSON)
    assert (err.file, err.item, err.field) == (LESSON_FILE, "'counts'", "y") and "empty" in err.found
