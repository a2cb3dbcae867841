"""Roster imports: preview (plan every row, write nothing else), confirm (apply all rows in one
transaction, now or by a worker), discard, and the notices to the people an import added."""

import functools
import logging
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import user_get_or_create
from common.mail import send_claimed
from common.tasks import enqueue_on_commit
from organizations.models import Membership, MembershipInvitation, Organization, Role
from organizations.services import (
    MEMBERSHIP_INVITATION_DAYS,
    OrganizationError,
    membership_end,
    membership_grant,
    membership_invitation_token,
    membership_invitation_withdraw,
    membership_invite,
    organization_create,
    organization_update,
)

from .models import RosterImport, RosterImportRow
from .people import accounts_needing_consent
from .planning import build_plan

logger = logging.getLogger(__name__)

# Imports up to this many rows are applied during the request; larger ones by a worker.
ROSTER_APPLY_INLINE_ROWS = 2000


def roster_import_preview(
    *,
    organization: Organization,
    by: User | None,
    users_file: bytes,
    orgs_file: bytes | None = None,
    filename: str = "",
    deactivate_missing: bool = False,
) -> RosterImport:
    """Read the roster file(s), plan every row and store the plan; writes nothing else.

    Raises `planning.RosterFileError` when a file cannot be read at all.
    """
    file_format, planned = build_plan(
        root=organization,
        admin=by,
        users_file=users_file,
        orgs_file=orgs_file,
        deactivate_missing=deactivate_missing,
    )
    summary: dict[str, int] = {}
    for row in planned:
        summary[row.action] = summary.get(row.action, 0) + 1
    with transaction.atomic():
        roster_import = RosterImport.objects.create(
            organization=organization,
            created_by=by,
            format=file_format,
            filename=filename[:255],
            deactivate_missing=deactivate_missing,
            summary=summary,
            error_count=summary.get(RosterImportRow.Action.ERROR, 0),
        )
        RosterImportRow.objects.bulk_create(
            (
                RosterImportRow(
                    roster_import=roster_import,
                    position=position,
                    source=row.source[:20],
                    kind=row.kind,
                    action=row.action,
                    label=row.label[:300],
                    reason=row.reason,
                    data=row.data,
                )
                for position, row in enumerate(planned)
            ),
            batch_size=2000,
        )
    return roster_import


class RosterImportError(OrganizationError):
    """The import cannot be confirmed (errors in the preview, or already applied)."""


def roster_import_confirm(*, roster_import: RosterImport, by: User | None) -> RosterImport:
    """Apply a previewed import: now when it is small, else by a worker (after commit)."""
    if roster_import.error_count:
        raise RosterImportError("Fix the rows with errors and upload the file again.")
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.PREVIEW
    ).update(status=RosterImport.Status.APPLYING)
    if claimed != 1:
        raise RosterImportError("This import was already confirmed or discarded.")
    if roster_import.rows.count() <= ROSTER_APPLY_INLINE_ROWS:
        return roster_import_apply(roster_import_id=roster_import.pk)
    from .tasks import roster_import_apply_task

    import_id = roster_import.pk
    enqueue_on_commit(roster_import_apply_task, import_id)
    roster_import.refresh_from_db()
    return roster_import


def roster_import_apply(*, roster_import_id: int) -> RosterImport:
    """Carry out every planned row in one transaction; on any failure nothing is written.

    Idempotent: an import that is no longer being applied is returned unchanged. The import's
    row lock makes a second run (a redelivered message, the sweeper) wait for the first and
    then find it applied.
    """
    try:
        with transaction.atomic():
            roster_import = (
                RosterImport.objects.select_for_update(of=("self",))
                .select_related("organization")
                .get(pk=roster_import_id)
            )
            if roster_import.status != RosterImport.Status.APPLYING:
                return roster_import
            created = _apply_rows(roster_import)
            roster_import.status = RosterImport.Status.APPLIED
            roster_import.applied_at = timezone.now()
            roster_import.save(update_fields=["status", "applied_at"])
    except Exception as error:
        # Outside the rolled-back transaction, so the admin sees the failure and its reason.
        RosterImport.objects.filter(pk=roster_import_id).update(
            status=RosterImport.Status.FAILED, failure_reason=str(error)[:2000]
        )
        raise RosterImportError(f"The import failed and nothing was changed: {error}") from error
    if created:
        from .tasks import roster_notify_task

        import_id = roster_import.pk
        enqueue_on_commit(roster_notify_task, import_id)
    return roster_import


