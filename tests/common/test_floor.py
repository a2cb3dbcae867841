"""common is the lowest floor: it imports no app of ours, and only at module level (apart from
Django's own place for loading signal handlers, AppConfig.ready())."""

import ast
from pathlib import Path

from tests.support.servers import ROOT

OUR_APPS = {
    "accounts",
    "organizations",
    "credentials",
    "submissions",
    "reviews",
    "badges",
    "integrations",
    "rosters",
    "reporting",
    "recognition",
    "wallets",
    "sso",
    "community",
}
OUR_PACKAGES = OUR_APPS | {"config", "rosters", "integrations", "reporting", "recognition", "demo"}


def _imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node))
    return found


def _modules() -> list[Path]:
    return [p for p in (ROOT / "common").rglob("*.py") if "migrations" not in p.parts]


def test_common_imports_no_app_of_ours():
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in _modules()
        for module, _ in _imports(ast.parse(path.read_text()))
        if module.split(".")[0] in OUR_PACKAGES
    ]
    assert offending == []


def test_common_imports_at_module_level():
    inside = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.name == "apps.py" and function.name == "ready":
                continue
            inside += [f"{path.relative_to(ROOT)}: {m}" for m, _ in _imports(function)]
    assert inside == []
