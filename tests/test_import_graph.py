"""No import cycles in bot/, db/, site_builder/, cli/ and steward_cli.py, and the
layers point one way: db/ imports neither bot/ nor site_builder/; site_builder/ does
not import bot/; nothing imports the command (cli/, steward_cli), and cli/ does not
import steward_cli, which puts its parts together.

The graph is built from the source with ``ast``: every import statement of a
module counts, at the top or inside a function (an import moved into a
function still makes the module depend on the other one), except those under
``if TYPE_CHECKING:``, which never run. The checker is tried on small planted
packages first, so that a checker that finds nothing cannot pass unnoticed.

``python tests/test_import_graph.py`` prints the check for the real packages.
"""

from __future__ import annotations

import ast
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a package is a folder, or a single module (steward_cli.py)
PACKAGES = ("bot", "db", "site_builder", "cli", "steward_cli")
# (importer, imported): packages a package must never import
FORBIDDEN = (("db", "bot"), ("db", "site_builder"), ("site_builder", "bot"),
             *((low, top) for low in ("bot", "db", "site_builder")
               for top in ("cli", "steward_cli")),
             ("cli", "steward_cli"))

Graph = dict[str, set[str]]


def find_modules(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """module name -> file, for every ``.py`` file of ``packages`` under ``root`` (a
    package that is one module, ``name.py``, is that file)."""
    found: dict[str, Path] = {}
    for package in packages:
        single = root / f"{package}.py"
        for path in [single] if single.is_file() else sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Imports(ast.NodeVisitor):
    """Every imported name of a module, as (absolute module, imported names)."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.found: list[tuple[str, list[str]]] = []

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:  # the TYPE_CHECKING body never runs
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append((alias.name, []))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parts = self.package.split(".") if self.package else []
            parts = parts[:len(parts) - (node.level - 1)] if node.level > 1 else parts
            base = ".".join([*parts, base] if base else parts)
        self.found.append((base, [alias.name for alias in node.names]))


def import_graph(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> Graph:
    """module -> the modules of ``packages`` it imports."""
    modules = find_modules(root, packages)
    graph: Graph = {}
    for name, path in modules.items():
        visitor = _Imports(name, path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        edges: set[str] = set()
        for base, names in visitor.found:
            targets = [f"{base}.{n}" for n in names if f"{base}.{n}" in modules]
            if len(targets) < len(names) or not names:  # names of the module itself
                # the module, or for `import a.b.c` of a non-module, its nearest package
                parts = base.split(".")
                while parts and ".".join(parts) not in modules:
                    parts.pop()
                if parts:
                    targets.append(".".join(parts))
            edges.update(t for t in targets if t != name)
        graph[name] = edges
    return graph


def find_cycles(graph: Graph) -> list[list[str]]:
    """One cycle (``[a, b, c, a]``) through each group of modules that import one
    another; empty when the graph has none."""
    return [_one_cycle(graph, group) for group in tangles(graph)]


def tangles(graph: Graph) -> list[list[str]]:
    """The groups of modules that import one another, directly or not: the
    strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def strongconnect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return sorted(groups)


def _one_cycle(graph: Graph, group: list[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected group."""
    members, start = set(group), group[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    raise AssertionError("a strongly connected group always has a cycle")


def forbidden_imports(graph: Graph) -> list[tuple[str, str]]:
    """(importer, imported) pairs that point the wrong way between packages."""
    bad = []
    for v, targets in sorted(graph.items()):
        for w in sorted(targets):
            if (v.split(".")[0], w.split(".")[0]) in FORBIDDEN:
                bad.append((v, w))
    return bad


def private_imports(root: Path = ROOT, packages: Iterable[str] = PACKAGES
                    ) -> list[tuple[str, str]]:
    """(module, name) for each private (underscore) name a module takes from another
    of ``packages``: ``from .x import _helper``, or ``x._helper`` of a module ``x``
    it imported. What modules share is public in a shared module."""
    modules = find_modules(root, packages)
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        visitor = _Imports(name, path.name == "__init__.py")
        aliases: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                visitor.found.clear()
                visitor.visit_ImportFrom(node)
                base = visitor.found[0][0]
                if base.split(".")[0] not in packages:
                    continue
                for alias in node.names:
                    if _private(alias.name):
                        found.append((name, f"{base}.{alias.name}"))
                    if f"{base}.{alias.name}" in modules:
                        aliases.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules and alias.asname:
                        aliases.add(alias.asname)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in aliases and _private(node.attr):
                found.append((name, f"{node.value.id}.{node.attr}"))
    return sorted(set(found))


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def report(graph: Graph) -> str:
    groups = tangles(graph)
    bad = forbidden_imports(graph)
    lines = [f"{len(graph)} modules, {sum(len(t) for t in graph.values())} imports between them"]
    for package in PACKAGES:
        mods = [m for m in graph if m.split(".")[0] == package]
        lines.append(f"  {package}: {len(mods)} modules")
    lines.append("cycles: " + ("none" if not groups else ""))
    for group in groups:
        lines.append(f"  {len(group)} modules import one another: {', '.join(group)}")
        lines.append("    e.g. " + " -> ".join(_one_cycle(graph, group)))
    lines.append("imports against the layers: " + ("none" if not bad else ""))
    lines += [f"  {v} imports {w}" for v, w in bad]
    private = private_imports()
    lines.append("private names taken from another module: " + ("none" if not private else ""))
    lines += [f"  {v} takes {w}" for v, w in private]
    return "\n".join(lines)


# -- the checker, tried on planted packages ---------------------------------------------

def _package(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_package_that_is_one_module_is_in_the_graph_and_its_importers_reported(tmp_path):
    root = _package(tmp_path, {
        "steward_cli.py": "from cli import run\n",
        "cli/__init__.py": "", "cli/run.py": "def f():\n    import steward_cli\n",
        "db/__init__.py": "", "db/store.py": "from cli.run import f\n",
        "bot/__init__.py": "", "site_builder/__init__.py": "",
    })
    graph = import_graph(root)
    assert graph["steward_cli"] == {"cli.run"} and graph["cli.run"] == {"steward_cli"}
    assert forbidden_imports(graph) == [("cli.run", "steward_cli"), ("db.store", "cli.run")]
    assert find_cycles(graph) == [["cli.run", "steward_cli", "cli.run"]]


def test_a_planted_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    root = _package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from . import b\n",
        "pkg/b.py": "def later():\n    from .a import thing\n    return thing\n",
        "pkg/c.py": "from pkg import a\n",
    })
    graph = import_graph(root, ["pkg"])
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.a"}
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.a"]]


def test_a_three_module_cycle_through_parent_relative_imports_is_found(tmp_path):
    root = _package(tmp_path, {
        "top/__init__.py": "",
        "top/x.py": "import top.sub.y\n",
        "top/sub/__init__.py": "",
        "top/sub/y.py": "from ..z import helper\n",
        "top/z.py": "from top.x import name as other\n",
    })
    assert tangles(import_graph(root, ["top"])) == [["top.sub.y", "top.x", "top.z"]]
    assert find_cycles(import_graph(root, ["top"])) == [
        ["top.sub.y", "top.z", "top.x", "top.sub.y"]]


def test_imports_only_for_type_checking_do_not_count(tmp_path):
    root = _package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from . import b\n",
        "pkg/b.py": ("from typing import TYPE_CHECKING\nimport typing\n"
                     "if TYPE_CHECKING:\n    from .a import A\n"
                     "if typing.TYPE_CHECKING:\n    from . import a\nelse:\n    import pkg.c\n"),
        "pkg/c.py": "",
    })
    graph = import_graph(root, ["pkg"])
    assert graph["pkg.b"] == {"pkg.c"}
    assert find_cycles(graph) == []


def test_an_import_against_the_layers_is_reported(tmp_path):
    root = _package(tmp_path, {
        "db/__init__.py": "", "db/store.py": "def f():\n    import bot.app\n",
        "bot/__init__.py": "", "bot/app.py": "from db import store\n",
        "site_builder/__init__.py": "", "site_builder/build.py": "from bot import app\n",
    })
    graph = import_graph(root)
    assert forbidden_imports(graph) == [("db.store", "bot.app"), ("site_builder.build", "bot.app")]
    assert find_cycles(graph) == [["bot.app", "db.store", "bot.app"]]


def test_a_cycle_planted_in_a_copy_of_the_real_packages_is_found(tmp_path):
    for package in PACKAGES:
        if (ROOT / f"{package}.py").is_file():
            shutil.copy(ROOT / f"{package}.py", tmp_path)
            continue
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "locale", "templates"))
    assert find_cycles(import_graph(tmp_path)) == []
    labels = tmp_path / "db" / "labels.py"
    labels.write_text(labels.read_text(encoding="utf-8")
                      + "\n\ndef _later():\n    from db.entries import Kind\n", encoding="utf-8")
    cycles = find_cycles(import_graph(tmp_path))
    assert cycles == [["db.entries", "db.labels", "db.entries"]]


def test_a_private_helper_taken_from_another_module_is_found(tmp_path):
    root = _package(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/money.py": "def _keyboard(): pass\ndef keyboard(): pass\n",
        "pkg/proposals.py": "from .money import _keyboard, keyboard\n",
        "pkg/vote.py": "from pkg import money\n\ndef f():\n    return money._keyboard()\n",
        "pkg/fine.py": "from __future__ import annotations\nfrom .money import keyboard\n",
    })
    assert private_imports(root, ["pkg"]) == [("pkg.proposals", "pkg.money._keyboard"),
                                              ("pkg.vote", "money._keyboard")]


# -- the real packages ------------------------------------------------------------------

def test_the_graph_of_the_real_packages_sees_their_imports():
    graph = import_graph()
    assert {"bot.app", "db.repository", "site_builder.collect", "db.labels"} <= set(graph)
    assert "db.labels" in graph["site_builder.collect"]
    assert "bot.context" in graph["bot.handlers.common"]
    assert {"cli.run", "cli.site"} <= graph["steward_cli"]
    assert "cli.common" in graph["cli.site"]
    assert sum(len(t) for t in graph.values()) > 150


def test_bot_db_site_builder_and_the_command_have_no_import_cycle():
    graph = import_graph()
    assert tangles(graph) == [], report(graph)


def test_the_layers_point_one_way_and_nothing_imports_the_command():
    assert forbidden_imports(import_graph()) == []


def test_no_module_takes_private_helpers_from_another():
    assert private_imports() == []


if __name__ == "__main__":
    print(report(import_graph()))
