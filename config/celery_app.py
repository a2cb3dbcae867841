"""The Celery application. Workers and beat start with `celery -A config.celery_app ...`."""

import os
from typing import Any

from celery import Celery
from celery.signals import celeryd_after_setup
from django.conf import settings

from common.cpu_priority import lower_priority
from config.queues import queue_name

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("microcred")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_after_setup.connect
def media_worker_yields_cpu(sender: str, instance: Any, **kwargs: Any) -> None:
    """A worker that serves only the media queue runs at EVIDENCE_PROCESSING_NICE, its pool and
    its transcodes with it (the pool starts after this signal), so that twenty videos leave the
    cores to the badges and email workers whenever those have work (issue 26)."""
    media = queue_name(instance.app.conf.task_default_queue, "media")
    if set(instance.app.amqp.queues.consume_from) == {media}:
        lower_priority(settings.EVIDENCE_PROCESSING_NICE)
