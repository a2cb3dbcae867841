"""Roster files: read and check them, and plan every change before anything is written.

Two formats are read:

- OneRoster 1.1 CSV: `users.csv` (and optionally `orgs.csv` for schools), columns as in the
  1EdTech OneRoster 1.1 CSV binding. Role `teacher` becomes an educator, `administrator` a
  district admin; other roles (students, guardians...) are skipped.
- A simple CSV with the columns `email, name, school, role` (and an optional `status`).

Planning only reads the database. It produces one `PlannedRow` per line (create, update,
unchanged, deactivate, skip or error, with the reason in words); `services.roster_import_apply`
carries the plan out later, inside one transaction.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from accounts.models import User
from organizations.models import Membership, Organization, Role

from .models import RosterImport, RosterImportRow
from .people import (
    INVITE_REASON,
    accounts_needing_consent,
    existing_users,
    invitations_waiting,
    invitations_waiting_for_others,
    memberships_in_scope,
)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000

# The OneRoster 1.1 CSV binding: every column is present in the header, even when empty.
ONEROSTER_USER_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "enabledUser",
    "orgSourcedIds",
    "role",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
]
ONEROSTER_ORG_COLUMNS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "name",
    "type",
    "identifier",
    "parentSourcedId",
]
SIMPLE_COLUMNS = ["email", "name", "school", "role"]
SIMPLE_OPTIONAL_COLUMNS = ["status"]

ONEROSTER_ROLES = {"teacher": Role.EDUCATOR, "administrator": Role.DISTRICT_ADMIN}
SIMPLE_ROLES = {
    "educator": Role.EDUCATOR,
    "teacher": Role.EDUCATOR,
    "admin": Role.DISTRICT_ADMIN,
    "administrator": Role.DISTRICT_ADMIN,
    "district admin": Role.DISTRICT_ADMIN,
    "district_admin": Role.DISTRICT_ADMIN,
}
# OneRoster roles of people who are not staff we track: their lines are skipped, not errors.
NOT_STAFF_ROLES = {"student", "guardian", "parent", "relative", "aide", "proctor"}
INACTIVE_WORDS = {"inactive", "left", "deactivate", "deactivated", "tobedeleted", "false"}

Action = RosterImportRow.Action
Kind = RosterImportRow.Kind


class RosterFileError(Exception):
    """The file as a whole cannot be read (size, encoding, headers); nothing was planned."""


@dataclass
class CsvTable:
    name: str  # "users.csv"
    header: list[str]
    rows: list[dict[str, str]]  # canonical column name -> stripped value

    def line(self, index: int) -> str:
        where = "line" if self.name == "the file" else f"{self.name} line"
        return f"{where} {index + 2}"  # line 1 is the header


@dataclass
class PlannedRow:
    source: str
    kind: str
    action: str
    label: str
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


def read_csv(raw: bytes, name: str, columns: list[str], optional: Iterable[str] = ()) -> CsvTable:
    """Decode (UTF-8, with or without a BOM), check size, header and row count."""
    if len(raw) > MAX_BYTES:
        raise RosterFileError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterFileError(
            f"{name} is not UTF-8 text (byte {error.start}). Save it as “CSV UTF-8” and try again."
        ) from error
    if "\x00" in text:
        raise RosterFileError(f"{name} looks like a binary file, not a CSV file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    canonical = _canonical_header(header, [*columns, *optional], name)
    missing = [column for column in columns if column not in canonical]
    if missing:
        raise RosterFileError(f"{name} is missing the column(s): {', '.join(missing)}.")
    rows: list[dict[str, str]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise RosterFileError(f"{name} has more than {MAX_ROWS:,} rows; split it up.")
        rows.append(
            {
                column: (cells[index].strip() if index < len(cells) else "")
                for index, column in enumerate(canonical)
                if column
            }
        )
    return CsvTable(name=name, header=header, rows=rows)


def _canonical_header(header: list[str], known: list[str], name: str) -> list[str]:
    """Header cells mapped to known column names, case-insensitively ("" for extra columns)."""
    by_lower = {column.lower(): column for column in known}
    canonical = [by_lower.get(cell.lower(), "") for cell in header]
    duplicates = {c for c in canonical if c and canonical.count(c) > 1}
    if duplicates:
        raise RosterFileError(f"{name} repeats the column(s): {', '.join(sorted(duplicates))}.")
    return canonical


def detect_format(raw: bytes) -> str:
    """OneRoster when the header names `sourcedId`, else the simple format."""
    first_line = raw[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
    header = {cell.strip().lower() for cell in next(csv.reader(first_line), [])}
    return RosterImport.Format.ONEROSTER if "sourcedid" in header else RosterImport.Format.SIMPLE


# --------------------------------------------------------------------------------------------
# What exists in the admin's scope
# --------------------------------------------------------------------------------------------


@dataclass
class Scope:
    """The root organization and what lies under it, loaded once for the whole plan."""

    root: Organization
    admin: User | None
    orgs: list[Organization]
    by_external_id: dict[str, Organization] = field(default_factory=dict)
    by_name: dict[str, Organization] = field(default_factory=dict)
    needs_consent: set[int] = field(default_factory=set)  # accounts that join by invitation
    invited: dict[int, list[int]] = field(default_factory=dict)  # user -> waiting invitations

    @classmethod
    def load(cls, root: Organization, admin: User | None) -> "Scope":
        orgs = list(Organization.objects.filter(path__startswith=root.path).order_by("path"))
        scope = cls(root=root, admin=admin, orgs=orgs)
        for org in orgs:
            if org.external_id:
                scope.by_external_id.setdefault(org.external_id, org)
            scope.by_name.setdefault(org.name.strip().lower(), org)
            scope.by_name.setdefault(org.slug.lower(), org)
        return scope


# --------------------------------------------------------------------------------------------
# Planning: schools (OneRoster orgs.csv)
# --------------------------------------------------------------------------------------------

ORG_KINDS = {"school": Organization.Kind.SCHOOL, "district": Organization.Kind.DISTRICT}


def plan_orgs(table: CsvTable | None, scope: Scope) -> tuple[list[PlannedRow], dict[str, Any]]:
    """One row per org; also sourcedId -> reference ({"pk": id} or {"new": sourcedId})."""
    refs: dict[str, Any] = {}
    rows: list[PlannedRow] = []
    if table is None:
        return rows, refs
    seen: set[str] = set()
    planned_kinds: dict[str, str] = {}
    for index, values in enumerate(table.rows):
        source = table.line(index)
        sourced_id, name = values.get("sourcedId", ""), values.get("name", "")
        org_type = values.get("type", "").lower()
        label = name or sourced_id or "(no name)"
        if not sourced_id:
            rows.append(PlannedRow(source, Kind.ORG, Action.ERROR, label, "sourcedId is empty."))
            continue
        if sourced_id in seen:
            reason = f"sourcedId {sourced_id} repeats."
            rows.append(PlannedRow(source, Kind.ORG, Action.ERROR, label, reason))
            continue
        seen.add(sourced_id)
        row = _plan_org(values, scope, refs, planned_kinds, org_type)
        row.source, row.label = source, label
        rows.append(row)
        if row.action not in (Action.ERROR, Action.SKIP):
            planned_kinds[sourced_id] = row.data.get("kind", "")
    return rows, refs


def _plan_org(
    values: dict[str, str],
    scope: Scope,
    refs: dict[str, Any],
    planned_kinds: dict[str, str],
    org_type: str,
) -> PlannedRow:
    sourced_id, name = values["sourcedId"], values.get("name", "")
    row = PlannedRow("", Kind.ORG, Action.ERROR, "")
    existing = scope.by_external_id.get(sourced_id)
    if values.get("status", "").lower() == "tobedeleted":
        row.action, row.reason = Action.SKIP, "Marked to be deleted: schools are never deleted."
        if existing is not None:
            refs[sourced_id] = {"pk": existing.pk}
        return row
    if existing is not None:
        refs[sourced_id] = {"pk": existing.pk}
        if name and name != existing.name:
            row.action, row.reason = Action.UPDATE, f"Name changes from “{existing.name}”."
            row.data = {"pk": existing.pk, "name": name, "kind": existing.kind}
        else:
            row.action, row.reason = Action.UNCHANGED, f"Matches {existing.name}."
            row.data = {"pk": existing.pk, "kind": existing.kind}
        return row
    kind = ORG_KINDS.get(org_type)
    if kind is None:
        row.action = Action.SKIP
        row.reason = f"Type “{org_type or 'empty'}” is not imported (only schools and districts)."
        return row
    if kind == Organization.Kind.DISTRICT:
        return _plan_district(values, scope, refs, row)
    if not name:
        row.reason = "A new school needs a name."
        return row
    parent = _parent_ref(values.get("parentSourcedId", ""), scope, refs, planned_kinds)
    if isinstance(parent, str):
        row.reason = parent
        return row
    refs[sourced_id] = {"new": sourced_id}
    row.action, row.reason = Action.CREATE, "New school."
    row.data = {"kind": kind, "name": name, "sourced_id": sourced_id, "parent": parent}
    return row


def _plan_district(
    values: dict[str, str], scope: Scope, refs: dict[str, Any], row: PlannedRow
) -> PlannedRow:
    sourced_id, name = values["sourcedId"], values.get("name", "")
    root = scope.root
    if root.kind == Organization.Kind.DISTRICT and not root.external_id:
        # The admin's own district, seen in the SIS for the first time: link it.
        refs[sourced_id] = {"pk": root.pk}
        row.action, row.reason = Action.UPDATE, f"Links {root.name} to SIS id {sourced_id}."
        row.data = {"pk": root.pk, "external_id": sourced_id, "kind": root.kind}
        return row
    if root.kind == Organization.Kind.STATE and name:
        refs[sourced_id] = {"new": sourced_id}
        row.action, row.reason = Action.CREATE, f"New district in {root.name}."
        row.data = {
            "kind": Organization.Kind.DISTRICT,
            "name": name,
            "sourced_id": sourced_id,
            "parent": {"pk": root.pk},
        }
        return row
    row.reason = f"District {sourced_id} is not {root.name} and is outside your organizations."
    return row


def _parent_ref(
    parent_id: str, scope: Scope, refs: dict[str, Any], planned_kinds: dict[str, str]
) -> dict[str, Any] | str:
    """The parent district of a new school, or the reason it cannot be placed."""
    if not parent_id:
        if scope.root.kind == Organization.Kind.DISTRICT:
            return {"pk": scope.root.pk}
        return "parentSourcedId is empty: name the district the school belongs to."
    ref = refs.get(parent_id)
    if ref is None:
        existing = scope.by_external_id.get(parent_id)
        if existing is None:
            return f"Parent {parent_id} is neither in orgs.csv nor one of your organizations."
        ref = {"pk": existing.pk}
    kind = planned_kinds.get(parent_id)
    if "pk" in ref:
        kind = next((o.kind for o in scope.orgs if o.pk == ref["pk"]), kind)
    if kind != Organization.Kind.DISTRICT:
        return f"Parent {parent_id} is not a district."
    return dict(ref)


# --------------------------------------------------------------------------------------------
# Planning: people
# --------------------------------------------------------------------------------------------


@dataclass
class PersonLine:
    """A person's line, normalized from either format."""

    source: str
    email: str
    name: str
    role: str  # a Role value, or "" when the line's role is not imported
    raw_role: str
    org_refs: list[dict[str, Any]]
    active: bool
    problem: str = ""


