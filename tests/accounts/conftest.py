import pytest

from tests.support.badges import SITE


@pytest.fixture
def badge_site(settings, tmp_path):
    """Badges issued for real (signed, baked) into a throwaway public storage."""
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
