"""Datasets: a dataset without sources is an error; typed loading keeps citations."""
import pytest

from utils import ContentError
from utils.facts import datasets
from course_fixture import CSV


def bad(course, csv):
    course.write("data/counts.csv", csv)
    with pytest.raises(ContentError) as info:
        datasets.load("counts")
    return info.value


def test_loads_typed_with_sources(course):
    df = datasets.load("counts")
    assert df["count"].tolist() == [10, 500]
    assert df.attrs["sources"] == ["author-2000", "doc-1937-test"]


def test_row_without_source_is_an_error(course):
    err = bad(course, CSV.replace("500,doc-1937-test", "500,"))
    assert err.file == "data/counts.csv" and err.item.startswith("row 3") and err.field == "source"


def test_row_without_locator_is_an_error(course):
    err = bad(course, CSV.replace("p. 1", ""))
    assert err.field == "locator"


def test_unknown_source_is_an_error(course):
    err = bad(course, CSV.replace("author-2000", "author-2001"))
    assert "did you mean 'author-2000'" in err.found


def test_bad_confidence(course):
    err = bad(course, CSV.replace("verified", "sure"))
    assert err.field == "confidence"


def test_header_must_match_package(course):
    err = bad(course, CSV.replace("year,count", "yr,count"))
    assert err.item == "header"


def test_non_number_in_integer_column(course):
    err = bad(course, CSV.replace("1936,10", "1936,ten"))
    assert err.field == "count" and "'ten'" in err.found


def test_dataset_without_source_columns(course):
    course.write("data/datapackage.json", '{"resources": [{"name": "counts", "path": "counts.csv", "schema": {"fields": [{"name": "year"}, {"name": "count"}]}}]}')
    course.write("data/counts.csv", "year,count\n1936,10\n")
    with pytest.raises(ContentError) as info:
        datasets.load("counts")
    assert "source" in info.value.field


def test_unknown_dataset(course):
    with pytest.raises(ContentError) as info:
        datasets.load("cuonts")
    assert "did you mean 'counts'" in info.value.found
