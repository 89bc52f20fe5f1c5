"""Each handlers area imports only shared modules, never another area (STYLE.md rule 13):
read from the source with ast, so a new area or a new import is checked without a list."""

from __future__ import annotations

import ast
from pathlib import Path

import handlers

HANDLERS = Path(handlers.__file__).parent
# What areas may import: the typed context and its helpers, the cards and the menu router
# more than one area opens, the composers' conversation base, delivery notices, and the
# update processing, the conversations' persistence and the HTTP layer underneath, and what
# lets a command typed mid-conversation through.
SHARED = {
    "context", "cards", "menu", "composer", "notices", "persistence", "request", "updates",
    "midflow",
}  # fmt: skip
# The wiring that imports every area on purpose: the package's register_all, the app.
WIRING = {"__init__", "app"}


def handlers_imported(path: Path) -> set[str]:
    """The handlers modules that ``path`` imports, by their name inside the package."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "handlers":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("handlers."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names = (alias.name for alias in node.names)
            found |= {n.split(".")[1] for n in names if n.startswith("handlers.")}
    return found


def modules() -> dict[str, Path]:
    return {path.stem: path for path in sorted(HANDLERS.glob("*.py"))}


def test_no_area_imports_another_area() -> None:
    areas = set(modules()) - SHARED - WIRING
    crossings = {
        name: sorted(handlers_imported(path) & areas)
        for name, path in modules().items()
        if name not in WIRING and handlers_imported(path) & areas
    }
    assert crossings == {}


def test_the_shared_modules_exist_and_the_check_sees_imports() -> None:
    assert set(modules()) >= SHARED
    assert {"cards", "context", "menu"} <= handlers_imported(HANDLERS / "programme.py")
    assert handlers_imported(HANDLERS / "__init__.py") >= {"programme", "search", "menu"}
