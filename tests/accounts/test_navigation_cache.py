"""The navigation's roles are cached per user (organizations/role_cache.py): pages that never
look at memberships skip that query, and a membership change shows at the next page."""

import pytest
from django.urls import reverse

from organizations.models import Membership, Role
from organizations.services import membership_end, membership_grant

pytestmark = pytest.mark.django_db

QUEUE_LINK = 'href="/reviews/"'


def _catalog(client) -> str:
    response = client.get(reverse("credentials:catalog"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_membership_shows_in_the_navigation_at_once(client, cast):
    client.force_login(cast.educator)
    assert QUEUE_LINK not in _catalog(client)  # cached now: educator only

    membership_grant(user=cast.educator, organization=cast.issuer, role=Role.REVIEWER)
    page = _catalog(client)
    assert QUEUE_LINK in page
    assert "Reviewer" in page  # the role labels of the account menu


def test_an_ended_membership_leaves_the_navigation_at_once(client, cast):
    client.force_login(cast.reviewer)
    assert QUEUE_LINK in _catalog(client)

    membership_end(membership=Membership.objects.get(user=cast.reviewer, role=Role.REVIEWER))
    assert QUEUE_LINK not in _catalog(client)


def test_a_deleted_membership_leaves_the_navigation_at_once(client, cast):
    client.force_login(cast.reviewer)
    assert QUEUE_LINK in _catalog(client)

    Membership.objects.filter(user=cast.reviewer, role=Role.REVIEWER).get().delete()
    assert QUEUE_LINK not in _catalog(client)


def test_roles_are_never_shared_between_users(client, cast):
    client.force_login(cast.reviewer)
    assert QUEUE_LINK in _catalog(client)
    client.force_login(cast.educator)
    assert QUEUE_LINK not in _catalog(client)


def test_the_cached_roles_spare_a_query(client, cast, django_assert_num_queries):
    client.force_login(cast.educator)
    _catalog(client)
    # The session: the user and the roles come from the cache (the catalog's HTML from its own).
    with django_assert_num_queries(1):
        _catalog(client)
    membership_grant(user=cast.educator, organization=cast.issuer, role=Role.REVIEWER)
    with django_assert_num_queries(2):  # the roles are read again once
        _catalog(client)
