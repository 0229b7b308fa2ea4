"""The package's structure shows its layers, and dependencies point only downward (issue 15).

A short standard-library AST walk counts every import of the package's own modules, including
those inside functions, and fails on an import of a higher layer, on a cycle between modules,
and on a function-local import of the package's own code (what stays lazy is heavy third-party
libraries only, so that `import utils` stays light).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "utils"
# lowest first; a module may import its own layer and the layers below it
LAYERS = ["core", "facts", "content", "exercises", "handin", "pages", "teacher"]
ISOLATED = {"server", "tools"}  # the Jupyter server extension and developer tools: nothing imports them
TOP = {"utils"}  # the public API imports any layer


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def own_imports(path: Path) -> list[tuple[str, bool, int]]:
    """(imported module, inside a function?, line) for every import of utils.* in a file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")
                    parts = parts[:len(parts) - child.level + 1]
                    base = ".".join(parts + ([child.module] if child.module else []))
                if base == "utils" or base.startswith("utils."):
                    for alias in child.names:
                        sub = f"{base}.{alias.name}"
                        target = sub if _exists(sub) else base
                        out.append((target, in_function, child.lineno))
            elif isinstance(child, ast.Import):
                out.extend((a.name, in_function, child.lineno) for a in child.names
                           if a.name == "utils" or a.name.startswith("utils."))
            visit(child, nested)

    visit(tree, False)
    return out


def _exists(module: str) -> bool:
    rel = Path(*module.split("."))
    return (ROOT / rel).with_suffix(".py").exists() or (ROOT / rel / "__init__.py").exists()


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "utils"


def files() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_is_in_a_layer():
    loose = [module_name(p) for p in files()
             if layer(module_name(p)) not in set(LAYERS) | ISOLATED | TOP]
    assert not loose, f"modules outside the layer folders: {loose}"


def test_imports_point_only_downward():
    wrong = []
    for path in files():
        me = module_name(path)
        mine = layer(me)
        for target, _, line in own_imports(path):
            theirs = layer(target)
            if mine in TOP:
                continue
            if mine in ISOLATED:
                continue
            if theirs in ISOLATED or theirs in TOP:
                wrong.append(f"{me}:{line} imports {target} (nothing may import utils.{theirs})"
                             if theirs in ISOLATED else f"{me}:{line} imports the package root")
            elif mine in ISOLATED:
                continue
            elif LAYERS.index(theirs) > LAYERS.index(mine):
                wrong.append(f"{me}:{line} ({mine}) imports {target} ({theirs}), a higher layer")
    assert not wrong, "\n".join(wrong)


def test_no_function_local_imports_of_the_package():
    lazy = [f"{module_name(p)}:{line} imports {t} inside a function"
            for p in files() if layer(module_name(p)) != "tools"
            for t, inside, line in own_imports(p) if inside]
    assert not lazy, "\n".join(lazy)


def test_no_import_cycles():
    graph = {module_name(p): {t for t, _, _ in own_imports(p)} for p in files()}
    # a package's __init__ importing its own modules is not a cycle through them
    for mod in graph:
        graph[mod] = {t for t in graph[mod] if not mod.startswith(t + ".") and t != mod}
    seen, stack, cycles = set(), [], []

    def walk(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            walk(nxt)
        stack.pop()

    for mod in sorted(graph):
        walk(mod)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_check_catches_an_upward_import(tmp_path, monkeypatch):
    """The walk sees imports inside functions and relative imports (a test that cannot fail is a defect)."""
    fake = tmp_path / "utils" / "core"
    fake.mkdir(parents=True)
    (tmp_path / "utils" / "pages").mkdir()
    (tmp_path / "utils" / "pages" / "lesson.py").write_text("")
    (fake / "x.py").write_text("def f():\n    from ..pages import lesson\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    found = own_imports(fake / "x.py")
    assert found == [("utils.pages.lesson", True, 2)]
