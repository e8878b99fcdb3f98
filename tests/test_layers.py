"""The import graph: one direction, no loops, writers that see only the tree (README, "Layout of the code")."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "docgen"
LAYERS = (
    ("docgen",),
    ("docgen.i18n", "docgen.errors", "docgen.output", "docgen.cache", "docgen.data_yaml", "docgen.text_safety",
     "docgen.moments", "docgen.workdays", "docgen.formatting", "docgen.table_check", "docgen.template_data",
     "docgen.tree", "docgen.yaml_limits", "docgen.template_limits"),
    ("docgen.codes",),
    ("docgen.casefile",),
    ("docgen.evidence_files",),
    ("docgen.writers",),
    ("docgen.laws",),
    ("docgen.procedure", "docgen.disputes", "docgen.platforms"),
    ("docgen.findings",),
    ("docgen.court",),
    ("docgen.assess",),
    ("docgen.advice",),
    ("docgen.compose", "docgen.fingerprint", "docgen.forms", "docgen.complaint_summary"),
    ("docgen.options", "docgen.coverage"),
    ("docgen.render",),
    ("docgen.build", "docgen.single_document"),
    ("docgen.batch", "docgen.cluster"),
    ("docgen.check", "docgen.ics", "docgen.init_case", "docgen.laws_cli", "docgen.verify"),
    ("docgen.cli", "docgen.__main__"),
)
"""Bottom to top; a name stands for the module or the package and everything in it."""


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path) -> set[str]:
    """The docgen modules ``path`` imports when it runs (at the top or inside a function), not
    those imported only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for top in ast.walk(tree) if isinstance(top, ast.If)
               and "TYPE_CHECKING" in ast.unparse(top.test) for node in ast.walk(top)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("docgen"):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if (PACKAGE.parent / f"{node.module}.{alias.name}".replace(".", "/")).with_suffix(".py").exists())
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("docgen"))
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {m for m in runtime_imports(path) if m != name and m in modules} for name, path in modules.items()}


def layer(module: str) -> int:
    for index, names in enumerate(LAYERS):
        if any(module == name or (name != "docgen" and module.startswith(name + ".")) for name in names):
            return index
    raise AssertionError(f"{module} is in no layer of tests/test_layers.py (and of the README's layout)")


def test_no_module_imports_from_a_layer_above_its_own():
    upward = [f"{module} -> {imported}" for module, imports in sorted(graph().items()) for imported in sorted(imports)
              if layer(imported) > layer(module)]
    assert not upward


def test_no_import_loop():
    edges = graph()
    loops = []
    for start in edges:
        seen, stack = set(), list(edges[start])
        while stack:
            module = stack.pop()
            if module == start:
                loops.append(start)
                break
            if module not in seen:
                seen.add(module)
                stack.extend(edges.get(module, ()))
    assert not loops


def test_the_writers_see_only_the_tree():
    """The tree, the evidence files it names (read and checked) and the helpers below everything."""
    outside = {imported for module, imports in graph().items() if module.startswith("docgen.writers")
               for imported in imports if not imported.startswith("docgen.writers")}
    assert outside <= {"docgen.tree", "docgen.evidence_files", "docgen.errors", "docgen.i18n", "docgen.cache",
                       "docgen.output", "docgen"}
