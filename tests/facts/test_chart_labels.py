"""Charts and their tables read as people write (issue 13): years never as '1,930', yearly counts
taken on 1 January labelled by their year, other dates in words."""
from __future__ import annotations

import re

import utils
from utils.facts import charts


def test_dates_and_years_are_written_for_people():
    assert charts.x_labels(["1930-01-01", "1931-01-01"]) == ["1930", "1931"]
    assert charts.x_labels(["1937-08-05", "1938-03-01"]) == ["5 Aug 1937", "1 Mar 1938"]
    assert charts.x_labels([1936, 1937]) == ["1936", "1937"]
    assert charts.human_date("1937-08-05") == "5 August 1937" and charts.human_date("1937") == "1937"


def test_no_table_under_a_chart_writes_a_year_with_a_comma_or_an_iso_date():
    for lesson_id in ("02-the-view-from-1934", "04-from-one-murder-to-a-system", "07-the-mass-operations"):
        lesson = utils.lesson(lesson_id)
        for spec in lesson.data.get("charts", []):
            cells = re.findall(r"<td>([^<]*)</td>", lesson.chart(spec["id"]).html)
            bad = [c for c in cells if re.fullmatch(r"1,9\d\d|\d{4}-\d\d-\d\d", c)]
            assert not bad, f"{lesson_id} {spec['id']}: {bad[:3]}"
