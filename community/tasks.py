"""The community app's tasks (registered as community.tasks.<name>): Celery discovers this."""

from .peer_tasks import peer_comment_email_task, peer_share_email_task

__all__ = ["peer_comment_email_task", "peer_share_email_task"]
