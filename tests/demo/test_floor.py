"""demo is the top floor: it may import any app, and no app (nor config) imports it."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _imports_demo(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "demo" or name.startswith("demo.") for name in names):
            return True
    return False


def test_no_app_imports_demo():
    ours = [Path(app.path) for app in apps.get_app_configs() if Path(app.path).parent == ROOT]
    packages = [path for path in ours if path.name != "demo"] + [ROOT / "config"]
    assert len(packages) >= 8
    offenders = [
        str(module.relative_to(ROOT))
        for package in packages
        for module in package.rglob("*.py")
        if _imports_demo(module)
    ]
    assert offenders == []


def test_demo_is_the_last_installed_app():
    assert settings.INSTALLED_APPS[-1] == "demo"
