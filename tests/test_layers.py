"""Dependencies point inward: no layer imports the one above it, and nothing outside
storage/ reaches into a storage backend."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "forms_service"

# what each layer may import from our package (besides itself)
ALLOWED = {
    "domain": set(),
    "storage": {"domain"},
    "documents": {"domain"},
    "services": {"domain", "storage", "documents"},
}
FORBIDDEN_THIRD_PARTY = {"domain": {"flask", "tinydb", "wtforms"}, "storage": {"flask", "wtforms"},
                         "documents": {"flask", "wtforms", "tinydb"}, "services": {"flask", "wtforms", "tinydb"}}


def imports_of(path: Path) -> list[str]:
    """Absolute dotted names of what the module imports (relative imports resolved)."""
    module = ".".join(("forms_service",) + path.relative_to(PACKAGE).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                names.append(".".join(base + ([node.module] if node.module else [])))
            else:
                names.append(node.module)
    return names


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "forms_service" and len(parts) > 1 else None


def test_no_layer_imports_the_one_above_it():
    wrong = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            for name in imports_of(path):
                target = layer_of(name)
                if name.split(".")[0] in FORBIDDEN_THIRD_PARTY[layer]:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
                elif name.split(".")[0] == "forms_service" and target != layer and target not in allowed:
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


def test_nothing_outside_storage_reaches_into_a_backend():
    wrong = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.relative_to(PACKAGE).parts[0] != "storage"
             for name in imports_of(path) if name.startswith("forms_service.storage.")
             and name != "forms_service.storage.contract"]
    assert wrong == []


def test_a_backend_does_not_import_the_other():
    """What both backends share (the contract, the record versions) lives in storage/ itself."""
    backends = {"tinydb", "postgres"}
    wrong = [f"{path.relative_to(PACKAGE)} imports {name}"
             for backend in backends for path in sorted((PACKAGE / "storage" / backend).rglob("*.py"))
             for name in imports_of(path)
             if name.startswith("forms_service.storage.") and name.split(".")[2] in backends - {backend}]
    assert wrong == []


def test_the_web_reaches_the_store_only_through_the_application_layer():
    """The web hands the store to services/ and never asks a repository itself: no
    `repos().<anything>`, and no repository reached through a variable holding the store."""
    from forms_service.storage import Repositories

    repositories = set(Repositories.__annotations__)
    wrong = []
    for path in sorted((PACKAGE / "web").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        holders = {"repos", "repos_"} | {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                                         and _is_the_store(node.value)
                                         for target in node.targets if isinstance(target, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            if _is_the_store(node.value) or (isinstance(node.value, ast.Name) and node.value.id in holders
                                             and node.attr in repositories):
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node)}")
    assert wrong == []


def _is_the_store(node: ast.AST) -> bool:
    """`repos()`, or the app's `extensions["repos"]`."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id == "repos"
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value == "repos"
