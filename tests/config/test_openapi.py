"""The OpenAPI schema is committed (docs/api/openapi.yaml): integrators diff it between releases.

This test fails when the API changes without the committed schema being regenerated with
`manage.py spectacular --file docs/api/openapi.yaml --validate --fail-on-warn`.
"""

import subprocess
import sys

from tests.support.servers import ROOT

COMMITTED = ROOT / "docs" / "api" / "openapi.yaml"


def test_generated_schema_equals_the_committed_one_and_validates(tmp_path):
    generated = tmp_path / "openapi.yaml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--file", str(generated), "--validate",
         "--fail-on-warn", "--settings", "config.settings.test"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert generated.read_text() == COMMITTED.read_text(), (
        "The API changed: regenerate docs/api/openapi.yaml (see this test's docstring)."
    )


def test_schema_is_served_and_documents_the_contract(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/micro-credentials/",
        "/api/v1/submissions/{public_id}/submit/",
        "/api/v1/review-queue/claim/",
        "/api/v1/badges/",
        "/api/v1/organizations/{id}/progress/",
    ):
        assert any(p.startswith(path.split("{")[0]) for p in paths), path
