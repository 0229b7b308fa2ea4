"""Datasets from data/, read through datapackage.json, each table with its citations.

A dataset without sources is an error, not a warning: every row must name a work in
lessons/bibliography.yaml, a page, table or archive reference, and a confidence mark.
Every value is checked against its column's declared type (integer, number, year, date) and
constraints (enum, required) when the file is read, so a bad cell is named by row and column.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
from functools import lru_cache
from pathlib import Path

from utils.core import paths
from utils.facts import sources
from utils.core.errors import ContentError
from utils.core.yamlfile import read_text

REQUIRED_COLUMNS = ("source", "locator", "confidence")
CONFIDENCE = ("verified", "widely-cited", "uncertain")
PACKAGE = "data/datapackage.json"
FIELD_TYPES = ("string", "integer", "number", "year", "date")  # the types this course reads
NUMERIC = ("integer", "number", "year")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # 1937, 1937-07 or 1937-07-30
_INVISIBLE = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060\u00a0]|^\s|\s$")
DATE_FORM = ("a date written YYYY-MM-DD, e.g. 1937-07-30 (when only the month or the year is known, "
             "its first day, 1937-07-01 or 1937-01-01, with the precision in date_precision)")
TIMELINE_DATE_FORM = "a date written YYYY-MM-DD, YYYY-MM or YYYY, e.g. 1937-07-30, 1937-07 or 1937"


def date_problem(value: str, precision: str | None = None, full: bool = True) -> str | None:
    """What a date should be, if value is not a real date in the course's forms: YYYY-MM-DD in a
    column of type date (full=True); in a timeline's text column also YYYY-MM or YYYY. With a
    date_precision of month or year, a full date must be that month's or year's first day."""
    found = _DATE.fullmatch(value)
    if not found or (full and not found.group(3)):
        return DATE_FORM if full else TIMELINE_DATE_FORM
    year, month, day = found.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return "a date that exists (check the month and the day)"
    if precision == "day" and not day:
        return "a full date, YYYY-MM-DD (date_precision is 'day')"
    if precision == "month" and (not month or (day and day != "01")):
        return "the month, YYYY-MM, or its first day, YYYY-MM-01 (date_precision is 'month')"
    if precision == "year" and ((month and month != "01") or (day and day != "01")):
        return "the year, YYYY, or its first day, YYYY-01-01 (date_precision is 'year')"
    return None


def _kind(value) -> str:
    return {dict: "a set of named fields", list: "a list", str: "text", type(None): "nothing",
            bool: "true or false"}.get(type(value), "a number" if isinstance(value, (int, float)) else "?")


def _check_field(f, where: str, field: str, seen: set) -> None:
    if not isinstance(f, dict):
        raise ContentError(PACKAGE, where, field, "a column described by its name and type", _kind(f))
    name = f.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ContentError(PACKAGE, where, f"{field}.name", "the column's name, as in the CSV's first line",
                           "it missing" if name is None else repr(name))
    if name in seen:
        raise ContentError(PACKAGE, where, f"{field}.name", "each column once", f"'{name}' twice")
    seen.add(name)
    if f.get("type", "string") not in FIELD_TYPES:
        raise ContentError(PACKAGE, where, f"{field}.type", "one of " + ", ".join(FIELD_TYPES),
                           repr(f.get("type")))
    cons = f.get("constraints", {})
    if not isinstance(cons, dict):
        raise ContentError(PACKAGE, where, f"{field}.constraints", "a set of named fields", _kind(cons))
    enum = cons.get("enum")
    if enum is not None and not (isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum)):
        raise ContentError(PACKAGE, where, f"{field}.constraints.enum", "a list of the values allowed, as text",
                           repr(enum)[:80])
    if not isinstance(cons.get("required", False), bool):
        raise ContentError(PACKAGE, where, f"{field}.constraints.required", "true or false",
                           repr(cons["required"]))


def _check_resource(r, n: int, names: set) -> str:
    where = f"resource {n}"
    if not isinstance(r, dict):
        raise ContentError(PACKAGE, where, None, "a dataset described by its name, path and schema", _kind(r))
    name = r.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ContentError(PACKAGE, where, "name", "the dataset's name (text)",
                           "it missing" if name is None else repr(name))
    if name in names:
        raise ContentError(PACKAGE, f"resource {n} ('{name}')", "name", "each dataset name once",
                           f"'{name}' twice")
    where = f"resource {n} ('{name}')"
    path = r.get("path")
    if (not isinstance(path, str) or not path.endswith(".csv") or path.startswith(("/", "\\"))
            or ".." in Path(path).parts or "\\" in path or ":" in path):
        raise ContentError(PACKAGE, where, "path", "the name of a CSV file in data/, e.g. counts.csv",
                           "it missing" if path is None else repr(path))
    schema = r.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        raise ContentError(PACKAGE, where, "schema.fields", "a list of the dataset's columns",
                           "it missing" if not isinstance(schema, dict) or "fields" not in schema
                           else _kind(schema["fields"]))
    seen: set = set()
    for i, f in enumerate(schema["fields"], 1):
        _check_field(f, where, f"schema.fields[{i}]", seen)
    srcs = r.get("sources", [])
    if not isinstance(srcs, list) or not all(isinstance(s, dict) and isinstance(s.get("bibliography_id"), str)
                                             for s in srcs):
        raise ContentError(PACKAGE, where, "sources", "a list of works, each with its bibliography_id",
                           repr(srcs)[:80])
    return name


@lru_cache(maxsize=None)
def _package(root: Path) -> dict:
    text = read_text(root / "data" / "datapackage.json", PACKAGE, "a JSON file saved as UTF-8",
                     "the file describing the datasets")
    try:
        pkg = json.loads(text)
    except ValueError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if hasattr(exc, "lineno") else None
        raise ContentError(PACKAGE, where, None, "valid JSON (check commas, quotes and brackets)",
                           getattr(exc, "msg", str(exc))) from None
    except RecursionError:
        raise ContentError(PACKAGE, None, None, "lists and fields nested less deeply",
                           "nesting too deep to read") from None
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise ContentError(PACKAGE, None, "resources", "a list of datasets",
                           _kind(pkg.get("resources") if isinstance(pkg, dict) else pkg))
    names: set = set()
    for n, r in enumerate(pkg["resources"], 1):
        names.add(_check_resource(r, n, names))
    return {r["name"]: r for r in pkg["resources"]}


def resources() -> dict[str, dict]:
    """The datasets described in datapackage.json, by name."""
    return _package(paths.course_root())


def resource(name: str, file: str = PACKAGE, item: str | None = None) -> dict:
    """One dataset's description; unknown names are reported against the caller's file."""
    res = resources()
    if name not in res:
        raise ContentError(file, item, "dataset", "the name of a dataset in data/datapackage.json",
                           f"'{name}'{sources.suggestion(str(name), res)}")
    return res[name]


def fields(name: str) -> dict[str, dict]:
    """A dataset's declared columns, by name, in order."""
    return {f["name"]: f for f in resource(name)["schema"]["fields"]}


