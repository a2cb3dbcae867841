import pytest
from django.core.management import call_command

from accounts.models import User
from community.models import Cohort, CohortMembership, Milestone, Thread
from organizations.models import Membership, Organization
from recognition import certificates, selectors
from recognition.models import (
    BodyMembership,
    CreditRequest,
    EducatorCycle,
    Goal,
    Recognition,
    RecognitionBody,
)


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        RecognitionBody.objects.count(),
        Recognition.objects.count(),
        Goal.objects.count(),
        BodyMembership.objects.count(),
        CreditRequest.objects.count(),
        EducatorCycle.objects.count(),
        Cohort.objects.count(),
        CohortMembership.objects.count(),
        Milestone.objects.count(),
        Thread.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_creates_the_public_cast(settings):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    educator = User.objects.get(email="educator@example.com")
    assert educator.check_password(settings.DEMO_PASSWORD)
    school = educator.memberships.get().organization
    assert (school.name, school.parent.name) == ("Lincoln Elementary", "Riverside Unified")
    assert User.objects.get(email="staff@example.com").is_staff
    for email in ("admin@example.com", "admin2@example.com", "reviewer@example.com"):
        assert User.objects.get(email=email).memberships.exists()
    # Recognition: the four bodies, the board's approver, its renewal goal and endorsement.
    approver = User.objects.get(email="approver@example.com")
    assert approver.check_password(settings.DEMO_PASSWORD)
    board = RecognitionBody.objects.get(slug="columbia-licensure-board")
    assert list(selectors.bodies_with_role(approver, "approver")) == [board]
    assert board.applies_to.name == "State of Columbia"
    assert set(RecognitionBody.objects.values_list("kind", flat=True)) == {
        "state_board",
        "district",
        "union_local",
        "university",
    }
    renewal = board.goals.get(kind="amount_in_cycle")
    assert (renewal.outcome, renewal.amount, renewal.cycle_years) == (
        "license_renewal_hours",
        120,
        5,
    )
    assert board.goals.get(kind="stack").stack.slug == "data-informed-instruction"
    assert all(rule.requires_approval for rule in board.rules.all())
    salary = RecognitionBody.objects.get(slug="riverside-salary-schedule")
    assert not any(rule.requires_approval for rule in salary.rules.all())
    assert salary.rules.filter(badges_per_claim=3, unit="salary credit").exists()
    university = RecognitionBody.objects.get(kind="university")
    assert university.applies_to is None
    assert university.rules.filter(scope="stack", outcome="college_credit", cost__gt=0).exists()
    assert CreditRequest.objects.count() == 0  # requests come with the activity only
    # Community: Riverside Unified's cohort on the Checking for Understanding stack.
    cohort = Cohort.objects.get(organization__slug="riverside-unified")
    assert cohort.stack.title == "Checking for Understanding"
    people = {
        (m.user.email, m.role)
        for m in cohort.memberships.filter(status="active").select_related("user")
    }
    assert people == {
        ("facilitator@example.com", "facilitator"),
        ("educator@example.com", "member"),
        ("educator2@example.com", "member"),
    }
    assert cohort.milestones.count() == 2
    assert cohort.threads.filter(is_announcement=True).count() == 1


@pytest.mark.django_db(transaction=True)  # uploads are processed as each step commits
def test_seed_demo_with_activity_shows_each_role_the_product_at_work(client, settings, tmp_path):
    from badges.models import Badge
    from reviews.selectors import review_queue_for
    from submissions.models import Submission
    from tests.support.storage import use_local_media

    use_local_media(settings, tmp_path / "media")
    call_command("seed_demo", "--with-activity")
    call_command("seed_demo", "--with-activity")  # once only
    # Every demo micro-credential got its badge art, drawn in process as it was published.
    from credentials.models import MicroCredentialVersion

    published = MicroCredentialVersion.objects.filter(status="published")
    assert published.count() >= 27 and not published.filter(art="").exists()
    james, maria, priya, reviewer = (
        User.objects.get(email=f"{name}@example.com")
        for name in ("educator2", "educator", "educator3", "reviewer")
    )
    assert Badge.objects.filter(educator=james).count() == 2
    # James claimed renewal hours with both: one approved by the board's approver, one pending.
    requests = {r.status: r for r in CreditRequest.objects.filter(educator=james)}
    assert sorted(requests) == ["approved", "pending"]
    approved = requests["approved"]
    assert approved.decided_by.email == "approver@example.com"
    assert certificates.seal_holds(approved)
    approver = User.objects.get(email="approver@example.com")
    assert list(selectors.pending_queue(approver)) == [requests["pending"]]
    [board_credit] = [c for c in selectors.credit_summary(james) if c.body.kind == "state_board"]
    [renewal] = [goal for goal in board_credit.goals if goal.goal.kind == "amount_in_cycle"]
    assert (renewal.done, renewal.target, renewal.has_renewal_date) == (10, 120, True)
    assert client.get(f"/credit/certificates/{approved.public_id}/").status_code == 200
    mine = Submission.objects.filter(educator=maria)
    assert sorted(mine.values_list("status", flat=True)) == ["draft", "not_yet"]
    assert [s.educator for s in review_queue_for(reviewer)] == [priya]
    # The pages say so: Maria is invited to act on the feedback.
    client.force_login(maria)
    body = client.get("/").content.decode()
    assert "Feedback is waiting on 1 micro-credential" in body
    assert "<li>1 in progress</li>" in body
    attempt = mine.get(status="not_yet")
    page = client.get(f"/submissions/{attempt.public_id}/").content.decode()
    assert "with two students&#x27; work before and after" in page
    # Maria shared her draft with James, a colleague of her cohort, who commented on it.
    draft = mine.get(status="draft")
    page = client.get(f"/submissions/{draft.public_id}/").content.decode()
    assert "Comments from your critical friends" in page and "Strong start" in page
    client.force_login(james)
    assert client.get(f"/friends/drafts/{draft.public_id}/").status_code == 200
    client.force_login(maria)
    # Their district admin sees that they have been active.
    assert all(u.last_activity_at for u in User.objects.filter(pk__in=[james.pk, maria.pk]))
    client.force_login(User.objects.get(email="admin@example.com"))
    row = client.get("/organizations/", {"q": maria.email}).content.decode()
    assert "Never" not in row.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


@pytest.mark.django_db
def test_seed_demo_activity_needs_tasks_in_process(settings):
    from django.core.management.base import CommandError

    settings.CELERY_TASK_ALWAYS_EAGER = False
    with pytest.raises(CommandError, match="tasks run in process"):
        call_command("seed_demo", "--with-activity")