def roster_imports_sweep() -> list[int]:
    """Confirmed imports still waiting to be applied (their message may have been lost while
    the broker was away); the caller enqueues them again. Applying is idempotent and locked."""
    return list(
        RosterImport.objects.filter(status=RosterImport.Status.APPLYING).values_list(
            "pk", flat=True
        )
    )


def _apply_rows(roster_import: RosterImport) -> int:
    """Apply the rows in order (schools first); returns how many people were added."""
    root = roster_import.organization
    in_scope = {o.pk: o for o in Organization.objects.filter(path__startswith=root.path)}
    new_orgs: dict[str, Organization] = {}
    added = 0
    rows = roster_import.rows.exclude(
        action__in=[RosterImportRow.Action.UNCHANGED, RosterImportRow.Action.SKIP]
    ).order_by("position")
    for row in rows.iterator(chunk_size=2000):
        if row.kind == RosterImportRow.Kind.ORG:
            _apply_org_row(row, root, in_scope, new_orgs)
        elif _apply_user_row(row, root, in_scope, new_orgs, by=roster_import.created_by):
            added += 1
    return added


def _resolve_org(
    ref: dict[str, object], in_scope: dict[int, Organization], new_orgs: dict[str, Organization]
) -> Organization:
    pk = ref.get("pk")
    org = in_scope.get(int(str(pk))) if pk is not None else new_orgs.get(str(ref.get("new")))
    if org is None:
        raise RosterImportError(f"Organization {ref} is no longer in scope.")
    return org


def _apply_org_row(
    row: RosterImportRow,
    root: Organization,
    in_scope: dict[int, Organization],
    new_orgs: dict[str, Organization],
) -> None:
    from django.utils.text import slugify

    data = row.data
    if row.action == row.Action.UPDATE:
        organization_update(
            organization=_resolve_org({"pk": data["pk"]}, in_scope, new_orgs),
            name=data.get("name"),
            external_id=data.get("external_id"),
        )
        return
    parent = _resolve_org(data["parent"], in_scope, new_orgs)
    existing = Organization.objects.filter(
        path__startswith=root.path, external_id=data["sourced_id"]
    ).first()
    if existing is None:
        base = slugify(f"{parent.slug}-{data['name']}")[:70] or "school"
        slug, suffix = base, 1
        while Organization.objects.filter(slug=slug).exists():
            suffix += 1
            slug = f"{base}-{suffix}"
        existing = organization_create(
            kind=data["kind"],
            name=data["name"],
            slug=slug,
            parent=parent,
            external_id=data["sourced_id"],
        )
    in_scope[existing.pk] = existing
    new_orgs[data["sourced_id"]] = existing


def _apply_user_row(
    row: RosterImportRow,
    root: Organization,
    in_scope: dict[int, Organization],
    new_orgs: dict[str, Organization],
    *,
    by: User | None,
) -> bool:
    """Apply one person's row; True when they were added to an organization or invited."""
    data = dict(row.data)
    joining = row.action != row.Action.DEACTIVATE and bool(data.get("grant"))
    consent = False
    if joining:
        user = _row_account(data)
        # Asked again here, before any of their memberships below ends: the account may have
        # been created, or joined elsewhere, since the preview (which never says which).
        consent = not data["new_account"] and user.pk in accounts_needing_consent(root, [user.pk])
    for membership in Membership.objects.filter(
        pk__in=data.get("end", []), is_active=True, organization__path__startswith=root.path
    ):
        membership_end(membership=membership)
    for invitation in MembershipInvitation.objects.filter(
        pk__in=data.get("withdraw", []), organization__path__startswith=root.path
    ):
        membership_invitation_withdraw(invitation=invitation)
    if not joining:
        return False
    organizations = [_resolve_org(ref, in_scope, new_orgs) for ref in data["grant"]]
    if consent:
        data["invitations"] = _invite(user, organizations, data["role"], by)
    else:
        if data.get("name") and not user.display_name:
            user.display_name = data["name"]
            user.save(update_fields=["display_name"])
        for organization in organizations:
            membership_grant(user=user, organization=organization, role=data["role"])
    data["notify"] = True
    row.data = data
    row.save(update_fields=["data"])
    return True


