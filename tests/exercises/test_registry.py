"""One registry of exercise kinds (utils/exercises/registry.py): a kind named there is known to
every place that needs it, so adding a kind cannot be half done."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from utils.exercises import registry
from utils.exercises.base import SHAPES
from utils.handin import answer_items
from utils.handin.submission import VALUE_FIELDS
from utils.teacher.class_charts import CHARTS

SCHEMA = json.loads((Path(registry.__file__).parents[1] / "content" / "schema" / "lesson.schema.json")
                    .read_text(encoding="utf-8"))
IN_LESSONS = set(SCHEMA["definitions"]["exercise"]["properties"]["kind"]["enum"])
IN_HOMEWORK = set(SCHEMA["definitions"]["homework-exercise"]["properties"]["kind"]["enum"])
# kinds whose saved answer is handed in by answer_items' generic reader on purpose
GENERIC = {"source-card", "estimates", "timeline", "corroboration-grid", "prompt", "data-task"}


@pytest.mark.parametrize("name", sorted(registry.KINDS))
def test_a_kind_is_known_everywhere(name):
    kind = registry.kind(name)
    cls = registry.view_class(name)
    assert cls.__name__ == kind.view.split(":")[1]
    assert name in SHAPES, f"{name}: utils/exercises/base.py SHAPES has no saved shape for it"
    assert name in VALUE_FIELDS, f"{name}: utils/handin/submission.py VALUE_FIELDS does not check it"
    assert name in answer_items._HANDLERS or name in GENERIC, f"{name}: no hand-in handler"
    if kind.chart:
        assert kind.chart in {f.__name__ for f in CHARTS.values()}, f"{name}: no class chart '{kind.chart}'"
    if name != "prompt":
        assert name in IN_LESSONS | IN_HOMEWORK, f"{name}: the lesson schema does not allow it"


def test_every_kind_the_schema_allows_is_registered():
    assert (IN_LESSONS | IN_HOMEWORK) - set(registry.KINDS) == set()
