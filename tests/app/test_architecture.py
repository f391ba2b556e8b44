"""The packages of `app` depend on each other in one direction: no two import each other, directly or in a
loop, and neither do the modules inside a package, nor the top-level modules (with the packages, as one graph).

The graph is read from the source with `ast`, imports inside functions included (an import moved into a
function to break a loop at import time is still a loop in the design); names imported under
`if TYPE_CHECKING:` for annotations only are not. A package's `__init__` is left out of
the graph inside it: it holds the blueprint its route modules register on, and imports them to do so.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules() -> dict[str, Path]:
    """Every module of the app by dotted name (a package by its own name)."""
    return {module_name(path): path for path in APP.rglob("*.py") if "translations" not in path.parts}


def imported(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """The app modules `path` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[:len(package.split(".")) - node.level + 1], *filter(None, [base])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {_known(target, modules) for target in found if target == "app" or target.startswith("app.")} - {None}


def _runtime_nodes(tree: ast.AST):
    """Every node, except under `if TYPE_CHECKING:` (names for annotations, never imported when run)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in _runtime_nodes(child))
            continue
        yield node
        yield from _runtime_nodes(node)


def _known(target: str, modules: dict[str, Path]) -> str | None:
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def import_graph() -> dict[str, set[str]]:
    """Who imports whom, read once per test process (parsing the app's modules takes half a second)."""
    return {name: set(targets) for name, targets in _read_graph().items()}


@cache
def _read_graph() -> dict[str, frozenset[str]]:
    modules = app_modules()
    return {name: frozenset(imported(path, name, modules)) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def component(name: str) -> str:
    """The part of the app a module belongs to: its package under app, or the top-level module itself."""
    return ".".join(name.split(".")[:2])


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    packages = defaultdict(set)
    for source, targets in graph.items():
        packages[component(source)] |= {component(t) for t in targets if component(t) != component(source)}
    return dict(packages)


def inner_graph(graph: dict[str, set[str]], package: str) -> dict[str, set[str]]:
    """The modules of `package` (not its __init__) and their imports of each other."""
    members = {name for name in graph if name.startswith(package + ".")}
    return {name: graph[name] & members for name in members}


def test_the_graph_sees_imports_inside_functions_but_not_for_annotations_only():
    graph = import_graph()
    assert "app.blueprints" in graph["app"]  # create_app's register_blueprints imports it inside the function
    assert "app.models.consultee" not in graph["app.models.user"]  # under `if TYPE_CHECKING:`
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_two_packages_of_the_app_import_each_other():
    """Between the feature packages (app/<name>/): the top-level modules (extensions, errors, forms …) are
    the shared ground they stand on, and are not nodes here."""
    graph = {package: targets & set(PACKAGES) for package, targets in package_graph(import_graph()).items()
             if package in PACKAGES}
    assert cycles(graph) == []


PACKAGES = sorted(module_name(path.parent) for path in APP.glob("*/__init__.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_no_two_modules_of_a_package_import_each_other(package):
    assert cycles(inner_graph(import_graph(), package)) == []


def test_no_loop_among_the_top_level_modules():
    """The parts of the app (feature packages and top-level modules such as models, errors, extensions, runs,
    tasks) do not import each other in a loop either. `app` itself (create_app, which assembles them all, and
    which the task worker calls to build its app) is left out, as a package's `__init__` is inside it."""
    graph = {part: targets - {"app"} for part, targets in package_graph(import_graph()).items() if part != "app"}
    assert cycles(graph) == []
