"""common.http.request_user: the signed-in account of a request, never AnonymousUser."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from common.http import request_user
from tests.support.factories import UserFactory


@pytest.mark.django_db
def test_the_signed_in_account():
    request = RequestFactory().get("/")
    request.user = user = UserFactory()
    assert request_user(request) is user


def test_nobody_signed_in_is_refused_rather_than_acted_for():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        request_user(request)
