"""Every kind of exercise the course knows, in one place.

A kind is named once here: the widget class that shows it (imported only when first used), the
label a submission and the teacher's summary give it, the student's own words in its saved
value (word counts, near-identical answers) and the class chart that sums it up (a name in
utils/teacher/class_charts.py). Content checks per kind live in utils/content/load.py, and how a
saved answer is handed in in utils/handin/answer_items.py; tests/exercises/test_registry.py fails when a
kind is missing from any of them.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str                      # as written in a lesson file: `kind: claim-check`
    label: str                     # "Claim check"
    view: str | None               # "module:Class" under utils.exercises (None: shown by the page itself)
    text_fields: tuple[str, ...] = ()  # fields of the saved value that hold the student's own words
    chart: str | None = None       # the class chart that sums up the class's answers


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("claim-check", "Claim check", "claim_check:ClaimCheck", ("justification",), "verdicts"),
    Kind("source-card", "Source card", "source_card:SourceCard", ("note",)),
    Kind("side-by-side", "Side by side", "side_by_side:SideBySide", ("why",), "marks"),
    Kind("corroboration-grid", "Corroboration grid", "corroboration_grid:CorroborationGrid", (), "grid"),
    Kind("estimates", "Estimates", "estimates:Estimates", ("answer",)),
    Kind("reliability-rating", "Reliability rating", "reliability:ReliabilityRating", ("justification",), "ratings"),
    Kind("quick-check", "Quick check", "quick_check:QuickCheck", (), "quick"),
    Kind("timeline", "Timeline", "timeline:Timeline", ("answer",)),
    Kind("organizer", "Plan", "organizer:Organizer", ("fields",)),
    Kind("essay", "Essay", "organizer:Essay", ("text",)),
    Kind("final-claim", "Final claim", "final_claim:FinalClaim", ("text",)),
    Kind("data-task", "Data task", "data_checks:DataTask", (), "steps"),
    Kind("prompt", "Prompt", "response:ResponseBox", ("text",)),
]}


def kind(name: str) -> Kind:
    return KINDS[name]


def view_class(name: str) -> type:
    """The widget class of a kind (its module is imported on first use)."""
    module_name, class_name = KINDS[name].view.split(":")
    return getattr(importlib.import_module(f"utils.exercises.{module_name}"), class_name)


def label(name: str) -> str:
    return KINDS[name].label if name in KINDS else name


def text_fields(name: str) -> tuple[str, ...]:
    return KINDS[name].text_fields if name in KINDS else ()
