"""Read a YAML content file the way a teacher means it, with errors that name the line."""
from __future__ import annotations

import re
import stat
from functools import lru_cache
from pathlib import Path

from utils.core.errors import ContentError

MAX_BYTES = 20_000_000  # far above any content file; a bigger one is a mistake (or not content)
NO_ALIASES = ("no repeated parts: write the text out in full instead of an alias (*name) "
              "to an anchor (&name)")


@lru_cache(maxsize=None)
def _loader():
    import yaml
    from yaml.constructor import ConstructorError
    from yaml.nodes import MappingNode, ScalarNode

    # libyaml's parser (in PyYAML's wheels and conda-forge's build) reads about ten times faster
    # than the pure-Python one; the rules below are the same for both.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Refused(ConstructorError):
        """Valid YAML that content files do not use; `expected` says what to write instead."""

        def __init__(self, expected: str, problem: str, mark):
            super().__init__(None, None, problem, mark)
            self.expected = expected

    class TeacherLoader(base):
        """Safe YAML where only true/false are booleans, dates stay text, a key is a name that may
        not repeat, and nothing is repeated through anchors and aliases."""

        def construct_object(self, node, deep=False):
            # An alias is the same node met a second time. Refusing it keeps the content a tree:
            # no "billion laughs" (aliases of aliases growing without limit), no loops.
            if node in self.constructed_objects or node in self.recursive_objects:
                raise Refused(NO_ALIASES, "an alias (*name) repeating an anchored part (&name)",
                              node.start_mark)
            return super().construct_object(node, deep=deep)

    # YAML 1.1 turns yes/no/on/off into booleans and 1937-07-30 into a date; a teacher means text.
    TeacherLoader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers
              if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    TeacherLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false|True|False)$"), list("tTfF"))

    def construct_mapping(loader, node, deep=False):
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                what = "a list" if not isinstance(key_node, MappingNode) else "a set of named fields"
                raise Refused("a key that is a plain name before its colon", f"a key that is {what}",
                              key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise Refused("the fields written out in full", "a merge key '<<'", key_node.start_mark)
            key = loader.construct_scalar(key_node)  # a key is a name: 1937 or yes stays text
            if key in mapping:
                raise Refused("each key once in the same set of fields", f"the key '{key}' appears twice",
                              key_node.start_mark)
            mapping[key] = loader.construct_object(value_node, deep=deep)
        return mapping

    TeacherLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)

    def construct_str(loader, node):
        value = loader.construct_scalar(node)
        # In a folded block (">"), a blank line becomes a single newline: a paragraph break.
        return value.replace("\n", "\n\n") if node.style == ">" else value

    TeacherLoader.add_constructor("tag:yaml.org,2002:str", construct_str)

    def refuse_tag(loader, node):
        raise Refused("plain text, numbers and lists (content files use no !! tags)",
                      f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}'", node.start_mark)

    for tag in ("set", "omap", "pairs", "binary", "timestamp"):
        TeacherLoader.add_constructor(f"tag:yaml.org,2002:{tag}", refuse_tag)
    return yaml, TeacherLoader


def _alias_line(yaml, loader, text: str) -> str | None:
    """Where the first alias (*name) is, found again by the parser alone (only after an error)."""
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                return f"line {event.start_mark.line + 1}, column {event.start_mark.column + 1}"
    except yaml.YAMLError:
        pass
    return None


def read_text(path: Path, name: str, what: str = "a text file saved as UTF-8",
              missing: str = "this file to exist") -> str:
    """A content file's text (a UTF-8 byte-order mark, as Excel and Notepad write it, is fine);
    a missing, unreadable, binary or empty file becomes a ContentError naming it."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ContentError(name, None, None, what, "a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would never end
            raise ContentError(name, None, None, what, "something that is not a regular file")
        if info.st_size > MAX_BYTES:
            raise ContentError(name, None, None, f"{what}, under {MAX_BYTES // 1_000_000} MB",
                               f"{info.st_size // 1_000_000} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError(name, None, None, missing, "no such file") from None
    except OSError as exc:
        raise ContentError(name, None, None, f"{what} that can be read",
                           exc.strerror or type(exc).__name__) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError(name, None, None, what,
                           "a file saved as UTF-16 ('Unicode text'): save it again as UTF-8") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(name, f"line {line}", None, what,
                           f"bytes that are not UTF-8 (at byte {exc.start}: save the file as UTF-8)") from None
    if not text.strip():
        raise ContentError(name, None, None, f"{what} with content", "an empty file")
    return text


def load_yaml(path: Path, shown_as: str | None = None) -> dict:
    """Parse one YAML content file (a set of named fields at the top); a syntax error, an alias,
    a list used as a key and the like become a ContentError naming the line."""
    yaml, loader = _loader()
    name = shown_as or path.name
    text = read_text(path, name)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        expected = getattr(exc, "expected", None) or "valid YAML (check indentation, colons and quotes)"
        if expected == NO_ALIASES:  # the node's mark is the anchor's: name the alias instead
            where = _alias_line(yaml, loader, text) or where
        raise ContentError(name, where, None, expected, problem) from None
    except RecursionError:
        raise ContentError(name, None, None, "lists and fields nested less deeply",
                           "nesting too deep to read") from None
    if not isinstance(data, dict):
        found = ("only comments" if data is None else "a list" if isinstance(data, list)
                 else f"the single value {str(data)[:60]!r}")
        raise ContentError(name, None, None, "named fields at the top of the file (lines such as 'id: ...')",
                           found)
    return data
