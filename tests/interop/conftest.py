"""The badge fixtures: documents on http://testserver, images in a temporary directory."""

from tests.badges.conftest import _site_url, issuer_staff  # noqa: F401  (fixtures)
