"""Every write of district reporting: recommending, assigning and withdrawing assignments."""

from datetime import date

from django.utils import timezone

from accounts.models import User
from credentials.models import MicroCredential, Stack
from organizations.models import Organization
from organizations.services import OrganizationError

from .models import Assignment


class AssignmentError(OrganizationError):
    """An assignment without exactly one target and one item, or outside the organization."""


def assignment_create(
    *,
    organization: Organization,
    by: User | None,
    kind: str,
    educator: User | None = None,
    school: Organization | None = None,
    credential: MicroCredential | None = None,
    stack: Stack | None = None,
    due_on: date | None = None,
    note: str = "",
) -> Assignment:
    """Recommend or assign a micro-credential or stack to one educator or a whole school."""
    if (educator is None) == (school is None):
        raise AssignmentError("Choose either one educator or one school.")
    if (credential is None) == (stack is None):
        raise AssignmentError("Choose either a micro-credential or a stack.")
    if school is not None and not school.path.startswith(organization.path):
        raise AssignmentError("That school is not part of this organization.")
    return Assignment.objects.create(
        organization=organization,
        assigned_by=by,
        educator=educator,
        school=school,
        credential=credential,
        stack=stack,
        kind=kind,
        due_on=due_on,
        note=note,
    )


def assignment_cancel(*, assignment: Assignment) -> Assignment:
    if assignment.cancelled_at is None:
        assignment.cancelled_at = timezone.now()
        assignment.save(update_fields=["cancelled_at"])
    return assignment
