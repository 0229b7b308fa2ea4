"""Check content against the course schema and say, in plain words, what is wrong and where."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from utils.core.errors import ContentError

SCHEMA_DIR = Path(__file__).parents[1] / "content" / "schema"  # the content layer's JSON schemas (data, not code)
SCHEMA_FILE = SCHEMA_DIR / "lesson.schema.json"


@lru_cache(maxsize=None)
def _schema(name: str = "lesson") -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator(definition: str | None, schema_name: str = "lesson"):
    import fastjsonschema

    schema = _schema(schema_name)
    if definition is not None:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    return fastjsonschema.compile(schema)


def _item_and_field(data, path: list) -> tuple[str | None, str | None]:
    """Name the innermost item with an id on the path, and the field below it."""
    item, field_parts, node = None, [], data
    if isinstance(data, dict) and "id" in data:
        item = f"'{data['id']}'"
    for step in path:
        if isinstance(node, list) and isinstance(step, str) and step.isdigit():
            step = int(step)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "id" in node:
            item, field_parts = f"'{node['id']}'", []
        else:
            field_parts.append(f"[{step + 1}]" if isinstance(step, int) else str(step))
    field = "".join(p if p.startswith("[") else f".{p}" for p in field_parts).lstrip(".")
    return item, field or None


def _describe(exc, value) -> tuple[str, str | None]:
    rule, definition = exc.rule, exc.rule_definition
    if rule == "required":
        missing = [k for k in definition if not (isinstance(value, dict) and k in value)]
        return f"the field(s) {', '.join(missing)}", "it missing"
    if rule == "additionalProperties":
        return "only the fields this kind of item has (check the spelling)", "an unknown field"
    if rule == "type":
        names = {"string": "text", "integer": "a whole number", "number": "a number",
                 "array": "a list (lines starting with '-')", "object": "a set of named fields",
                 "boolean": "true or false"}
        kinds = [definition] if isinstance(definition, str) else list(definition)
        return " or ".join(names.get(k, k) for k in kinds), repr(value)[:120]
    if rule == "enum":
        return "one of: " + ", ".join(map(str, definition)), repr(value)
    if rule == "const":
        return repr(definition), repr(value)
    if rule in ("minItems", "maxItems"):
        n = len(value) if isinstance(value, list) else "?"
        word = "at least" if rule == "minItems" else "at most"
        return f"{word} {definition} entries", f"{n}"
    if rule == "minLength":
        return f"text of at least {definition} characters", repr(value)
    if rule == "pattern":
        if definition.startswith("^[0-9]{2}-"):
            return ("a lesson id: two digits, a hyphen, then lower-case letters, digits and hyphens "
                    "(the file name without .yaml)"), repr(value)
        return f"an id in lower-case letters, digits and hyphens (pattern {definition})", repr(value)
    if rule == "maxLength":
        return f"text of at most {definition} characters", repr(value)[:80]
    if rule in ("minimum", "maximum"):
        return f"a number {'>=' if rule == 'minimum' else '<='} {definition}", repr(value)
    return exc.message.replace("data", "the value", 1), None


def check(data, file: str, definition: str | None = None, schema: str = "lesson"):
    """Validate data (a parsed file) against a schema (utils/schema/<schema>.schema.json, or one of
    its definitions), raising ContentError on the first problem."""
    import fastjsonschema

    try:
        _validator(definition, schema)(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        path = list(exc.path[1:]) if exc.path else []
        item, field = _item_and_field(data, path)
        if exc.rule == "additionalProperties" and isinstance(exc.value, dict):
            allowed = set(exc.definition.get("properties", {})) if exc.definition else set()
            extra = sorted(set(exc.value) - allowed)
            if extra:
                field = ".".join(filter(None, [field, extra[0]]))
        expected, found = _describe(exc, exc.value)
        if exc.rule == "required" and isinstance(exc.value, dict):
            missing = [k for k in exc.rule_definition if k not in exc.value]
            field = ".".join(filter(None, [field, missing[0]])) if missing else field
            allowed = set(exc.definition.get("properties", {})) if exc.definition else set()
            unknown = sorted(set(exc.value) - allowed)
            if unknown:
                found += f" (an unknown field '{unknown[0]}' is there: check the spelling)"
        raise ContentError(file, item, field, expected, found) from None
    return data
