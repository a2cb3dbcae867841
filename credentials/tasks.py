"""Background work on the catalog: drawing a published version's badge art.

The task takes an id, loads the row fresh, calls one service and owns its retries; it is
idempotent (the art is named by what it shows). Until it has run, pages show the default image.
"""

import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from common.storage import StorageUnavailable
from common.tasks import enqueue

from . import services
from .models import MicroCredentialVersion

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, OSError, StorageUnavailable)
MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, name="credentials.tasks.generate_badge_art")
def version_art_generate_task(self: Task, version_id: int) -> None:
    """Draw and store a micro-credential version's badge art (nothing when it is current)."""
    try:
        version = (
            MicroCredentialVersion.objects.select_related("credential__issuer", "focus_area")
            .filter(pk=version_id)
            .first()
        )
        if version is None:
            logger.warning("credentials: version %s does not exist; no art", version_id)
            return
        services.version_art_generate(version=version)
    except TRANSIENT as error:
        if self.request.retries >= MAX_RETRIES:
            logger.error("credentials: art of version %s: giving up (%s)", version_id, error)
            raise
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error


# At most this many per run: a catalog imported at once is drawn over a few runs.
SWEEP_BATCH = 200


@shared_task(acks_late=True, name="credentials.tasks.badge_art_sweep")
def badge_art_sweep_task() -> int:
    """Enqueue the art of published versions that have none yet (a lost message, or versions
    published before badge art existed); returns how many it enqueued."""
    missing = MicroCredentialVersion.objects.filter(
        status=MicroCredentialVersion.Status.PUBLISHED, art=""
    ).values_list("pk", flat=True)[:SWEEP_BATCH]
    for version_id in missing:
        enqueue(version_art_generate_task, version_id)
    return len(missing)
