"""Apps stand on floors (README, "Architecture"): an app imports only from the floors below it,
at module level, never inside a function or through importlib. A lower app that must let a
higher one react emits a domain event (common/events.py) instead.

Checked here for the apps that already keep the rule; the others still have older imports
upward (accounts, credentials, submissions, reviews) and join the list once they keep it.
"""

import ast

import pytest

from tests.support.servers import ROOT

FLOORS = {
    "common": 0,
    "accounts": 1,
    "organizations": 2,
    "sso": 3,
    "credentials": 4,
    "submissions": 5,
    "reviews": 6,
    "badges": 7,
    "integrations": 8,
    "recognition": 9,
    "wallets": 10,
    "rosters": 11,  # rosters and reporting are siblings: neither imports the other
    "reporting": 11,
    "community": 11,
    "demo": 12,
}
KEEPING_THE_RULE = [
    "common",
    "organizations",
    "sso",
    "integrations",
    "recognition",
    "wallets",
    "rosters",
    "reporting",
    "community",
]


def _problems(app: str) -> list[str]:
    problems = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        problems += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in _walk(app, tree)]
    return problems


def _walk(app: str, node: ast.AST, in_function: bool = False) -> list[tuple[int, str]]:
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import):
            found += _check(app, [alias.name for alias in child.names], child.lineno, in_function)
        elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
            found += _check(app, [child.module], child.lineno, in_function)
        elif isinstance(child, ast.Attribute) and child.attr == "import_module":
            found.append((child.lineno, "importlib.import_module"))
        inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        found += _walk(app, child, inner)
    return found


def _check(app: str, modules: list[str], line: int, in_function: bool) -> list[tuple[int, str]]:
    found = []
    for module in modules:
        other = module.split(".")[0]
        if other not in FLOORS or other == app:
            continue
        if FLOORS[other] >= FLOORS[app]:
            found.append((line, f"imports {module} (not a floor below {app})"))
        elif in_function:
            found.append((line, f"imports {module} inside a function"))
    return found


@pytest.mark.parametrize("app", KEEPING_THE_RULE)
def test_an_app_imports_only_from_the_floors_below_it_at_module_level(app):
    assert _problems(app) == []


def test_the_check_sees_an_upward_import_and_one_inside_a_function():
    code = "from reporting import selectors\n\ndef f():\n    from accounts.models import User\n"
    tree = ast.parse(code)
    assert [what for _line, what in _walk("rosters", tree)] == [
        "imports reporting (not a floor below rosters)",
        "imports accounts.models inside a function",
    ]
