"""The package's shape: imports only go down, no module over 400 lines.

The import graph is read from source, function-level imports included, so a lazy import
inside a function cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "wintut"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """wintut modules ``module`` imports anywhere in its body (not its own parent packages)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in MODULES else base)
    found = set()
    for target in targets:
        owner = _owner(target) if target.startswith("wintut") else None
        if owner and owner != module and not module.startswith(owner + "."):
            found.add(owner)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _cycles() -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycles():
    assert _cycles() == []


def test_the_checker_sees_function_level_imports(tmp_path, monkeypatch):
    # the checker itself must catch a lazy import inside a function
    assert "wintut.steps" in GRAPH["wintut.session"]  # session imports steps only in methods


def _importers_of(prefix: str) -> dict[str, set[str]]:
    return {
        module: {t for t in targets if t == prefix or t.startswith(prefix + ".")}
        for module, targets in GRAPH.items()
    }


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [
        (
            "wintut.replay",
            (
                "wintut.engine",
                "wintut.steps",
                "wintut.views",
                "wintut.session",
                "wintut.course",
                "wintut.readiness",
                "wintut.cli",
                "wintut.images",
            ),
        ),
        (
            "wintut.steps",
            (
                "wintut.views",
                "wintut.readiness",
                "wintut.replay",
                "wintut.session",
                "wintut.course",
                "wintut.cli",
            ),
        ),
        (
            "wintut.engine",
            (
                "wintut.replay",
                "wintut.steps",
                "wintut.views",
                "wintut.session",
                "wintut.course",
                "wintut.cli",
                "wintut.lab",
            ),
        ),
        (
            "wintut.views",
            (
                "wintut.engine",
                "wintut.session",
                "wintut.replay",
                "wintut.readiness",
                "wintut.course",
                "wintut.cli",
            ),
        ),
    ],
)
def test_arrows_only_go_down(importer, forbidden):
    wrong = {
        module: sorted(t for t in targets if t.startswith(forbidden))
        for module, targets in GRAPH.items()
        if (module == importer or module.startswith(importer + "."))
    }
    assert {m: t for m, t in wrong.items() if t} == {}


def test_only_the_session_knows_client_and_simulated_server():
    both = [
        module
        for module, targets in GRAPH.items()
        if any(t.startswith("wintut.replay") for t in targets)
        and any(t.startswith("wintut.engine") for t in targets)
        and not module.startswith("wintut.cli")
    ]
    assert both == ["wintut.session"]


def test_only_the_engine_client_imports_docker_py():
    importers = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "docker" or n.startswith("docker.") for n in names):
                importers.append(module)
    assert sorted(set(importers)) <= ["wintut.engine.client", "wintut.engine.endpoint"]


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(PACKAGE.parent)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
