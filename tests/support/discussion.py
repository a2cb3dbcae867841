"""A cohort with a discussion for the community tests: run by the cast's district, with the
educator and the colleague as members, a facilitator, and someone who left. Made through the
real services."""

import datetime
from dataclasses import dataclass
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from community import discussion, services
from community.discussion import Seat
from community.models import Cohort, CohortMembership
from credentials.models import MicroCredential
from organizations.models import Role
from tests.support.cast import Cast, make_member
from tests.support.credentials import published_credential


@dataclass
class Room:
    cohort: Cohort
    credential: MicroCredential  # one of the cohort's
    facilitator: User
    leaver: User  # was a member, left

    def seat(self, user: User) -> Seat:
        seat = discussion.discussion_seat(user, self.cohort.public_id)
        assert seat is not None, f"{user} is not active in the cohort"
        return seat


def join(cohort: Cohort, person: User, by: User, role: str = "member") -> CohortMembership:
    invitation = services.cohort_invite(cohort=cohort, person=person, by=by, role=role)
    return services.cohort_invitation_respond(membership=invitation, by=person, accept=True)


def make_room(cast: Cast) -> Room:
    credential = published_credential(cast.issuer, "formative-checks")
    cohort = services.cohort_create(
        by=cast.district_admin,
        organization=cast.district,
        name="Checking for Understanding, spring",
        starts_on=datetime.date(2027, 1, 10),
        ends_on=datetime.date(2027, 5, 30),
        micro_credentials=[credential],
    )
    cast.educator.display_name = "Maria Lopez"
    cast.educator.save(update_fields=["display_name"])
    cast.colleague.display_name = "James Chen"
    cast.colleague.save(update_fields=["display_name"])
    facilitator = make_member(
        Role.EDUCATOR, cast.district, email="facilitator@test.org", display_name="Fran Facil"
    )
    leaver = make_member(
        Role.EDUCATOR, cast.school, email="leaver@test.org", display_name="Lee Left"
    )
    join(cohort, cast.educator, cast.district_admin)
    join(cohort, cast.colleague, cast.district_admin)
    join(cohort, facilitator, cast.district_admin, role=CohortMembership.Role.FACILITATOR)
    membership = join(cohort, leaver, cast.district_admin)
    services.cohort_leave(membership=membership, by=leaver)
    return Room(cohort=cohort, credential=credential, facilitator=facilitator, leaver=leaver)


def png(name: str = "board.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def pdf(name: str = "handout.pdf") -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, "application/pdf")
