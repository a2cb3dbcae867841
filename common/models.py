"""The shared floor's one table: task messages kept until their work is safe (common/tasks.py)."""

from typing import ClassVar

from django.db import models


class DeferredTask(models.Model):
    """A task message kept in the database until its work is safe (common/tasks.py).

    Two kinds of row. A message the broker could not take when its work was committed (Redis
    away): `due_at` empty, sent again by a periodic job once the broker answers. And the
    message of a task that no sweeper would redo (`keep_until_done`: the emails, file purges,
    roster notices), written with the change it follows and deleted when the task has run: if
    the broker drops it (Redis restarted empty), it is still here at `due_at` and is sent again.
    Every task is idempotent, so a second copy costs nothing."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    # Empty: send at the next run. Set: in flight; send again if still here then.
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)  # sends the broker accepted
    last_error = models.TextField(blank=True)

    class Meta:
        # The table the accounts app created: the model moved here, its rows did not move.
        db_table = "accounts_deferredtask"
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)!r}"
