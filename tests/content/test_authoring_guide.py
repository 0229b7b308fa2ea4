"""The authoring guide's examples are valid content: a teacher who copies one gets no error."""
import re
from pathlib import Path

import pytest
import yaml

from utils.core.validate import check

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


def test_every_kind_has_an_example():
    kinds = {yaml.safe_load(b)[0]["kind"] for b in BLOCKS}
    schema_kinds = {"claim-check", "source-card", "side-by-side", "corroboration-grid", "estimates",
                    "reliability-rating", "quick-check", "timeline"}
    assert schema_kinds <= kinds


@pytest.mark.parametrize("block", BLOCKS)
def test_example_is_valid(block):
    data = yaml.safe_load(block)[0]
    check(data, "docs/authoring.md", data["kind"])
