"""Roster imports: OneRoster 1.1 and simple CSV, preview before writing, atomic confirm,
idempotent re-import, deactivation, moving districts, and the admin's scope."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from accounts.models import User
from organizations.models import Membership, MembershipInvitation, Organization, Role
from organizations.services import membership_invitation_accept
from rosters.models import RosterImport
from rosters.planning import MAX_ROWS, RosterFileError
from rosters.services import (
    RosterImportError,
    roster_import_confirm,
    roster_import_preview,
)
from submissions.models import Submission
from tests.support.credentials import make_credential
from tests.support.submissions import attempt

USERS_HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)
ORGS_HEADER = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId"


def user_line(sid, org, role, given, family, email, status="", enabled="true"):
    return (
        f'{sid},{status},2026-08-01T00:00:00Z,{enabled},"{org}",{role},{email},,'
        f"{given},{family},,,{email},,,,,"
    )


def users_csv(*lines, bom=False):
    text = "\n".join([USERS_HEADER, *lines]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def orgs_csv(*lines):
    return ("\n".join([ORGS_HEADER, *lines]) + "\n").encode()


@pytest.fixture
def oneroster_files(cast):
    """The district's SIS export: the district, one existing school (linked by sourcedId),
    one new school; two teachers, an administrator and a student."""
    Organization.objects.filter(pk=cast.school.pk).update(external_id="sch-oak")
    orgs = orgs_csv(
        "dist-1,,2026-08-01T00:00:00Z,North District,district,,",
        "sch-oak,,2026-08-01T00:00:00Z,Oak School,school,,dist-1",
        "sch-birch,,2026-08-01T00:00:00Z,Birch Academy,school,,dist-1",
    )
    users = users_csv(
        user_line("t-1", "sch-oak", "teacher", "Ada", "Lovelace", "Ada.Lovelace@Example.org"),
        user_line("t-2", "sch-birch", "teacher", "Alan", "Turing", "alan@example.org"),
        user_line("t-3", "sch-oak", "teacher", "Known", "Educator", "EDUCATOR@test.org"),
        user_line("a-1", "dist-1", "administrator", "Grace", "Hopper", "grace@example.org"),
        user_line("s-1", "sch-oak", "student", "Sam", "Student", "sam@example.org"),
    )
    return users, orgs


def _actions(roster_import):
    return {row.label: row.action for row in roster_import.rows.all()}


@pytest.mark.django_db
def test_oneroster_preview_writes_nothing_and_lists_every_row(cast, oneroster_files):
    users, orgs = oneroster_files
    before = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users, orgs_file=orgs
    )
    assert preview.format == RosterImport.Format.ONEROSTER
    assert _actions(preview) == {
        "North District": "update",  # links the district to its SIS id
        "Oak School": "unchanged",
        "Birch Academy": "create",
        "ada.lovelace@example.org": "invite",
        "alan@example.org": "invite",
        "educator@test.org": "unchanged",  # matched case-insensitively, already there
        "grace@example.org": "invite",
        "sam@example.org": "skip",
    }
    assert preview.error_count == 0
    after = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    assert after == before


@pytest.mark.django_db(transaction=True)
def test_confirm_applies_and_reimport_changes_nothing(cast, oneroster_files):
    users, orgs = oneroster_files
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users, orgs_file=orgs
    )
    applied = roster_import_confirm(roster_import=preview, by=cast.district_admin)
    assert applied.status == RosterImport.Status.APPLIED

    birch = Organization.objects.get(external_id="sch-birch")
    assert birch.parent == cast.district and birch.path.startswith(cast.district.path)
    ada = User.objects.get(email="ada.lovelace@example.org")
    assert ada.display_name == "Ada Lovelace"
    assert not ada.has_usable_password()
    assert Membership.objects.filter(
        user=ada, organization=cast.school, role=Role.EDUCATOR
    ).exists()
    assert Membership.objects.filter(
        user__email="alan@example.org", organization=birch, role=Role.EDUCATOR
    ).exists()
    assert Membership.objects.filter(
        user__email="grace@example.org", organization=cast.district, role=Role.DISTRICT_ADMIN
    ).exists()
    assert not User.objects.filter(email="sam@example.org").exists()
    # Three new accounts got an invitation with a link to choose a password.
    invitations = [m for m in mail.outbox if "invites you" in m.subject]
    assert sorted(m.to[0] for m in invitations) == [
        "ada.lovelace@example.org",
        "alan@example.org",
        "grace@example.org",
    ]
    assert "/organizations/invitation/" in invitations[0].body

    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    again = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users, orgs_file=orgs
    )
    assert set(_actions(again).values()) <= {"unchanged", "skip"}
    roster_import_confirm(roster_import=again, by=cast.district_admin)
    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == (
        counts
    )


@pytest.mark.django_db
def test_invitation_link_sets_a_password_once(client, cast, oneroster_files):
    users, orgs = oneroster_files
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users, orgs_file=orgs
    )
    from django.test import TestCase

    assert not mail.outbox  # nothing is sent for a preview
    with TestCase.captureOnCommitCallbacks(execute=True):
        roster_import_confirm(roster_import=preview, by=cast.district_admin)
    message = next(m for m in mail.outbox if m.to == ["alan@example.org"])
    link = next(line for line in message.body.splitlines() if "/invitation/" in line)
    path = link[link.index("/organizations/") :].strip()
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}
    )
    assert response.status_code == 302
    alan = User.objects.get(email="alan@example.org")
    assert alan.check_password("a-long-new-passphrase")
    assert alan.emailaddress_set.get().verified
    client.logout()
    assert client.get(path).status_code == 404  # used: the token no longer matches


@pytest.mark.django_db
def test_broken_rows_block_the_whole_import(cast, oneroster_files):
    _users, orgs = oneroster_files
    broken = users_csv(
        user_line("t-1", "sch-oak", "teacher", "Ada", "Lovelace", "ada@example.org"),
        user_line("t-9", "sch-nowhere", "teacher", "No", "School", "noschool@example.org"),
        user_line("t-8", "sch-oak", "teacher", "Bad", "Email", "not-an-email"),
        user_line("t-7", "sch-oak", "wizard", "Odd", "Role", "odd@example.org"),
    )
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=broken, orgs_file=orgs
    )
    reasons = {row.label: row.reason for row in preview.rows.filter(action="error")}
    assert set(reasons) == {"noschool@example.org", "not-an-email", "odd@example.org"}
    assert "Unknown school or district sch-nowhere" in reasons["noschool@example.org"]
    assert "not a valid email" in reasons["not-an-email"]
    assert preview.error_count == 3 and not preview.can_confirm
    with pytest.raises(RosterImportError):
        roster_import_confirm(roster_import=preview, by=cast.district_admin)
    assert not User.objects.filter(email="ada@example.org").exists()
    assert not Organization.objects.filter(external_id="sch-birch").exists()


@pytest.mark.django_db
def test_a_large_import_whose_message_was_lost_is_applied_by_the_sweeper(
    cast, oneroster_files, monkeypatch
):
    from rosters import services, tasks

    users, orgs = oneroster_files
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users, orgs_file=orgs
    )
    # Large enough for the worker path; the broker "loses" the message.
    monkeypatch.setattr(services, "ROSTER_APPLY_INLINE_ROWS", 0)
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: None)
    waiting = roster_import_confirm(roster_import=preview, by=cast.district_admin)
    assert waiting.status == RosterImport.Status.APPLYING
    assert not User.objects.filter(email="ada.lovelace@example.org").exists()

    assert tasks.roster_imports_sweep_task() == 1  # eager here: applied at once
    preview.refresh_from_db()
    assert preview.status == RosterImport.Status.APPLIED
    assert User.objects.filter(email="ada.lovelace@example.org").count() == 1
    # Applying again (a redelivered message) changes nothing.
    counts = (User.objects.count(), Membership.objects.count())
    services.roster_import_apply(roster_import_id=preview.pk)
    assert tasks.roster_imports_sweep_task() == 0
    assert (User.objects.count(), Membership.objects.count()) == counts


@pytest.mark.django_db
def test_a_failure_while_applying_rolls_everything_back(cast, oneroster_files, monkeypatch):
    users, orgs = oneroster_files
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users, orgs_file=orgs
    )
    from rosters import services

    real_grant = services.membership_grant

    def failing_grant(*, user, organization, role):
        if user.email == "grace@example.org":  # the last person in the file
            raise RuntimeError("database went away")
        return real_grant(user=user, organization=organization, role=role)

    monkeypatch.setattr(services, "membership_grant", failing_grant)
    with pytest.raises(RosterImportError):
        roster_import_confirm(roster_import=preview, by=cast.district_admin)
    preview.refresh_from_db()
    assert preview.status == RosterImport.Status.FAILED
    assert "database went away" in preview.failure_reason
    assert not User.objects.filter(email__in=["ada.lovelace@example.org", "alan@example.org"])
    assert not Organization.objects.filter(external_id="sch-birch").exists()


@pytest.mark.django_db
def test_schools_outside_the_admins_scope_are_errors(cast):
    Organization.objects.filter(pk=cast.other_school.pk).update(external_id="sch-elm")
    users = users_csv(user_line("t-1", "sch-elm", "teacher", "Ada", "L", "ada@example.org"))
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users
    )
    row = preview.rows.get()
    assert row.action == "error" and "sch-elm" in row.reason
    simple = b"email,name,school,role\nbob@example.org,Bob,Elm School,educator\n"
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=simple
    )
    assert preview.rows.get().action == "error"
    assert "not one of your organizations" in preview.rows.get().reason


@pytest.mark.django_db
def test_simple_csv_with_bom_creates_updates_and_deactivates(cast, credentials):
    earned = attempt(cast, cast.educator, credentials[0], "passed")
    simple = (
        "\ufeffEmail,Name,School,Role,Status\n"
        "new.teacher@example.org,New Teacher,Oak School,educator,\n"
        "COLLEAGUE@test.org,Colleague,Oak School,teacher,\n"  # moves from Pine to Oak
        "educator@test.org,Educator,Oak School,educator,inactive\n"  # left the district
    ).encode()
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=simple
    )
    assert preview.format == RosterImport.Format.SIMPLE
    assert _actions(preview) == {
        "new.teacher@example.org": "invite",
        "colleague@test.org": "update",
        "educator@test.org": "deactivate",
    }
    roster_import_confirm(roster_import=preview, by=cast.district_admin)
    colleague_schools = set(
        Membership.objects.filter(user=cast.colleague, is_active=True).values_list(
            "organization__name", flat=True
        )
    )
    assert colleague_schools == {"Oak School"}
    # Deactivation ends the membership; the account, the work and the outcome stay theirs.
    cast.educator.refresh_from_db()
    assert cast.educator.is_active
    assert not Membership.objects.filter(user=cast.educator, is_active=True).exists()
    assert Submission.objects.get(pk=earned.pk).status == Submission.Status.PASSED


@pytest.mark.django_db
def test_full_roster_deactivates_the_missing_educators_only_when_asked(cast):
    simple = b"email,name,school,role\neducator@test.org,Educator,Oak School,educator\n"
    partial = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=simple
    )
    assert "colleague@test.org" not in _actions(partial)
    full = roster_import_preview(
        organization=cast.district,
        by=cast.district_admin,
        users_file=simple,
        deactivate_missing=True,
    )
    assert _actions(full)["colleague@test.org"] == "deactivate"
    assert "other@test.org" not in _actions(full)  # another district's educator is not ours
    roster_import_confirm(roster_import=full, by=cast.district_admin)
    assert not Membership.objects.filter(user=cast.colleague, is_active=True).exists()
    assert Membership.objects.filter(user=cast.other_educator, is_active=True).exists()


@pytest.mark.django_db
def test_an_educator_who_moves_district_keeps_their_record(cast):
    credential = make_credential(cast.issuer, "moving-on")
    earned = attempt(cast, cast.educator, credential, "passed")
    leave = b"email,name,school,role,status\neducator@test.org,E,Oak School,educator,inactive\n"
    roster_import_confirm(
        roster_import=roster_import_preview(
            organization=cast.district, by=cast.district_admin, users_file=leave
        ),
        by=cast.district_admin,
    )
    join = b"email,name,school,role\nEducator@Test.org,E,Elm School,educator\n"
    preview = roster_import_preview(
        organization=cast.other_district, by=cast.other_admin, users_file=join
    )
    # The same account, no copy; it joins the new district when its owner accepts.
    assert _actions(preview) == {"educator@test.org": "invite"}
    roster_import_confirm(roster_import=preview, by=cast.other_admin)
    assert User.objects.filter(email__iexact="educator@test.org").count() == 1
    assert not Membership.objects.filter(user=cast.educator, is_active=True).exists()
    membership_invitation_accept(
        invitation=MembershipInvitation.objects.get(user=cast.educator), by=cast.educator
    )
    assert Submission.objects.get(pk=earned.pk).educator == cast.educator
    active = Membership.objects.filter(user=cast.educator, is_active=True)
    assert [m.organization for m in active] == [cast.other_school]


@pytest.mark.django_db
def test_admin_cannot_deactivate_themselves(cast):
    lines = b"email,name,school,role,status\nadmin@test.org,Me,,admin,inactive\n"
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=lines
    )
    assert preview.rows.get().action == "error"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"sourcedId,role\n1,teacher\n", "missing the column(s): status"),
        (b"email,name,school\nx@example.org,X,Oak School\n", "missing the column(s): role"),
        ("email,name,school,role\nJosé,é\n".encode("latin-1"), "not UTF-8"),
        (b"email,name,school,role\n" + b"a" * (10 * 1024 * 1024), "larger than 10 MB"),
        (
            b"email,name,school,role\n" + b"x@example.org,X,Oak School,educator\n" * (MAX_ROWS + 1),
            "more than 100,000 rows",
        ),
    ],
)
def test_unreadable_files_are_refused_whole(cast, content, message):
    with pytest.raises(RosterFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        roster_import_preview(
            organization=cast.district, by=cast.district_admin, users_file=content
        )
    assert not RosterImport.objects.exists()


@pytest.mark.django_db
def test_roster_pages_upload_preview_confirm(client, cast):
    client.force_login(cast.district_admin)
    upload = reverse("organizations:roster_upload")
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(
        "staff.csv", b"email,name,school,role\nnew@example.org,New Person,Pine School,educator\n"
    )
    response = client.post(upload, {"users_file": file})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert b"new@example.org" in page.content and b"Invite" in page.content
    assert not User.objects.filter(email="new@example.org").exists()
    roster_import = RosterImport.objects.get()
    response = client.post(reverse("organizations:roster_confirm", args=[roster_import.public_id]))
    assert response.status_code == 302
    assert Membership.objects.filter(
        user__email="new@example.org", organization=cast.school2
    ).exists()
    # Another district's admin, an educator and an outsider see nothing of it.
    for intruder in (cast.other_admin, cast.educator, cast.outsider):
        client.force_login(intruder)
        assert client.get(preview_url).status_code == 404
        confirm = reverse("organizations:roster_confirm", args=[roster_import.public_id])
        assert client.post(confirm).status_code == 404


@pytest.mark.django_db
def test_unreadable_upload_shows_the_reason_on_the_form(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.district_admin)
    file = SimpleUploadedFile("staff.csv", b"who,what\n1,2\n")
    response = client.post(reverse("organizations:roster_upload"), {"users_file": file})
    assert response.status_code == 200
    assert b"missing the column(s)" in response.content
    assert not RosterImport.objects.exists()


class RefusesAlan(EmailBackend):
    """A mail server that refuses one recipient (as SMTPRecipientsRefused would)."""

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        if any("alan@example.org" in m.to for m in messages):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_one_refused_address_does_not_hold_up_the_other_notices(cast, oneroster_files, settings):
    """The mail server refuses one recipient: the others get their invitations now, the failed
    one is released for the task's retry, and nobody gets two."""
    from django.test import TestCase

    from rosters.services import NoticesNotSent, roster_notify

    users, orgs = oneroster_files
    preview = roster_import_preview(
        organization=cast.district, by=cast.district_admin, users_file=users, orgs_file=orgs
    )
    with TestCase.captureOnCommitCallbacks(execute=False):  # the task runs below, by hand
        roster_import_confirm(roster_import=preview, by=cast.district_admin)

    settings.EMAIL_BACKEND = f"{__name__}.RefusesAlan"
    with pytest.raises(NoticesNotSent, match=r"alan@example\.org"):
        roster_notify(roster_import_id=preview.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["ada.lovelace@example.org", "grace@example.org"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert roster_notify(roster_import_id=preview.pk) == 1  # the retry: Alan only
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada.lovelace@example.org",
        "alan@example.org",
        "grace@example.org",
    ]
    assert roster_notify(roster_import_id=preview.pk) == 0