def person_lines_oneroster(table: CsvTable, refs: dict[str, Any], scope: Scope) -> list[PersonLine]:
    lines = []
    for index, values in enumerate(table.rows):
        email = values.get("email", "") or values.get("username", "")
        name = " ".join(p for p in (values.get("givenName", ""), values.get("familyName", "")) if p)
        raw_role = values.get("role", "").lower()
        active = (
            values.get("status", "").lower() != "tobedeleted"
            and values.get("enabledUser", "true").lower() != "false"
        )
        line = PersonLine(
            source=table.line(index),
            email=email.strip().lower(),
            name=name,
            role=ONEROSTER_ROLES.get(raw_role, ""),
            raw_role=raw_role,
            org_refs=[],
            active=active,
        )
        org_ids = [part.strip() for part in values.get("orgSourcedIds", "").split(",")]
        for org_id in filter(None, org_ids):
            ref = refs.get(org_id)
            if ref is None and org_id in scope.by_external_id:
                ref = {"pk": scope.by_external_id[org_id].pk}
            if ref is None:
                line.problem = (
                    f"Unknown school or district {org_id}: not in orgs.csv and not one of yours."
                )
                break
            line.org_refs.append(ref)
        if not org_ids or not any(org_ids):
            line.problem = "orgSourcedIds is empty."
        lines.append(line)
    return lines


