"""The fixed cast every permission test speaks of, and shared helpers."""

from dataclasses import dataclass

import pytest
from django.core.cache import caches

from accounts.models import User
from organizations.models import Organization, Role
from organizations.services import membership_grant
from tests.browser import browser, page  # noqa: F401  (Chromium, one per session)
from tests.factories import UserFactory, make_org


@dataclass
class Cast:
    state: Organization
    district: Organization
    other_district: Organization
    school: Organization
    school2: Organization
    other_school: Organization
    issuer: Organization
    educator: User
    colleague: User  # same district, another school
    other_educator: User  # another district
    reviewer: User
    district_admin: User
    other_admin: User
    state_admin: User
    author: User
    staff: User
    outsider: User  # an account with no membership at all


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; one test's failures must not leak into the next
    # (nor one test's catalog into the next's fragment cache).
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


def _member(role: str, org: Organization, **kwargs) -> User:
    user = UserFactory(**kwargs)
    membership_grant(user=user, organization=org, role=role)
    return user


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


def make_cast() -> Cast:
    """The cast itself, for fixtures of a wider scope than one test (see tests/api)."""
    kind = Organization.Kind
    state = make_org(kind.STATE, "Test State")
    district = make_org(kind.DISTRICT, "North District", state)
    other_district = make_org(kind.DISTRICT, "South District", state)
    school = make_org(kind.SCHOOL, "Oak School", district)
    school2 = make_org(kind.SCHOOL, "Pine School", district)
    other_school = make_org(kind.SCHOOL, "Elm School", other_district)
    issuer = make_org(kind.ISSUER, "Test Issuer")
    return Cast(
        state=state,
        district=district,
        other_district=other_district,
        school=school,
        school2=school2,
        other_school=other_school,
        issuer=issuer,
        educator=_member(Role.EDUCATOR, school, email="educator@test.org"),
        colleague=_member(Role.EDUCATOR, school2, email="colleague@test.org"),
        other_educator=_member(Role.EDUCATOR, other_school, email="other@test.org"),
        reviewer=_member(Role.REVIEWER, issuer, email="reviewer@test.org"),
        district_admin=_member(Role.DISTRICT_ADMIN, district, email="admin@test.org"),
        other_admin=_member(Role.DISTRICT_ADMIN, other_district, email="admin2@test.org"),
        state_admin=_member(Role.DISTRICT_ADMIN, state, email="stateadmin@test.org"),
        author=_member(Role.AUTHOR, issuer, email="author@test.org"),
        staff=UserFactory(email="staff@test.org", is_staff=True),
        outsider=UserFactory(email="outsider@test.org"),
    )


@pytest.fixture(scope="session")
def s3_endpoint():
    """The moto S3 server of this run (started by scripts/test.sh, or here when run alone)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.servers import free_port, wait_for

    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if url:
        yield url
        return
    port = free_port()
    process = subprocess.Popen(
        # Our virtualenv's pinned moto, not whichever `moto_server` PATH finds first.
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/moto-api/")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.fixture
def s3_buckets(s3_endpoint):
    """Fresh evidence and public buckets on the S3 server; yields their names."""
    import uuid

    client = s3_client(s3_endpoint)
    suffix = uuid.uuid4().hex[:10]
    names = {"private": f"evidence-{suffix}", "public": f"public-{suffix}"}
    for name in names.values():
        client.create_bucket(Bucket=name)
    return names


# Every credential the session signs is verified again by an independent verifier at its end.
from tests.interop.sweep import verify_everything_signed  # noqa: E402, F401
