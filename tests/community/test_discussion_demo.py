"""The demo discussion (demo/data/discussion.json) lands in the Riverside cohort once: its
threads by the people the file names, replies in place, the welcome thread pinned."""

import datetime

import pytest

from community import services
from community.models import CohortMembership, Thread
from demo.discussion import DISCUSSION_FILE, seed_demo_discussion
from demo.files import read
from organizations.models import Role
from tests.support.cast import Cast, make_member
from tests.support.credentials import published_credential
from tests.support.discussion import join

pytestmark = pytest.mark.django_db


def test_the_demo_threads_are_seeded_once_into_the_named_cohort(cast: Cast) -> None:
    data = read(DISCUSSION_FILE)
    assert seed_demo_discussion() == 0  # no cohort yet: nothing to add
    credential = published_credential(cast.issuer, "exit-tickets-that-drive-instruction")
    cohort = services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name=data["cohort"],
        starts_on=datetime.date(2027, 1, 10),
        ends_on=datetime.date(2027, 5, 30),
        micro_credentials=[credential],
    )
    people = {
        "educator@example.com": "member",
        "educator2@example.com": "member",
        "facilitator@example.com": CohortMembership.Role.FACILITATOR,
    }
    for email, role in people.items():
        person = make_member(Role.EDUCATOR, cast.school, email=email, display_name=email[:9])
        join(cohort, person, cast.district_admin, role=role)

    assert seed_demo_discussion() == len(data["threads"])
    assert seed_demo_discussion() == 0
    threads = {thread.title: thread for thread in Thread.objects.filter(cohort=cohort)}
    assert threads["Welcome: how this discussion works"].pinned
    exit_tickets = threads["Exit tickets that take two minutes"]
    assert exit_tickets.micro_credential == credential
    posts = list(exit_tickets.posts.order_by("created_at", "pk"))
    assert [post.author.email for post in posts] == [
        "educator@example.com",
        "educator2@example.com",
        "facilitator@example.com",
    ]
    assert posts[2].reply_to == posts[1]
