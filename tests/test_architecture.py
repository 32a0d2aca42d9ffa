"""The package's shape: no import cycles between modules, and no import going up a layer.

The import graph is read with `ast` from every module of itagen, function-level imports
included (a lazy import is still a dependency). Layers, from the bottom (docs/architecture.md):

    errors, thai/, eit/          used by everyone
    site/, catalog/              reading a site and the year catalogs
    render/, cache/              turning the model into pages; skipping unchanged work
    build                        one site's build
    many, commands/, cli         many sites, the commands, the command line

A module may import its own layer or lower ones, never a higher one; the one exception
is `itagen/__init__.py`, the package's public face, which re-exports from below lazily.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "itagen"

# The layer of each top-level name of itagen (a module or a subpackage); higher imports lower.
LAYERS = {
    "errors": 0,
    "thai": 0,
    "eit": 0,
    "site": 1,
    "catalog": 1,
    "render": 2,
    "cache": 2,
    "build": 3,
    "many": 4,
    "commands": 4,
    "cli": 5,
    "cliparser": 5,
    "cliserve": 5,
    "clibuild": 5,
    "__main__": 6,
}
# What a layer must never import, beyond the ordering: a site is read without its renderer.
COMMAND_LINE = {"cli", "cliparser", "cliserve", "clibuild"}
ABOVE_STAGES = {"commands", "build", "many"} | COMMAND_LINE
FORBIDDEN = {
    "site": {"render", "cache"} | ABOVE_STAGES,
    "catalog": {"render", "cache"} | ABOVE_STAGES,
    "thai": {"site", "catalog", "render", "cache", "eit"} | ABOVE_STAGES,
    "eit": {"site", "catalog", "render", "cache"} | ABOVE_STAGES,
    "render": ABOVE_STAGES,
    "cache": ABOVE_STAGES,
}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Return the itagen modules `path` imports, anywhere in its code."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1]
                    + ([base] if base else [])
                )
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `from itagen.site import config`: the module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    edges = {module_name(p): imports_of(p, modules) for p in paths}
    # itagen/__init__.py holds the version and lazy re-exports (inside __getattr__, run only when
    # a caller asks for one): `from itagen import __version__` depends on nothing below it.
    edges["itagen"] = set()
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_the_graph_is_read_from_every_module():
    edges = graph()
    assert "itagen.build" in edges and "itagen.cli" in edges
    assert {"itagen.build", "itagen.many"} & edges["itagen.cli"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_no_import_goes_up_a_layer():
    wrong = []
    for module, targets in graph().items():
        layer = top(module)
        if layer == "__init__":
            continue  # the package's public face re-exports from below
        assert layer in LAYERS, f"{module}: add its folder to LAYERS (and docs/architecture.md)"
        for target in targets:
            other = top(target)
            if other == "__init__":
                continue  # itagen/__init__.py holds only the version and re-exports
            if LAYERS[other] > LAYERS[layer] or other in FORBIDDEN.get(layer, ()):
                wrong.append(f"{module} imports {target}")
    assert wrong == []
