"""Datasets from data/, read through datapackage.json, each table with its citations.

A dataset without sources is an error, not a warning: every row must name a work in
lessons/bibliography.yaml, a page, table or archive reference, and a confidence mark.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

from . import paths, sources
from .errors import ContentError

REQUIRED_COLUMNS = ("source", "locator", "confidence")
CONFIDENCE = ("verified", "widely-cited", "uncertain")
PACKAGE = "data/datapackage.json"


@lru_cache(maxsize=None)
def _package(root: Path) -> dict:
    path = root / "data" / "datapackage.json"
    try:
        pkg = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(PACKAGE, None, None, "the file describing the datasets", "no such file") from None
    except ValueError as exc:
        raise ContentError(PACKAGE, None, None, "valid JSON", str(exc)) from None
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise ContentError(PACKAGE, None, "resources", "a list of datasets")
    return {r.get("name"): r for r in pkg["resources"] if isinstance(r, dict)}


def resources() -> dict[str, dict]:
    """The datasets described in datapackage.json, by name."""
    return _package(paths.course_root())


def resource(name: str, file: str = PACKAGE, item: str | None = None) -> dict:
    """One dataset's description; unknown names are reported against the caller's file."""
    res = resources()
    if name not in res:
        raise ContentError(file, item, "dataset", "the name of a dataset in data/datapackage.json",
                           f"'{name}'{sources.suggestion(name, res)}")
    return res[name]


def columns(name: str) -> list[str]:
    """The column names a dataset declares."""
    return [f["name"] for f in resource(name)["schema"]["fields"]]


def check_columns(name: str, wanted, file: str, item: str | None) -> None:
    """Raise a ContentError (in the caller's file) if a dataset lacks any wanted column."""
    have = columns(resource(name, file, item)["name"])
    for col in wanted:
        if col not in have:
            raise ContentError(file, item, "column", f"a column of dataset '{name}' ({', '.join(have)})",
                               f"'{col}'{sources.suggestion(col, have)}")


@lru_cache(maxsize=None)
def _rows(root: Path, name: str) -> tuple[list[str], list[dict]]:
    res = resource(name)
    rel = f"data/{res.get('path', '?')}"
    path = root / "data" / res.get("path", "")
    declared = [f.get("name") for f in res.get("schema", {}).get("fields", [])]
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            rows = list(reader)
    except FileNotFoundError:
        raise ContentError(rel, None, None, "the CSV file named in data/datapackage.json", "no such file") from None
    except UnicodeDecodeError:
        raise ContentError(rel, None, None, "a CSV file saved as UTF-8", "other bytes") from None
    if header != declared:
        raise ContentError(rel, "header", None, f"the columns declared in {PACKAGE}: {', '.join(declared)}",
                           ", ".join(header))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ContentError(rel, None, ", ".join(missing),
                           "every dataset to name a source, locator and confidence for each row",
                           "no such column")
    for n, row in enumerate(rows, start=2):
        where = f"row {n} (line {n} of the file)"
        if None in row or any(v is None for v in row.values()):
            raise ContentError(rel, where, None, f"{len(header)} values, one per column", "a different number")
        for col in REQUIRED_COLUMNS:
            if not row[col].strip():
                raise ContentError(rel, where, col, "a value: every row of every dataset is cited", "it empty")
        sources.work(row["source"], rel, where, "source")
        if row["confidence"] not in CONFIDENCE:
            raise ContentError(rel, where, "confidence", "one of " + ", ".join(CONFIDENCE),
                               repr(row["confidence"]))
    return header, rows


def validate(name: str) -> int:
    """Check one dataset completely; return its number of rows."""
    return len(_rows(paths.course_root(), name)[1])


def load(name: str):
    """A dataset as a pandas DataFrame with typed columns; df.attrs['sources'] lists its work ids."""
    import pandas as pd

    header, rows = _rows(paths.course_root(), name)
    df = pd.DataFrame(rows, columns=header)
    for field in resource(name)["schema"]["fields"]:
        col = field["name"]
        if field.get("type") in ("integer", "number", "year"):
            converted = pd.to_numeric(df[col].replace("", None), errors="coerce")
            bad = df[col].ne("") & converted.isna()
            if bad.any():
                line = int(bad.idxmax()) + 2
                raise ContentError(f"data/{resource(name)['path']}", f"row {line}", col,
                                   f"a {field['type']}", repr(df.loc[bad.idxmax(), col]))
            df[col] = converted.astype("Int64") if field["type"] in ("integer", "year") else converted
    df.attrs["dataset"] = name
    df.attrs["sources"] = sorted(set(df["source"]))
    return df


def clear_cache() -> None:
    """Forget loaded data (after a file was edited in a running kernel)."""
    _package.cache_clear()
    _rows.cache_clear()