def columns(name: str) -> list[str]:
    """The column names a dataset declares."""
    return list(fields(name))


def check_columns(name: str, wanted, file: str, item: str | None) -> None:
    """Raise a ContentError (in the caller's file) if a dataset lacks any wanted column."""
    have = columns(resource(name, file, item)["name"])
    for col in wanted:
        if col not in have:
            raise ContentError(file, item, "column", f"a column of dataset '{name}' ({', '.join(have)})",
                               f"'{col}'{sources.suggestion(str(col), have)}")


def _header_problem(header: list[str], declared: list[str]) -> str:
    """What is wrong with a CSV's first line, naming what cannot be seen."""
    found = ", ".join(header) if header else "nothing"
    odd = [h for h in header if _INVISIBLE.search(h)]
    if odd:
        found += (f" (the column name {odd[0]!r} has an invisible character or a space around it: "
                  "delete and retype it)")
    return found


def _check_value(value: str, f: dict) -> str | None:
    """What the value should be, if it is not a value of the column's type and constraints."""
    cons = f.get("constraints", {})
    if value == "":
        return "a value (this column may not be empty)" if cons.get("required") else None
    kind = f.get("type", "string")
    if kind in ("integer", "year") and not (_INTEGER.fullmatch(value) and len(value.lstrip("+-")) <= 15):
        return "a whole number of at most 15 digits (digits only, no spaces or commas)"
    if kind == "number":
        try:
            ok = math.isfinite(float(value))
        except ValueError:
            ok = False
        if not ok or value != value.strip():
            return "a number (digits, with a point for decimals; no spaces or commas)"
    if kind == "date":
        return date_problem(value)
    if cons.get("enum") and value not in cons["enum"]:
        return "one of " + ", ".join(cons["enum"])
    return None