def person_lines_simple(table: CsvTable, scope: Scope) -> list[PersonLine]:
    lines = []
    for index, values in enumerate(table.rows):
        raw_role = values.get("role", "").strip().lower()
        line = PersonLine(
            source=table.line(index),
            email=values.get("email", "").strip().lower(),
            name=values.get("name", ""),
            role=SIMPLE_ROLES.get(raw_role, ""),
            raw_role=raw_role,
            org_refs=[],
            active=values.get("status", "").strip().lower() not in INACTIVE_WORDS,
        )
        if not line.role and raw_role not in NOT_STAFF_ROLES:
            line.problem = f"Unknown role “{raw_role}”: use educator or admin."
        school = values.get("school", "").strip()
        if school:
            org = scope.by_external_id.get(school) or scope.by_name.get(school.lower())
            if org is None:
                line.problem = f"Unknown school “{school}”: it is not one of your organizations."
            else:
                line.org_refs.append({"pk": org.pk})
        elif line.role == Role.DISTRICT_ADMIN or scope.root.kind == Organization.Kind.DISTRICT:
            line.org_refs.append({"pk": scope.root.pk})
        else:
            line.problem = "The school is empty."
        lines.append(line)
    return lines


def plan_people(
    lines: list[PersonLine], scope: Scope, *, deactivate_missing: bool
) -> list[PlannedRow]:
    """One planned row per person line (and per missing educator when asked)."""
    users = existing_users(line.email for line in lines if line.email)
    memberships = memberships_in_scope(scope.root, (u.pk for u in users.values()))
    scope.needs_consent = accounts_needing_consent(scope.root, (u.pk for u in users.values()))
    scope.invited = invitations_waiting(scope.root, (u.pk for u in users.values()))
    rows = []
    seen: dict[tuple[str, str], str] = {}
    for line in lines:
        row = _plan_person(line, scope, users, memberships, seen)
        rows.append(row)
    if deactivate_missing:
        rows.extend(_plan_missing({user.pk for user in users.values()}, scope))
    return rows


