"""Celery queues by workload, so a burst of one kind of work never delays another.

Video transcoding can keep a worker busy for minutes per file; a badge, an email or a webhook
takes well under a second. On one queue, twenty uploaded videos would hold back every badge and
email behind them. Each workload below has its own queue and its own worker(s) (docker-compose,
`make stack`); what is not listed (the sweepers and housekeeping) runs on the default queue.

Queue names: the workload's name when the default queue is Celery's own "celery" (production,
docker-compose); otherwise `<default queue>-<workload>`, so that a run that isolates itself on a
queue of its own (the tests, `make stack`, the benchmarks set CELERY_TASK_DEFAULT_QUEUE) isolates
all of its queues. Every task is classified here (tests/config/test_queues.py fails otherwise).
"""

WORKLOADS: dict[str, tuple[str, ...]] = {
    "media": (
        "submissions.tasks.process_artifact",
        "submissions.tasks.purge_artifact_files",
    ),
    "badges": (
        "badges.tasks.issue_badge_for_submission",
        "badges.tasks.check_stack_badges",
        "badges.tasks.badges_sweep",
        # Drawing a badge image takes a fraction of a second: badge work, not video work.
        "credentials.tasks.generate_badge_art",
    ),
    "email": (
        "badges.tasks.send_badge_email",
        "badges.tasks.send_renewal_reminders",
        "community.tasks.peer_comment_email",
        "community.tasks.peer_share_email",
        "community.tasks.send_announcement_email",
        "community.tasks.send_invitation_email",
        "community.tasks.send_mention_digests",
        "community.tasks.send_mention_email",
        "organizations.tasks.roster_notify",
        "recognition.tasks.credit_flag_email_approvers",
        "recognition.tasks.credit_request_email_approvers",
        "recognition.tasks.credit_request_send_email",
        "reviews.tasks.send_adjudication_email",
        "reviews.tasks.send_claimed_email",
        "reviews.tasks.send_daily_digests",
        "reviews.tasks.send_decision_email",
        "reviews.tasks.send_overdue_alerts",
        "submissions.notifications.send_submission_received",
        "submissions.tasks.team_email_send",
    ),
    "webhooks": (
        "organizations.tasks.webhook_deliver",
        "organizations.tasks.webhooks_sweep",
    ),
    "reports": (
        "organizations.tasks.roster_import_apply",
        "organizations.tasks.roster_imports_sweep",
    ),
}

# On the default queue by choice: sweepers that only look and re-enqueue, and housekeeping.
DEFAULT_QUEUE_TASKS: tuple[str, ...] = (
    "accounts.tasks.clear_expired_sessions",
    "accounts.tasks.send_deferred_tasks",
    "credentials.tasks.badge_art_sweep",
    "reviews.tasks.expire_claims",
    "submissions.tasks.artifacts_sweep",
    "submissions.tasks.evidence_retention",
)


def queue_name(default_queue: str, workload: str) -> str:
    return workload if default_queue == "celery" else f"{default_queue}-{workload}"


def all_queues(default_queue: str) -> list[str]:
    """Every queue a deployment on `default_queue` has: the default one first."""
    return [default_queue, *(queue_name(default_queue, workload) for workload in WORKLOADS)]


def task_routes(default_queue: str) -> dict[str, dict[str, str]]:
    """CELERY_TASK_ROUTES: each classified task name to its workload's queue."""
    return {
        task: {"queue": queue_name(default_queue, workload)}
        for workload, tasks in WORKLOADS.items()
        for task in tasks
    }


if __name__ == "__main__":  # `python -m config.queues [workload ...]`: -Q for a worker
    import os
    import sys

    default = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
    wanted = sys.argv[1:]
    if not wanted:
        print(",".join(all_queues(default)))
    else:
        names = {"default": default, **{w: queue_name(default, w) for w in WORKLOADS}}
        print(",".join(names[workload] for workload in wanted))
