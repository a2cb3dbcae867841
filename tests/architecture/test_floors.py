"""Apps stand on floors (docs/decisions/0022-floors-and-domain-events.md): import-linter's
contracts in pyproject.toml hold the order in `make lint` and scripts/test.sh. These tests
prove that the contracts bite: on a copy of our packages with one import added where it must
not be, lint-imports fails and names the broken contract; the unchanged copy passes."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
IMPORTLINTER = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract for contract in IMPORTLINTER["contracts"]}
FLOORS = CONTRACTS["floors"]
COMMON = CONTRACTS["common-imports-no-app"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _only_python(directory: str, names: list[str]) -> list[str]:
    return [
        name
        for name in names
        if name == "__pycache__"
        or (os.path.isfile(os.path.join(directory, name)) and not name.endswith(".py"))
    ]


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def packages(tmp_path: Path) -> Path:
    """Our packages' Python files and pyproject.toml, copied to a directory of their own."""
    for package in IMPORTLINTER["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=_only_python)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_function(module: Path, body: str) -> None:
    """A function at the end of `module` whose only line is `body` (an import)."""
    module.write_text(module.read_text() + f"\n\ndef _added_by_the_test() -> None:\n    {body}\n")


def test_the_unchanged_copy_keeps_every_contract(packages):
    result = _lint_imports(packages)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{FLOORS['name']} KEPT" in result.stdout
    assert f"{COMMON['name']} KEPT" in result.stdout


def test_an_upward_import_inside_a_function_breaks_the_floors(packages):
    # The kind of import this contract replaced: a lower app reaching up at call time.
    _add_function(packages / "credentials" / "views.py", "from badges import selectors")

    result = _lint_imports(packages)

    assert result.returncode != 0
    assert f"{FLOORS['name']} BROKEN" in result.stdout
    assert "credentials is not allowed to import badges" in result.stdout
    assert "credentials.views -> badges" in result.stdout


def test_common_importing_an_app_breaks_its_contract(packages):
    _add_function(packages / "common" / "events.py", "from accounts.models import User")

    result = _lint_imports(packages)

    assert result.returncode != 0
    assert f"{COMMON['name']} BROKEN" in result.stdout
    assert "common.events -> accounts.models" in result.stdout


def test_every_app_of_ours_stands_on_a_floor():
    """A new app is added to the contracts (the ADR says where): one that is not would be
    free to import anything."""
    ours = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT
    }
    on_floors = {
        name.strip() for layer in FLOORS["layers"] for name in layer.replace(":", "|").split("|")
    }
    assert ours | {"config"} == set(IMPORTLINTER["root_packages"])
    assert ours | {"config"} == on_floors
    assert (ours - {"common"}) | {"config"} == set(COMMON["forbidden_modules"])
