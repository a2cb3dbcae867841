import pytest

from tests.support.badges import SITE


@pytest.fixture(autouse=True)
def _site_url(settings, tmp_path):
    # Ids in documents must match what the test client resolves; images go to a temp dir.
    settings.SITE_URL = SITE
    settings.STORAGES = {
        **settings.STORAGES,
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "public"), "base_url": "/media/public/"},
        },
    }
    from badges import images

    images._class_cache.clear()