def _row_account(data: dict[str, Any]) -> User:
    """The row's account: created now when nobody had its email at the preview (then
    `new_account`, the one case that joins without an invitation)."""
    if "email" not in data:
        data.setdefault("new_account", False)
        return User.objects.get(pk=data["user_id"])
    user, created = user_get_or_create(email=data["email"], display_name=data["name"])
    data["user_id"], data["new_account"] = user.pk, created
    return user


def _invite(user: User, organizations: list[Organization], role: str, by: User | None) -> list[str]:
    """Invite an existing account instead of adding it; the public ids, for the email."""
    return [
        str(membership_invite(user=user, organization=org, role=role, by=by).public_id)
        for org in organizations
    ]


def roster_import_discard(*, roster_import: RosterImport) -> None:
    RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.PREVIEW).update(
        status=RosterImport.Status.DISCARDED
    )


class NoticesNotSent(OSError):
    """Some roster notices could not be sent (the task retries those; an OSError, as SMTP's)."""


def roster_notify(*, roster_import_id: int) -> int:
    """Email the people an import added: an invitation for new accounts, a notice otherwise.

    At most once per row (common.mail.send_claimed): the message is built, the row claimed
    ("notified"), then the email sent; a failed send releases the row. One address the mail
    server refuses does not hold up the others: the rest go out, then NoticesNotSent makes
    the task try the failed ones again. Returns how many went out.
    """
    roster_import = RosterImport.objects.select_related("organization").get(pk=roster_import_id)
    sent, failed = 0, []
    # Filtered in Python: NOT (data->'notified' = true) is NULL, not true, when the key is absent.
    rows = [r for r in roster_import.rows.filter(data__notify=True) if not r.data.get("notified")]
    users = {u.pk: u for u in User.objects.filter(pk__in=[r.data["user_id"] for r in rows])}
    for row in rows:
        user = users[row.data["user_id"]]
        prepare = functools.partial(_roster_notice, roster_import, row, user)
        try:
            sent += send_claimed(_RowNotified(row.pk), prepare)
        except Exception as error:
            logger.warning("roster notice to %s not sent: %s", user.email, error)
            failed.append(user.email)
    if failed:
        raise NoticesNotSent(f"{len(failed)} roster notice(s) not sent yet: {', '.join(failed)}")
    return sent


@dataclass(frozen=True)
class _RowNotified:
    """A roster row's "notified" flag as the at-most-once claim of its notice (common.mail)."""

    row_id: int

    def is_taken(self) -> bool:
        data = RosterImportRow.objects.filter(pk=self.row_id).values_list("data", flat=True).first()
        return bool((data or {}).get("notified"))

    def take(self) -> bool:
        return _roster_row_mark(self.row_id, notified=True)

    def release(self) -> None:
        _roster_row_mark(self.row_id, notified=False)


def _roster_notice(roster_import: RosterImport, row: RosterImportRow, user: User) -> EmailMessage:
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    context = {
        "user": user,
        "organization": roster_import.organization,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    if row.data.get("invitations"):
        template = "membership_invitation"
        context["days"] = MEMBERSHIP_INVITATION_DAYS
        context["links"] = _invitation_links(row.data["invitations"])
    elif row.data.get("new_account") and not user.has_usable_password():
        template = "invitation"
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        path = reverse("organizations:invitation_accept", args=[uid, token])
        context["link"] = settings.SITE_URL + path
    else:
        template = "roster_added"
        context["link"] = settings.SITE_URL + reverse("home")
    return EmailMessage(
        subject=render_to_string(f"emails/{template}_subject.txt", context).strip(),
        body=render_to_string(f"emails/{template}.txt", context),
        to=[user.email],
    )


def _invitation_links(public_ids: list[str]) -> list[dict[str, str]]:
    from django.conf import settings
    from django.urls import reverse

    invitations = MembershipInvitation.objects.filter(public_id__in=public_ids).select_related(
        "organization"
    )
    return [
        {
            "organization": invitation.organization.name,
            "role": Role(invitation.role).label.lower(),
            "link": settings.SITE_URL
            + reverse(
                "organizations:membership_invitation",
                args=[membership_invitation_token(invitation)],
            ),
        }
        for invitation in invitations
    ]


def _roster_row_mark(row_id: int, *, notified: bool) -> bool:
    """Set the row's "notified" under its lock; False when it already was (claiming)."""
    with transaction.atomic():
        row = RosterImportRow.objects.select_for_update().get(pk=row_id)
        if notified and row.data.get("notified"):
            return False
        row.data = {**row.data, "notified": notified}
        row.save(update_fields=["data"])
    return True
