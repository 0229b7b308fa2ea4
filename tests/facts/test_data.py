"""The facts layer checked against the standard and against itself."""
import json
from pathlib import Path

import pytest

from utils.facts import datasets
from utils.facts import sources

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
NAMES = [r["name"] for r in PACKAGE["resources"]]


def test_datapackage_is_valid_frictionless():
    from frictionless import validate

    report = validate(str(ROOT / "data" / "datapackage.json"))
    problems = report.flatten(["resource/name", "rowNumber", "fieldName", "message"]) if not report.valid else []
    assert report.valid, "\n".join(map(str, problems[:20]))


def test_every_csv_is_described_and_every_resource_has_a_file():
    described = {r["path"] for r in PACKAGE["resources"]}
    on_disk = {p.name for p in (ROOT / "data").glob("*.csv")}
    assert described == on_disk


@pytest.mark.parametrize("name", NAMES)
def test_every_row_is_cited(name):
    """Loading checks each row's source (a work in the bibliography), locator and confidence."""
    assert datasets.validate(name) > 0
    resource = datasets.resource(name)
    declared = {s["bibliography_id"] for s in resource.get("sources", [])}
    used = set(datasets.load(name)["source"])
    assert used <= declared, f"{name}: rows cite works the resource does not list: {used - declared}"


@pytest.mark.parametrize("name", NAMES)
def test_numeric_columns_have_units(name):
    for field in datasets.resource(name)["schema"]["fields"]:
        if field.get("type") in ("integer", "number") and field["name"] not in ("year",):
            assert field.get("unit") or field.get("description"), f"{name}.{field['name']} has no unit"


def test_sentences_parts_add_up_to_totals():
    df = datasets.load("sentences_by_year").dropna(subset=["camps_colonies_prisons"])
    parts = df[["death_sentences", "camps_colonies_prisons", "exile", "other_measures"]].sum(axis=1)
    assert (parts == df["total_sentenced"]).all(), df[parts != df["total_sentenced"]][["year"]]
    assert (df["death_sentences"] <= df["total_sentenced"]).all()


def test_1937_38_totals_match_the_widely_cited_sums():
    df = datasets.load("sentences_by_year").set_index("year")
    assert df.loc[[1937, 1938], "total_sentenced"].sum() == 1_344_923
    assert df.loc[[1937, 1938], "death_sentences"].sum() == 681_692


def test_order_00447_limits_sum_to_the_order_totals():
    df = datasets.load("order_00447_limits")
    assert df["first_category"].sum() == 75_950
    assert df["second_category"].fillna(0).sum() == 193_000


def test_army_parts_never_exceed_totals():
    popular = datasets.load("army_purge_popular")
    assert (popular["purged"] <= popular["total"]).all()
    archival = datasets.load("army_discharges").dropna(subset=["arrested"])
    assert (archival["arrested"] <= archival["discharged"]).all()
    top = datasets.load("army_top_ranks_cherushev")
    assert (top["arrested"] <= top["discharged"]).all()


def test_gulag_parts_add_up_where_both_are_given():
    df = datasets.load("gulag_population").dropna(subset=["camps", "colonies", "camps_and_colonies"])
    mismatched = df[df["camps"] + df["colonies"] != df["camps_and_colonies"]]
    # A row may disagree only when it is marked uncertain and says why (e.g. the 1940 camp figure).
    assert (mismatched["confidence"] == "uncertain").all() and mismatched["note"].str.len().gt(0).all()


def test_show_trial_outcomes_add_up():
    df = datasets.load("show_trials").dropna(subset=["prison_sentences"])
    assert (df["death_sentences"] + df["prison_sentences"] == df["defendants"]).all()


def test_famine_ranges_are_ordered():
    df = datasets.load("famine_estimates").dropna(subset=["low_millions", "high_millions"])
    assert (df["low_millions"] <= df["high_millions"]).all()


def test_manufacturing_series_never_mixed():
    df = datasets.load("manufacturing_shares")
    # each (series, country, year) once; a series' rows all cite that series' own publications
    assert not df.duplicated(["series", "country", "year"]).any()
    for series, rows in df.groupby("series"):
        assert rows["source"].nunique() == 1, f"series {series} mixes sources"


def test_no_website_addresses_anywhere_in_facts():
    for path in [ROOT / "lessons" / "bibliography.yaml", *(ROOT / "data").glob("*")]:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "www." not in text, path.name


def test_every_bibliography_entry_is_usable():
    for work_id in sources.bibliography():
        assert sources.citation(work_id).endswith(".")
