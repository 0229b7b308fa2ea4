"""The content loader: good files load; every kind of bad file gets a message naming file, item, field."""
import pytest

from utils import ContentError
from utils.content.load import load_lesson
from course_fixture import LESSON


def error_for(course, rel, text):
    course.write(rel, text)
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    return info.value


def test_good_lesson_loads(course):
    data = load_lesson("01-test")
    assert data["title"] == "A test lesson"
    assert set(data["_documents"]) == {"note", "memoir"}


def test_yaml_syntax_error_names_the_line(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("time_minutes: 40", "time_minutes: [40"))
    assert err.file == "lessons/01-test.yaml"
    assert "line" in (err.item or "")
    assert "valid YAML" in str(err)


def test_missing_field_names_item_and_field(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("    verdict: contradicted\n", ""))
    assert err.item == "'claim'"
    assert "verdict" in err.expected


def test_misspelt_field_is_named(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("    historians:", "    historian:"))
    assert err.item == "'claim'" and err.field == "historians"
    assert "unknown field 'historian'" in err.found


def test_wrong_verdict_lists_the_choices(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("verdict: contradicted", "verdict: false-ish"))
    assert err.field == "verdict" and "partly supported" in err.expected and "false-ish" in err.found


def test_unknown_document_suggests_the_right_one(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("document: note}", "document: notes}"))
    assert err.item == "'claim'" and err.field == "evidence[1].document"
    assert "did you mean 'note'" in err.found


def test_unknown_work_in_documents_file(course):
    course.write("lessons/documents.yaml", open(course.root / "lessons/documents.yaml").read()
                 .replace("source: author-2000", "source: nobody-1999"))
    with pytest.raises(ContentError) as info:
        load_lesson("01-test")
    assert info.value.file == "lessons/documents.yaml" and info.value.item == "'memoir'"


def test_key_evidence_must_exist(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("key_evidence: [stats]", "key_evidence: [stat]"))
    assert err.field == "key_evidence" and "stats" in err.found


def test_duplicate_ids_are_caught(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("  - {id: p1, text: \"Why?\"}",
                                                                   "  - {id: p1, text: \"Why?\"}\n  - {id: p1, text: \"Again?\"}"))
    assert "twice" in err.found


def test_duplicate_yaml_key_is_caught(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("time_minutes: 40", "time_minutes: 40\ntime_minutes: 50"))
    assert "appears twice" in err.found


def test_yes_and_dates_stay_text(course):
    course.write("lessons/01-test.yaml", LESSON.replace("title: A test lesson", "title: no"))
    data = load_lesson("01-test")
    assert data["title"] == "no"


def test_chart_with_unknown_column(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("y: [count]", "y: [cuont]"))
    assert err.item == "'counts'" and "did you mean 'count'" in err.found


def test_missing_lesson_file(course):
    with pytest.raises(ContentError) as info:
        load_lesson("01-tset")
    assert "did you mean '01-test'" in info.value.found


def test_error_message_is_readable(course):
    err = error_for(course, "lessons/01-test.yaml", LESSON.replace("time_minutes: 40", "time_minutes: forty"))
    text = str(err)
    assert text.startswith("In lessons/01-test.yaml") and "time_minutes" in text and "whole number" in text
    assert "<" not in err._repr_html_().split("</strong>", 1)[1].replace("</div>", "")


def test_real_course_content_is_valid():
    """Every lesson in the repository loads and checks cleanly."""
    from utils.content.load import clear_cache, lesson_files

    clear_cache()
    files = lesson_files()
    assert files, "no lesson files found"
    for f in files:
        load_lesson(f.stem)