def _plan_person(
    line: PersonLine,
    scope: Scope,
    users: dict[str, User],
    memberships: dict[int, list[Membership]],
    seen: dict[tuple[str, str], str],
) -> PlannedRow:
    row = PlannedRow(line.source, Kind.USER, Action.ERROR, line.email or "(no email)")
    if line.raw_role in NOT_STAFF_ROLES:
        row.action, row.reason = Action.SKIP, f"Role {line.raw_role} is not imported."
        return row
    problem = line.problem or _email_problem(line.email)
    if not problem and not line.role:
        problem = f"Unknown role “{line.raw_role}”."
    if not problem and (line.email, line.role) in seen:
        problem = f"{line.email} already appears as {line.role} on {seen[line.email, line.role]}."
    if problem:
        row.reason = problem
        return row
    seen[line.email, line.role] = line.source
    user = users.get(line.email)
    current = [m for m in memberships.get(user.pk, []) if m.role == line.role] if user else []
    if not line.active:
        return _plan_deactivation(row, user, current, scope)
    return _plan_membership(row, line, user, current, scope)


def _email_problem(email: str) -> str:
    if not email:
        return "The email is empty."
    try:
        validate_email(email)
    except ValidationError:
        return f"“{email}” is not a valid email address."
    return ""


def _plan_deactivation(
    row: PlannedRow, user: User | None, current: list[Membership], scope: Scope
) -> PlannedRow:
    if user is not None and not current and scope.invited.get(user.pk):
        # Only someone this organization invited: the admin already knows of them.
        row.action, row.reason = Action.DEACTIVATE, "The invitation is withdrawn."
        row.data = {"user_id": user.pk, "withdraw": scope.invited[user.pk]}
        return row
    if user is None or not current:
        row.action, row.reason = Action.UNCHANGED, "Inactive in the file; not a current member."
        return row
    if scope.admin is not None and user.pk == scope.admin.pk:
        row.reason = "You cannot deactivate your own account."
        return row
    row.action = Action.DEACTIVATE
    row.reason = "Leaves " + ", ".join(m.organization.name for m in current) + "."
    row.data = {"user_id": user.pk, "end": [m.pk for m in current]}
    return row


