"""`make run`'s stand-in for Celery beat: the embedded default has no broker, so this process
runs the beat schedule's tasks in process at their intervals (sweepers, claim expiry,
retention, digests). Production and `make stack` run real beat instead."""

import logging
import time
from datetime import datetime
from typing import Any, cast

from celery import current_app as app
from celery.schedules import maybe_schedule
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

# The project's Celery app (config/__init__.py makes it the current app as Django starts).

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the Celery beat schedule in this process (for the embedded default only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run every scheduled task once and exit."
        )
        parser.add_argument(
            "--raise",
            action="store_true",
            dest="raise_errors",
            help="Stop at a task's exception instead of logging it (the test settings always do).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            self.stderr.write("Tasks are not eager here: run celery beat and a worker instead.")
            return
        app.loader.import_default_modules()  # registers every app's tasks, as a worker does
        entries = {
            name: maybe_schedule(cast(Any, entry["schedule"]), app=app)  # type: ignore[call-arg]
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        }
        self.raise_errors = bool(options["raise_errors"] or settings.PERIODIC_TASKS_RAISE)
        started = timezone.now()
        last_run: dict[str, datetime] = dict.fromkeys(entries, started)
        if options["once"]:
            for name in entries:
                self._run(name)
            return
        self.stdout.write(f"Running {len(entries)} periodic tasks in process.")
        while True:
            next_check = 60.0
            for name, schedule in entries.items():
                due, wait = schedule.is_due(last_run[name])
                if due:
                    last_run[name] = timezone.now()
                    self._run(name)
                next_check = min(next_check, max(float(wait), 1.0))
            time.sleep(next_check)

    def _run(self, name: str) -> None:
        entry = settings.CELERY_BEAT_SCHEDULE[name]
        task_name = str(entry["task"])
        kwargs = cast(dict[str, Any], entry.get("kwargs") or {})  # as beat sends them
        try:
            app.tasks[task_name].apply(kwargs=kwargs, throw=True)
        except Exception:
            if self.raise_errors:
                raise
            # One failing job must not stop the others; the log says which and why.
            logger.exception("periodic task %s failed", task_name)