@lru_cache(maxsize=None)
def _rows(root: Path, name: str) -> tuple[list[str], list[dict]]:
    res = resource(name)
    rel = f"data/{res['path']}"
    declared = fields(name)
    text = read_text(root / "data" / res["path"], rel, "a CSV file saved as UTF-8 ('CSV UTF-8' in Excel)",
                     "the CSV file named in data/datapackage.json")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        rows = list(reader)
    except csv.Error as exc:
        raise ContentError(rel, f"line {reader.line_num + 1}", None, "a well-formed CSV file", str(exc)) from None
    if header != list(declared):
        raise ContentError(rel, "header", None, f"the columns declared in {PACKAGE}: {', '.join(declared)}",
                           _header_problem(header, list(declared)))
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ContentError(rel, None, ", ".join(missing),
                           "every dataset to name a source, locator and confidence for each row",
                           "no such column")
    dated = "date_precision" in declared and declared.get("date", {}).get("type") == "date"
    works = sources._bibliography(root)  # looked up once, not once a row
    for n, row in enumerate(rows, start=2):
        where = f"row {n} (line {n} of the file)"
        if None in row or any(v is None for v in row.values()):
            raise ContentError(rel, where, None, f"{len(header)} values, one per column", "a different number")
        for col in REQUIRED_COLUMNS:
            if not row[col].strip():
                raise ContentError(rel, where, col, "a value: every row of every dataset is cited", "it empty")
        if row["source"] not in works:
            sources.work(row["source"], rel, where, "source")  # raises, naming the row
        if row["confidence"] not in CONFIDENCE:
            raise ContentError(rel, where, "confidence", "one of " + ", ".join(CONFIDENCE),
                               repr(row["confidence"]))
        for col, f in declared.items():
            wanted = _check_value(row[col], f)
            if wanted:
                raise ContentError(rel, where, col, wanted, repr(row[col]))
        if dated and row["date"]:  # a date known to the month or year is that month's or year's first day
            wanted = date_problem(row["date"], row["date_precision"])
            if wanted:
                raise ContentError(rel, where, "date", wanted, repr(row["date"]))
    return header, rows


def check_dates(name: str, file: str | None = None, item: str | None = None) -> None:
    """Check the 'date' column of a dataset of dated events (a timeline's): every date real, in the
    course's forms, and agreeing with its date_precision; an empty date is an undated event."""
    res = resource(name, file or PACKAGE, item)
    full = fields(name)["date"].get("type") == "date"
    for n, row in enumerate(rows(name), start=2):
        if row["date"]:
            wanted = date_problem(row["date"], row.get("date_precision"), full)
            if wanted:
                raise ContentError(f"data/{res['path']}", f"row {n} (line {n} of the file)", "date", wanted,
                                   repr(row["date"]))


def validate(name: str) -> int:
    """Check one dataset completely; return its number of rows."""
    return len(_rows(paths.course_root(), name)[1])


def rows(name: str) -> list[dict]:
    """A dataset's rows as checked text (no pandas): for checks made when content loads."""
    return _rows(paths.course_root(), name)[1]


def load(name: str):
    """A dataset as a pandas DataFrame with typed columns; df.attrs['sources'] lists its work ids."""
    import pandas as pd

    header, rows = _rows(paths.course_root(), name)
    df = pd.DataFrame(rows, columns=header)
    for field in resource(name)["schema"]["fields"]:
        col = field["name"]
        if field.get("type") in NUMERIC:  # every value was checked when the file was read
            converted = pd.to_numeric(df[col].replace("", None), errors="coerce")
            df[col] = converted.astype("Int64") if field["type"] in ("integer", "year") else converted
    df.attrs["dataset"] = name
    df.attrs["sources"] = sorted(set(df["source"]))
    return df


def clear_cache() -> None:
    """Forget loaded data (after a file was edited in a running kernel)."""
    _package.cache_clear()
    _rows.cache_clear()
