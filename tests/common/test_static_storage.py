"""The manifest storage with url() memoized (common/static_storage.py): the manifest's hashed
names, unhashed under DEBUG, a missing file refused every time."""

import json

import pytest
from django.test import override_settings

from common.static_storage import MemoizedManifestStaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/app.css": "css/app.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return MemoizedManifestStaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_the_hashed_name_from_the_manifest_every_time(storage) -> None:
    for _ in range(2):
        assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"


def test_debug_serves_the_unhashed_name_and_back(storage) -> None:
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
    with override_settings(DEBUG=True):
        assert storage.url("css/app.css") == "/static/css/app.css"
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage) -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
