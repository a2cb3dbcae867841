"""The catalog tests' shared measures (query counts), requests and a catalog of our own size."""

import re
from decimal import Decimal

from credentials.models import Competency, FocusArea, GradeBand, MicroCredential, Subject
from credentials.services import (
    credential_create,
    criterion_add,
    reference_data_ensure,
    requirement_add,
    version_publish,
)

# Anonymous catalog page: 4 facet lists, the count, one page of versions, grade bands, subjects,
# and what the page's micro-credentials count for (recognition's rules, one query per page).
CATALOG_PAGE_QUERIES = 9
# Signed in, the layout adds the session, the user and the navigation's roles; recognition adds
# the viewer's own bodies (they order the cards' bodies and name the cached HTML; cached after).
CATALOG_PAGE_QUERIES_SIGNED_IN = CATALOG_PAGE_QUERIES + 5
# What a search adds. It runs in a transaction of its own that sets the planner's page cost
# (selectors.search_planning): inside a test's transaction a savepoint, the setting read, set
# and given back, the release (in a request, autocommit, only the SET is a statement). And its
# page is ranked on ids first, then read (selectors.CatalogPaginator). And whether full-text
# search fills a page before typo matches are looked for (selectors._few_full_text, ADR 0031).
SEARCH_QUERIES = 5 + 1 + 1
# Count, one page of versions, their grade bands and subjects; and the page's rules for what
# each counts for (`recognitions`: the list is served by recognition/api/catalog_views.py).
LIST_QUERIES = 4 + 1
HTMX = {"HX-Request": "true", "HX-Target": "catalog-results"}


def publish_credentials(issuer, count: int, *, prefix: str = "routine") -> list[MicroCredential]:
    """`count` small published micro-credentials (Mathematics and Science, K-2 and 3-5, 10 h)."""
    reference_data_ensure()
    area, _ = FocusArea.objects.get_or_create(slug="feedback", defaults={"name": "Feedback"})
    competency, _ = Competency.objects.get_or_create(
        focus_area=area, name="Feedback loops", defaults={"statement": "Feedback students use."}
    )
    bands = list(GradeBand.objects.filter(code__in=["K-2", "3-5"]))
    subjects = list(Subject.objects.filter(slug__in=["mathematics", "science"]))
    credentials = []
    for number in range(count):
        version = credential_create(
            issuer=issuer,
            slug=f"{prefix}-{number}",
            title=f"Feedback routine {number}",
            focus_area=area,
            competency=competency,
            key_method="Give feedback that students act on within the lesson.",
            pd_hours=Decimal(10),
            grade_bands=bands,
            subjects=subjects,
            by=None,
        )
        scored = [
            requirement_add(
                version=version, part=part, title=f"Part {part}", prompt="Show it.", kind="text"
            )
            for part in (1, 2, 3)
        ]
        levels = [
            {"name": "Not yet", "description": "Missing.", "passing": False},
            {"name": "Proficient", "description": "Shown.", "passing": True},
        ]
        criterion_add(version=version, title="Evidence", requirements=scored, levels=levels)
        credentials.append(version_publish(version=version, by=None).credential)
    return credentials


def card_titles(body: str) -> list[str]:
    return re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', body)


def page_html(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def api_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()
