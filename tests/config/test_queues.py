"""Celery queues by workload (config/queues.py): every task is classified, routed to its
workload's queue, and every queue has its own worker in docker-compose.yml and `make stack`."""

import re

import yaml
from django.conf import settings

from config.celery_app import app
from config.queues import DEFAULT_QUEUE_TASKS, WORKLOADS, all_queues, queue_name
from tests.support.servers import ROOT


def _our_tasks() -> set[str]:
    """The apps' tasks (Celery's own and those a test defines are not deployed)."""
    app.loader.import_default_modules()
    apps = set(settings.INSTALLED_APPS)
    return {name for name in app.tasks if name.split(".")[0] in apps}


def test_every_task_is_classified_once():
    listed = [task for tasks in WORKLOADS.values() for task in tasks] + list(DEFAULT_QUEUE_TASKS)
    assert len(listed) == len(set(listed)), "a task is listed twice"
    assert set(listed) == _our_tasks(), (
        "classify new tasks in config/queues.py (and drop names that no longer exist): "
        f"unlisted {sorted(_our_tasks() - set(listed))}, stale {sorted(set(listed) - _our_tasks())}"
    )


def test_tasks_are_sent_to_their_workloads_queue():
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    router = app.amqp.router
    for workload, tasks in WORKLOADS.items():
        for task in tasks:
            assert router.route({}, task)["queue"].name == queue_name(default, workload)
    for task in DEFAULT_QUEUE_TASKS:
        assert router.route({}, task)["queue"].name == default


def test_production_queue_names_and_isolated_ones():
    assert all_queues("celery") == ["celery", "media", "badges", "email", "webhooks", "reports"]
    assert all_queues("run-1")[1:] == [f"run-1-{w}" for w in WORKLOADS]


def test_each_queue_has_its_own_worker_in_docker_compose():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    consumed: dict[str, str] = {}
    for name, service in services.items():
        command = service.get("command") or []
        if "worker" not in command:
            continue
        queues = command[command.index("-Q") + 1].split(",")
        for queue in queues:
            assert queue not in consumed, f"{queue} is consumed by {consumed[queue]} and {name}"
            consumed[queue] = name
        assert len(queues) == 1, f"{name} should serve one workload"
    assert sorted(consumed) == sorted(all_queues("celery"))


def test_make_stack_starts_a_worker_per_workload():
    script = (ROOT / "scripts" / "stack.sh").read_text()
    started = re.findall(r"^start_worker \S+ \S+ (.+)$", script, re.MULTILINE)
    assert sorted(w for line in started for w in line.split()) == sorted(["default", *WORKLOADS])
