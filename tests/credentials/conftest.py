"""The demo catalog, seeded once per test module rather than once per test; a focus area to
author in and a signed-in author."""

from collections.abc import Iterator
from dataclasses import fields
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from credentials.models import FocusArea
from demo.catalog import seed_demo_catalog
from tests.support.authoring import make_area
from tests.support.cast import Cast, make_cast


@pytest.fixture(scope="module")
def _demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[Cast]:
    """The cast and the 27-credential demo catalog, inside a transaction that spans the module.

    Each test's own transaction nests in this one as a savepoint (as Django's setUpTestData
    does), so a test's writes are rolled back after it and the catalog is seeded only once;
    the module's transaction is rolled back at its end, leaving the database as it was.
    """
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            cast = make_cast()
            seed_demo_catalog(issuer=cast.issuer, author=None)
            yield cast
        finally:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_world: Cast, db: None) -> Cast:
    """The module's cast, read afresh so that no test sees another's changes to its objects."""
    return Cast(
        **{
            field.name: type(value).objects.get(pk=value.pk)
            for field in fields(Cast)
            for value in [getattr(_demo_world, field.name)]
        }
    )


@pytest.fixture
def area(db) -> FocusArea:
    return make_area()


@pytest.fixture
def author_client(client, cast) -> Client:
    client.force_login(cast.author)
    return client
