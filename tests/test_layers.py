"""The layer order holds: a lower layer never imports a higher one, late imports included; Qt stays in
the GUI; no module imports itself back through others.

engine < policy < incidents < guard < bridge < gui < cli (the command line starts the tray app and
assembles the doctor's checks). `errors`, `paths` and the package root sit below everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dlpguard

PACKAGE = Path(dlpguard.__file__).parent

#: Layer of each top-level part of the package; lower may be imported by higher, never the reverse.
LAYERS: dict[str, int] = {
    "": 0,  # dlpguard/__init__.py
    "errors": 0,
    "paths": 0,
    "engine": 1,
    "policy": 2,
    "incidents": 3,
    "guard": 4,
    "extract": 4,
    "bridge": 5,
    "gui": 6,
    "cli": 7,
    "cli_input": 7,
    "cli_output": 7,
    "__main__": 7,
}

QT_MODULES = ("PySide6", "shiboken6")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports_of(path: Path) -> list[tuple[int, str]]:
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) for every import in the source, at any depth (functions, TYPE_CHECKING blocks)."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from dlpguard.gui import worker` imports the module dlpguard.gui.worker too
            found.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p) for p in SOURCES}


def test_every_part_of_the_package_has_a_layer():
    unknown = sorted({part_of(module_name(p)) for p in SOURCES} - set(LAYERS))
    assert unknown == [], f"give these a place in LAYERS: {unknown}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_a_module_imports_only_its_own_layer_or_lower(path: Path):
    me = module_name(path)
    mine = LAYERS[part_of(me)]
    upward = [
        f"line {line}: {target}"
        for line, target in imports_of(path)
        if target.startswith("dlpguard.") and target in MODULES | {t.rpartition(".")[0] for t in MODULES}
        and part_of(target) != part_of(me)
        and LAYERS[part_of(target)] > mine
    ]
    assert upward == [], f"{me} (layer {part_of(me) or 'root'}) imports a higher layer: {upward}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: module_name(p))
def test_qt_is_imported_only_by_the_gui(path: Path):
    if part_of(module_name(path)) == "gui":
        return
    qt = [f"line {line}: {t}" for line, t in imports_of(path) if t.split(".")[0] in QT_MODULES]
    assert qt == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    from dlpguard.gui import worker\n", "dlpguard.gui.worker"),
        ("if TYPE_CHECKING:\n    import dlpguard.policy.schema\n", "dlpguard.policy.schema"),
        ("from ..policy.decide import decide\n", "dlpguard.policy.decide"),
        ("from . import masking\n", "dlpguard.engine.masking"),
    ],
)
def test_the_checker_sees_late_type_only_and_relative_imports(source: str, expected: str):
    assert expected in [t for _, t in imports_in(source, "dlpguard.engine")]


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for path in SOURCES:
        me = module_name(path)
        for _, target in imports_of(path):
            # an import of a name from a package counts as an import of that package's module only
            if target in MODULES and target != me and not me.startswith(target + "."):
                graph[me].add(target)
    return graph


def test_no_module_imports_itself_back_through_others():
    """No import circle, late imports included (a circle hidden inside a function is still one)."""
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert circles == []
