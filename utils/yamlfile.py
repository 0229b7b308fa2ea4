"""Read a YAML content file the way a teacher means it, with errors that name the line."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .errors import ContentError


@lru_cache(maxsize=None)
def _loader():
    import yaml

    # libyaml's parser (in PyYAML's wheels and conda-forge's build) reads about ten times faster
    # than the pure-Python one; the rules below are the same for both.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class TeacherLoader(base):
        """Safe YAML where only true/false are booleans, dates stay text, and a key may not repeat."""

    # YAML 1.1 turns yes/no/on/off into booleans and 1937-07-30 into a date; a teacher means text.
    TeacherLoader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers
              if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    TeacherLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false|True|False)$"), list("tTfF"))

    def construct_mapping(loader, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' appears twice", key_node.start_mark)
            seen.add(key)
        return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)

    TeacherLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)

    def construct_str(loader, node):
        value = loader.construct_scalar(node)
        # In a folded block (">"), a blank line becomes a single newline: a paragraph break.
        return value.replace("\n", "\n\n") if node.style == ">" else value

    TeacherLoader.add_constructor("tag:yaml.org,2002:str", construct_str)
    return yaml, TeacherLoader


def load_yaml(path: Path, shown_as: str | None = None):
    """Parse one YAML file; a syntax error becomes a ContentError naming the line."""
    yaml, loader = _loader()
    name = shown_as or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(name, None, None, "this file to exist", "no such file") from None
    except UnicodeDecodeError as exc:
        raise ContentError(name, None, None, "a text file saved as UTF-8",
                           f"bytes that are not UTF-8 at position {exc.start}") from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(name, where, None, "valid YAML (check indentation, colons and quotes)",
                           problem) from None
