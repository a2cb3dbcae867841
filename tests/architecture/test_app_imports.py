"""What import-linter cannot see (docs/decisions/0022-floors-and-domain-events.md): an app that
imports another app of ours inside a function, or by name at run time (importlib, __import__,
Django's import_string, apps.get_model), hides the dependency that the floors are about.
An AST scan of every app module (migrations aside) finds both."""

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = set(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
)
APPS = sorted(OURS - {"config"})  # config, the project shell, is no app

# Known today, each removed by the branch named (the integrator deletes each group after
# merging it); an entry that no longer matches fails, like import-linter's ignore_imports.
KNOWN_IN_A_FUNCTION: set[tuple[str, str]] = set()
KNOWN_BY_NAME: set[tuple[str, str]] = set()

LOADERS = {"import_module", "__import__", "import_string", "get_model"}


def _app_modules() -> Iterator[tuple[str, str, ast.Module]]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, str(path.relative_to(ROOT)), ast.parse(path.read_text(), str(path))


def _ours(module: str, app: str) -> bool:
    top = module.split(".")[0]
    return top in OURS and top != app


def imports_in_functions(app: str, tree: ast.AST) -> list[str]:
    """Modules of our other packages that `tree` imports inside a function."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names if _ours(alias.name, app)]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found += [node.module] if _ours(node.module, app) else []
    return sorted(set(found))


def _loader_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return ""


def _named(argument: ast.expr) -> str | None:
    """The module or app a loader's first argument names; None when it is computed."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if isinstance(argument, ast.JoinedStr) and argument.values:
        first = argument.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def imports_by_name(app: str, tree: ast.AST) -> list[str]:
    """Loader calls in `tree` that name another package of ours, or a computed name (which
    could be one): importlib.import_module, __import__, import_string, apps.get_model."""
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _loader_name(call) not in LOADERS or not call.args:
            continue
        named = _named(call.args[0])
        if named is None or _ours(named, app):
            found.append(ast.unparse(call))
    return found


def test_no_app_imports_another_app_of_ours_inside_a_function():
    found = {
        (path, module)
        for app, path, tree in _app_modules()
        for module in imports_in_functions(app, tree)
    }
    assert sorted(found - KNOWN_IN_A_FUNCTION) == []
    assert sorted(KNOWN_IN_A_FUNCTION - found) == [], "gone: delete these entries"


def test_no_app_loads_another_app_of_ours_by_name():
    found = {
        (path, call) for app, path, tree in _app_modules() for call in imports_by_name(app, tree)
    }
    assert sorted(found - KNOWN_BY_NAME) == []
    assert sorted(KNOWN_BY_NAME - found) == [], "gone: delete these entries"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("def f():\n    from badges import selectors\n", ["badges"]),
        ("def f():\n    import badges.selectors\n", ["badges.selectors"]),
        ("class C:\n    def m(self):\n        from common.tasks import x\n", ["common.tasks"]),
        ("from badges import selectors\n", []),  # module level: import-linter's to judge
        ("def f():\n    from . import tasks\n    from credentials import views\n", []),
        ("def f():\n    import json\n", []),
    ],
)
def test_the_scan_sees_an_import_inside_a_function(code, expected):
    assert imports_in_functions("credentials", ast.parse(code)) == expected


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("importlib.import_module('badges.selectors')", True),
        ("import_module('reviews')", True),
        ("__import__('submissions.selectors')", True),
        ("import_string('badges.services.badge_award')", True),
        ("apps.get_model('badges', 'Badge')", True),
        ("apps.get_model('badges.Badge')", True),
        ("importlib.import_module(f'badges.{name}')", True),
        ("importlib.import_module(name)", True),  # computed: it could be one of ours
        ("importlib.import_module('json')", False),
        ("import_string('django.core.cache.backends.redis.RedisCache')", False),
        ("apps.get_model('credentials', 'Stack')", False),  # the app's own model
    ],
)
def test_the_scan_sees_a_load_by_name(code, found):
    assert bool(imports_by_name("credentials", ast.parse(code))) is found
