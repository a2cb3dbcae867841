"""The catalog page, served by recognition (ADR 0022, option 1): credentials' catalog with what
each micro-credential counts for, and a signed-in educator's "Counts for" filter.

credentials knows nothing of recognition: this view passes it the restriction as data (the
credential ids, a filter template, a cache key), and the cards load recognition's tags.
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from accounts.models import User
from credentials import cache
from credentials.views import CatalogRestriction, catalog_response

from . import selectors
from .forms import CountsForForm


@require_GET
def catalog(request: HttpRequest) -> HttpResponse:
    """Published micro-credentials; signed in, "Counts for" keeps those that count for an
    outcome (license renewal hours, salary credit...) under a body serving the educator."""
    return catalog_response(request, _restriction(request))


def _restriction(request: HttpRequest) -> CatalogRestriction:
    user = request.user
    if not user.is_authenticated:
        # The same for every visitor: no filter, cards in body order.
        return CatalogRestriction(key="anonymous")
    own = _own_body_ids(user)
    form = CountsForForm(request.GET)
    outcome = ""
    notes: tuple[str, ...] = ()
    if form.is_valid():
        outcome = form.cleaned_data["counts_for"]
    else:
        notes = ("“Counts for” was ignored: there is no such kind of credit.",)
    ids = frozenset(selectors.credential_ids_counting_for(user, outcome)) if outcome else None
    # Cards order each credential's bodies by the viewer's own ones, and the restriction is the
    # viewer's: both name the cached HTML, so no one is served another person's catalog.
    fingerprint = hashlib.sha256(repr((own, sorted(ids) if ids is not None else None)).encode())
    return CatalogRestriction(
        key=f"educator:{fingerprint.hexdigest()}",
        credential_ids=ids,
        filters_template="recognition/_catalog_filter.html",
        context={"counts_for_form": form},
        notes=notes,
    )


# Only the order of the cards' bodies depends on it: a membership that changes shows within this.
OWN_BODIES_SECONDS = 10 * 60


def _own_body_ids(user: User) -> list[int]:
    """The viewer's own bodies, kept under the catalog's generation (a rule or body saved
    replaces it), so a catalog page served from its cache costs no query for them."""
    return cache.cached(
        f"recognition:own-bodies:{user.pk}",
        lambda: sorted(
            body.pk for body in selectors.bodies_serving(user) if getattr(body, "own", False)
        ),
        keep=lambda _ids: True,
        timeout=OWN_BODIES_SECONDS,
    )
