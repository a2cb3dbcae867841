"""The official 1EdTech Open Badges 2.0 validator (badgecheck 1.2.0), in its own Python 3.11
venv installed by scripts/ob2-validator-setup.sh into .venv-ob2/ (PyPI at install time only;
a run is offline except for loopback)."""

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import ROOT

VALIDATOR_DIR = ROOT / ".venv-ob2"


@dataclass(frozen=True)
class Validator:
    python: Path
    wrapper: Path
    contexts: Path

    def run(self, *args: str) -> tuple[int, str, dict]:
        """Exit code (0 = valid), the summary on stderr, and the full JSON report."""
        handle, name = tempfile.mkstemp(suffix=".json", prefix="ob2-report-")
        os.close(handle)
        out = Path(name)
        process = subprocess.run(
            [
                str(self.python),
                str(self.wrapper),
                "--contexts",
                str(self.contexts),
                "--out",
                str(out),
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        text = out.read_text()
        out.unlink()
        report = json.loads(text) if text and process.returncode in (0, 1) else {}
        return process.returncode, process.stderr, report


def install_validator() -> Validator:
    """Install (idempotently; fast once done) the validator venv with the setup script."""
    setup = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ob2-validator-setup.sh"), str(VALIDATOR_DIR)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert setup.returncode == 0, f"validator setup failed:\n{setup.stdout}\n{setup.stderr}"
    found = Validator(
        python=VALIDATOR_DIR / "venv" / "bin" / "python",
        wrapper=VALIDATOR_DIR / "ob2_verify_offline.py",
        contexts=VALIDATOR_DIR / "contexts",
    )
    version = subprocess.run(
        [str(found.python), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "(3, 11)"
    return found
