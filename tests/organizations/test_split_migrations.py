"""The split of organizations into rosters, integrations and reporting (organizations 0005 to
0007 and the new apps' 0001) moves models in Django's state only: a database migrated by the
release before it, with rows in every moved table, migrates forward without a statement run
against those tables, and the rows read through the new apps' models."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from integrations.models import OrganizationApiKey, WebhookDelivery, WebhookEndpoint
from reporting.models import Assignment
from rosters.models import RosterImport, RosterImportRow
from tests.support.credentials import published_credential
from tests.support.factories import UserFactory, make_org

# The last migration of organizations before the split: where the previous release left it.
BEFORE_SPLIT = [("organizations", "0004_webhook_secret_encrypted")]
MOVED = {
    "integrations": ["OrganizationApiKey", "WebhookEndpoint", "WebhookDelivery"],
    "rosters": ["RosterImport", "RosterImportRow"],
    "reporting": ["Assignment"],
}
SPLIT_MIGRATIONS = {
    ("organizations", "0005_move_keys_and_webhooks_to_integrations"),
    ("organizations", "0006_move_roster_imports_to_rosters"),
    ("organizations", "0007_move_assignments_to_reporting"),
    ("integrations", "0001_initial"),
    ("rosters", "0001_initial"),
    ("reporting", "0001_initial"),
}


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def _forward_everything() -> list[tuple[str, str]]:
    """Migrate every app to its latest migration; returns the migrations that ran."""
    executor = _executor()
    targets = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    executor.migrate(targets)
    return [(migration.app_label, migration.name) for migration, _backwards in plan]


def _statements_of(plan_targets: list[tuple[str, str]]) -> list[str]:
    """The SQL the forward plan to these targets would run, without its comments."""
    executor = _executor()
    plan = executor.migration_plan(plan_targets)
    return [
        statement
        for statement in executor.loader.collect_sql(plan)
        if not statement.lstrip().startswith("--")
    ]


def _rows_of_the_previous_release(old_apps, *, district, school, educator, admin, credential):
    """One row in every table that moves, written with the models as they were then."""
    Old = {
        name: old_apps.get_model("organizations", name)
        for names in MOVED.values()
        for name in names
    }
    roster_import = Old["RosterImport"].objects.create(
        organization_id=district.pk,
        created_by_id=admin.pk,
        format="simple",
        filename="staff.csv",
        status="applied",
        summary={"create": 1},
    )
    Old["RosterImportRow"].objects.create(
        roster_import=roster_import,
        position=0,
        source="line 2",
        kind="user",
        action="create",
        label="new.hire@example.org",
        data={"email": "new.hire@example.org"},
    )
    assignment = Old["Assignment"].objects.create(
        organization_id=district.pk,
        assigned_by_id=admin.pk,
        school_id=school.pk,
        credential_id=credential.pk,
        kind="required",
        due_on=timezone.localdate() + timedelta(days=30),
        note="Before June",
    )
    key = Old["OrganizationApiKey"].objects.create(
        organization_id=district.pk,
        name="SIS",
        scopes=["progress:read"],
        prefix="mco_abcdefgh",
        digest="d" * 64,
    )
    endpoint = Old["WebhookEndpoint"].objects.create(
        organization_id=district.pk,
        url="https://hooks.example.org/in",
        # As organizations 0004 wrote it: encrypted under SECRET_KEY (common/crypto.py).
        secret_encrypted=WebhookEndpoint(secret="whsec_from-the-previous-release").secret_encrypted,
        event_types=["badge.awarded"],
    )
    delivery = Old["WebhookDelivery"].objects.create(
        endpoint=endpoint,
        event_id="6f1c2b9e-8d0a-4a56-9f5e-2d7c1b3a4e5f",
        event_type="badge.awarded",
        payload={"id": "6f1c2b9e-8d0a-4a56-9f5e-2d7c1b3a4e5f", "type": "badge.awarded"},
        status="delivered",
        attempts=1,
    )
    return {
        "roster_import": roster_import.pk,
        "assignment": assignment.pk,
        "key": key.pk,
        "endpoint": endpoint.pk,
        "delivery": delivery.pk,
        "educator": educator.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_migrates_forward_and_keeps_its_rows():
    district = make_org("district", "Split District")
    school = make_org("school", "Split School", district)
    issuer = make_org("issuer", "Split Issuer")
    educator, admin = UserFactory(), UserFactory()
    credential = published_credential(issuer, "split-checks", with_artifact=False)
    tables = {model._meta.db_table for model in (
        RosterImport, RosterImportRow, Assignment, OrganizationApiKey, WebhookEndpoint,
        WebhookDelivery,
    )}  # fmt: skip
    assert all(table.startswith("organizations_") for table in tables)

    executor = _executor()
    executor.migrate(BEFORE_SPLIT)
    try:
        old_apps = executor.loader.project_state(BEFORE_SPLIT).apps
        ids = _rows_of_the_previous_release(
            old_apps,
            district=district,
            school=school,
            educator=educator,
            admin=admin,
            credential=credential,
        )
        old_content_type = ContentType.objects.get(app_label="organizations", model="assignment")
        # The split's own migrations (later releases may add tables of their own).
        statements = _statements_of(sorted(SPLIT_MIGRATIONS))
        applied = _forward_everything()
    finally:
        _forward_everything()  # after a failure too: the next tests find the schema as it was

    # Moving on ran nothing against the tables: no rename, no copy, no DDL.
    assert statements == []
    assert set(applied) >= SPLIT_MIGRATIONS
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    assert tables <= existing
    # No moved model got a table of its new app's name (later releases add tables of their own).
    renamed = {f"{app}_{model.lower()}" for app, models in MOVED.items() for model in models}
    assert not renamed & existing

    roster_import = RosterImport.objects.get(pk=ids["roster_import"])
    assert roster_import.organization == district and roster_import.filename == "staff.csv"
    assert roster_import.status == RosterImport.Status.APPLIED
    assert [row.label for row in roster_import.rows.all()] == ["new.hire@example.org"]
    assignment = Assignment.objects.get(pk=ids["assignment"])
    assert (assignment.school, assignment.credential) == (school, credential)
    assert assignment.note == "Before June" and assignment.kind == Assignment.Kind.REQUIRED
    assert OrganizationApiKey.objects.get(pk=ids["key"]).scopes == ["progress:read"]
    endpoint = WebhookEndpoint.objects.get(pk=ids["endpoint"])
    assert endpoint.secret == "whsec_from-the-previous-release"
    delivery = WebhookDelivery.objects.get(pk=ids["delivery"])
    assert delivery.endpoint == endpoint and delivery.status == WebhookDelivery.Status.DELIVERED
    # The moved models keep their content types (admin history, permissions).
    ContentType.objects.clear_cache()
    moved = ContentType.objects.get(pk=old_content_type.pk)
    assert (moved.app_label, moved.model) == ("reporting", "assignment")
    assert ContentType.objects.get_for_model(Assignment).pk == old_content_type.pk
    # New rows in the same tables keep counting from where the old ones left off.
    newer = Assignment.objects.create(
        organization=district, school=school, credential=credential, kind="recommended"
    )
    assert newer.pk > assignment.pk
