"""Reading the demo data files under demo/data/ (their shapes: demo/data/schema/)."""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
MICRO_CREDENTIALS_DIR = DATA_DIR / "micro-credentials"
SCHEMA_DIR = DATA_DIR / "schema"


def read(path: Path) -> Any:
    """One data file. Decimals (CEUs) are read as Decimal, never as float."""
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def micro_credential_files() -> list[Path]:
    """One file per micro-credential, named after its slug, in name order."""
    return sorted(MICRO_CREDENTIALS_DIR.glob("*.json"))