def _plan_membership(
    row: PlannedRow, line: PersonLine, user: User | None, current: list[Membership], scope: Scope
) -> PlannedRow:
    wanted = {ref["pk"] for ref in line.org_refs if "pk" in ref}
    new_orgs = [ref for ref in line.org_refs if "new" in ref]
    have = {m.organization_id for m in current}
    grant = [{"pk": pk} for pk in sorted(wanted - have)] + new_orgs
    end = [m for m in current if m.organization_id not in wanted]
    names = {o.pk: o.name for o in scope.orgs}
    if user is None:
        row.action, row.reason = Action.INVITE, INVITE_REASON
        row.data = {"email": line.email, "name": line.name, "role": line.role, "grant": grant}
        return row
    if user.pk in scope.needs_consent:
        row.action, row.reason = Action.INVITE, INVITE_REASON
        row.data = {"user_id": user.pk, "role": line.role, "grant": grant}
        return row
    if scope.admin is not None and user.pk == scope.admin.pk and end:
        row.reason = "This would end your own admin role; keep yourself in the file."
        return row
    if not grant and not end:
        row.action, row.reason = Action.UNCHANGED, "Already a member."
        return row
    changes = [f"joins {names.get(g['pk']) if 'pk' in g else g['new']}" for g in grant]
    changes += [f"leaves {m.organization.name}" for m in end]
    row.action, row.reason = Action.UPDATE, "; ".join(changes).capitalize() + "."
    row.data = {
        "user_id": user.pk,
        "role": line.role,
        "grant": grant,
        "end": [m.pk for m in end],
        "name": line.name if not user.display_name else "",
    }
    return row


def _plan_missing(present: set[int], scope: Scope) -> list[PlannedRow]:
    """Educators in scope who are not in a full roster file (`present`: the accounts the file
    names, under any of their addresses): they left."""
    missing = (
        Membership.objects.filter(
            is_active=True,
            role=Role.EDUCATOR,
            organization__path__startswith=scope.root.path,
        )
        .select_related("user", "organization")
        .order_by("user__email")
    )
    by_user: dict[int, list[Membership]] = {}
    for membership in missing:
        if membership.user_id not in present:
            by_user.setdefault(membership.user_id, []).append(membership)
    rows = []
    for memberships in by_user.values():
        user = memberships[0].user
        rows.append(
            PlannedRow(
                "not in the file",
                Kind.USER,
                Action.DEACTIVATE,
                user.email,
                "Not in the full roster: leaves "
                + ", ".join(m.organization.name for m in memberships)
                + ".",
                {"user_id": user.pk, "end": [m.pk for m in memberships]},
            )
        )
    withdrawn = "Not in the full roster: the invitation is withdrawn."
    for email, invitation_ids in invitations_waiting_for_others(scope.root, present).items():
        data = {"withdraw": invitation_ids}
        rows.append(
            PlannedRow("not in the file", Kind.USER, Action.DEACTIVATE, email, withdrawn, data)
        )
    return rows


# --------------------------------------------------------------------------------------------
# The whole plan
# --------------------------------------------------------------------------------------------


def build_plan(
    *,
    root: Organization,
    admin: User | None,
    users_file: bytes,
    orgs_file: bytes | None = None,
    deactivate_missing: bool = False,
) -> tuple[str, list[PlannedRow]]:
    """Read the file(s) and plan every change. Raises RosterFileError for an unreadable file."""
    scope = Scope.load(root, admin)
    file_format = detect_format(users_file)
    if file_format == RosterImport.Format.ONEROSTER:
        users = read_csv(users_file, "users.csv", ONEROSTER_USER_COLUMNS)
        orgs = read_csv(orgs_file, "orgs.csv", ONEROSTER_ORG_COLUMNS) if orgs_file else None
        org_rows, refs = plan_orgs(orgs, scope)
        lines = person_lines_oneroster(users, refs, scope)
    else:
        if orgs_file:
            raise RosterFileError("orgs.csv goes with a OneRoster users.csv, not a simple CSV.")
        users = read_csv(users_file, "the file", SIMPLE_COLUMNS, SIMPLE_OPTIONAL_COLUMNS)
        org_rows, lines = [], person_lines_simple(users, scope)
    for line in lines:
        if not line.problem and not line.org_refs:
            line.problem = "No school or district to place this person in."
    people = plan_people(lines, scope, deactivate_missing=deactivate_missing)
    return file_format, org_rows + people
