"""Reporting's reads can go to a read replica (DATABASE_REPLICA_URL; common/db.py), shown with a
second database on the same server that holds rows the primary does not: the dashboard and the
exports read the replica's, permissions and writes stay on the primary."""

import csv
import io

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from common.db import REPLICA, replica_reads
from organizations.models import Membership, Organization, Role

pytestmark = pytest.mark.django_db(databases=["default", REPLICA])


@pytest.fixture
def replica_only_teacher(cast) -> User:
    """The district's organizations copied to the replica, and a teacher only it knows of."""
    for org in (cast.state, cast.district, cast.school):
        Organization.objects.using(REPLICA).create(
            pk=org.pk,
            public_id=org.public_id,
            kind=org.kind,
            name=org.name,
            slug=org.slug,
            parent_id=org.parent_id,
            path=org.path,
        )
    teacher = User(email="replica-only@test.org", display_name="Replica Only")
    teacher.save(using=REPLICA)
    Membership(user=teacher, organization_id=cast.school.pk, role=Role.EDUCATOR).save(using=REPLICA)
    return teacher


def _emails(response) -> set[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["Email"] for row in csv.DictReader(io.StringIO(text))}


def test_exports_read_the_replica_when_it_is_turned_on(
    client, cast, replica_only_teacher, settings
):
    client.force_login(cast.district_admin)
    url = reverse("organizations:export_progress", args=["csv"])

    settings.REPORTING_READS_FROM_REPLICA = False
    on_primary = _emails(client.get(url))
    settings.REPORTING_READS_FROM_REPLICA = True
    on_replica = _emails(client.get(url))

    assert cast.educator.email in on_primary and "replica-only@test.org" not in on_primary
    assert on_replica == {"replica-only@test.org"}


def test_the_dashboard_reads_the_replica(client, cast, replica_only_teacher, settings):
    settings.REPORTING_READS_FROM_REPLICA = True
    client.force_login(cast.district_admin)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("organizations:dashboard"))
    assert response.status_code == 200
    assert b"replica-only@test.org" in response.content
    assert cast.educator.email.encode() not in response.content
    assert len(on_replica) > 0


def test_writes_and_everything_else_stay_on_the_primary(cast, settings):
    settings.REPORTING_READS_FROM_REPLICA = True
    with replica_reads():
        created = User.objects.create(email="written@test.org", display_name="Written")
    assert User.objects.using("default").filter(pk=created.pk).exists()
    assert not User.objects.using(REPLICA).filter(email="written@test.org").exists()
    # Outside replica_reads(), reads are the primary's.
    assert User.objects.filter(email="written@test.org").exists()
