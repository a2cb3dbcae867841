"""The beat schedule names real tasks, and the in-process runner of `make run` never hides a
task's exception from a test."""

import logging
import re

import pytest
from django.core.management import call_command

from config.celery_app import app

FAILING = "accounts.tasks.clear_expired_sessions"


def test_every_beat_schedule_entry_names_a_registered_task(settings):
    app.loader.import_default_modules()  # what a worker does before it takes a message
    unknown = {
        name: entry["task"]
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        if entry["task"] not in app.tasks
    }
    assert settings.CELERY_BEAT_SCHEDULE and unknown == {}


@pytest.fixture
def failing_task(settings, monkeypatch):
    """The schedule holds one task, and it fails (a fault injected into a real task)."""
    app.loader.import_default_modules()
    settings.CELERY_BEAT_SCHEDULE = {"sessions": {"task": FAILING, "schedule": 60.0}}

    def boom(*args, **kwargs):
        raise RuntimeError("the session store is broken")

    monkeypatch.setattr(app.tasks[FAILING], "run", boom)


@pytest.mark.django_db
def test_under_the_test_settings_a_failing_task_fails_the_runner(failing_task):
    with pytest.raises(RuntimeError, match="the session store is broken"):
        call_command("run_periodic_tasks", once=True)


@pytest.mark.django_db
def test_the_raise_flag_stops_at_a_failing_task(failing_task, settings):
    settings.PERIODIC_TASKS_RAISE = False
    with pytest.raises(RuntimeError, match="the session store is broken"):
        call_command("run_periodic_tasks", "--once", "--raise")


@pytest.mark.django_db
def test_make_run_logs_a_failing_task_and_goes_on(failing_task, settings, caplog, monkeypatch):
    settings.PERIODIC_TASKS_RAISE = False
    settings.CELERY_BEAT_SCHEDULE = {
        **settings.CELERY_BEAT_SCHEDULE,
        "claims": {"task": "reviews.tasks.expire_claims", "schedule": 60.0},
    }
    for name in ("common.management.commands.run_periodic_tasks", "celery.app.trace"):
        # The project's logging config does not propagate these to the root logger.
        monkeypatch.setattr(logging.getLogger(name), "handlers", [caplog.handler])
    with caplog.at_level(logging.INFO):
        call_command("run_periodic_tasks", once=True)
    assert f"periodic task {FAILING} failed" in caplog.text
    assert re.search(r"Task reviews\.tasks\.expire_claims\[.*\] succeeded", caplog.text)
