"""The kept-task outbox moved from accounts to common (accounts 0005, common 0001) in Django's
state only: a row the previous release kept is read through common's model, in the same table,
and nothing is run against the table on the way."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from common.models import DeferredTask

BEFORE_THE_MOVE = [("accounts", "0004_deferred_task_due_at")]
THE_MOVE = {("accounts", "0005_deferred_task_moves_to_common"), ("common", "0001_deferred_task")}


def _forward_everything() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_message_kept_by_the_previous_release_is_read_after_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    try:
        Old = executor.loader.project_state(BEFORE_THE_MOVE).apps.get_model(
            "accounts", "DeferredTask"
        )
        kept = Old.objects.create(task_name="badges.tasks.send_badge_email", args=[7, "issued"])
        later = MigrationExecutor(connection)
        plan = later.migration_plan(later.loader.graph.leaf_nodes())
        statements = [
            sql
            for sql in later.loader.collect_sql(
                [(m, backwards) for m, backwards in plan if (m.app_label, m.name) in THE_MOVE]
            )
            if not sql.lstrip().startswith("--")
        ]
    finally:
        _forward_everything()

    assert statements == []  # no rename, no copy, no DDL
    assert DeferredTask._meta.db_table == "accounts_deferredtask"
    row = DeferredTask.objects.get(pk=kept.pk)
    assert (row.task_name, row.args) == ("badges.tasks.send_badge_email", [7, "issued"])
