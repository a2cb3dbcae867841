"""The site's icon: linked from every page, and /favicon.ico (asked for by browsers and tools
that do not read the link) leads to it instead of a 404 in the logs."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_pages_link_the_icon_and_favicon_ico_leads_to_it(client):
    page = client.get("/catalog/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
    icon = finders.find("img/favicon.svg")
    assert icon and Path(icon).read_text().startswith("<svg")
