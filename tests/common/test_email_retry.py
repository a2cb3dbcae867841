"""The one retry rule of every email task (common.tasks.email_send_or_retry), on a real Celery
task run in process (eagerly, so each retry runs at once instead of after its delay): a failing
send is tried again with backoff (30 s, doubling, at most an hour); after EMAIL_MAX_RETRIES the
error surfaces (and the task's keeper row stays for the sweeper)."""

import logging
import re

import pytest
from celery import Task, current_app, shared_task

from common.tasks import EMAIL_MAX_RETRIES, email_send_or_retry

failures = {"before_success": 0}
attempts: list[int] = []


def _send() -> None:
    attempts.append(1)
    if len(attempts) <= failures["before_success"]:
        raise OSError("SMTP refused")


@shared_task(bind=True, name="tests.common.email_retry_probe")
def email_retry_probe(self: Task) -> None:
    email_send_or_retry(self, _send, about="probe")


@pytest.fixture(autouse=True)
def _fresh():
    attempts.clear()
    propagates = current_app.conf.task_eager_propagates
    current_app.conf.task_eager_propagates = False  # the result says how it ended
    yield
    current_app.conf.task_eager_propagates = propagates


def _delays(caplog) -> list[int]:
    return [int(m) for m in re.findall(r"probe: email failed .*? retrying in (\d+) s", caplog.text)]


def test_a_send_that_works_is_sent_once(caplog):
    failures["before_success"] = 0
    assert email_retry_probe.apply().successful()
    assert len(attempts) == 1
    assert _delays(caplog) == []


def test_a_send_that_fails_twice_is_tried_again_until_it_succeeds(caplog):
    failures["before_success"] = 2
    caplog.set_level(logging.WARNING, "common.tasks")
    assert email_retry_probe.apply().successful()
    assert len(attempts) == 3
    assert _delays(caplog) == [30, 60]


def test_a_send_that_always_fails_gives_up_after_the_last_retry_with_its_error(caplog):
    failures["before_success"] = 10_000
    caplog.set_level(logging.WARNING, "common.tasks")
    result = email_retry_probe.apply()
    assert result.failed()
    assert isinstance(result.result, OSError)
    assert len(attempts) == EMAIL_MAX_RETRIES + 1
    assert _delays(caplog) == [30, 60, 120, 240, 480, 960, 1920, 3600]
    # The last failure says that it was the last, not that another try is coming.
    assert "probe: email failed (SMTP refused), the last of its tries: giving up" in caplog.text
