"""The demo data files (demo/data/): each matches its schema, and they agree with each other and
with the platform (every slug, key and email they name exists; every value the loader passes on
is one the platform knows)."""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from credentials.models import EvidenceRequirement
from credentials.services import SUBJECTS
from demo.activity import DRAFT, EARNED, NOT_YET, WAITING
from demo.cast import DEMO_AUTHOR, DEMO_REVIEWER, ISSUER_SLUG
from demo.files import DATA_DIR, MICRO_CREDENTIALS_DIR, SCHEMA_DIR, micro_credential_files, read
from organizations.models import Organization, Role
from organizations.services import ALLOWED_PARENTS
from recognition.models import Goal, Outcome, Recognition, RecognitionBody

# Each data file and the schema that describes it.
LIST_FILES = {
    "focus-areas.json": "focus-areas",
    "stacks.json": "stacks",
    "organizations.json": "organizations",
    "accounts.json": "accounts",
    "recognition.json": "recognition",
    "community.json": "community",
    "discussion.json": "discussion",
    "critical-friends.json": "critical-friends",
}
MICRO_CREDENTIALS = [read(path) for path in micro_credential_files()]
BY_SLUG = {entry["slug"]: entry for entry in MICRO_CREDENTIALS}


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _data_files() -> list[tuple[Path, str]]:
    files = [(DATA_DIR / name, schema) for name, schema in LIST_FILES.items()]
    return files + [(path, "micro-credential") for path in micro_credential_files()]


def _errors(schema: str, data: Any) -> list[str]:
    errors = Draft202012Validator(_schema(schema)).iter_errors(data)
    return sorted(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def _slugs(file: str) -> list[str]:
    return [entry["slug"] for entry in read(DATA_DIR / file)]


def test_every_schema_is_a_valid_json_schema():
    schemas = sorted(SCHEMA_DIR.glob("*.schema.json"))
    assert {path.name.removesuffix(".schema.json") for path in schemas} == {
        *LIST_FILES.values(),
        "micro-credential",
    }
    for path in schemas:
        Draft202012Validator.check_schema(_schema(path.name.removesuffix(".schema.json")))


def test_every_data_file_matches_its_schema():
    assert len(MICRO_CREDENTIALS) >= 24
    data_files = {path for path in DATA_DIR.rglob("*.json") if SCHEMA_DIR not in path.parents}
    assert data_files == {path for path, _ in _data_files()}  # no file goes unchecked
    errors = [
        f"{path.name} at {error}"
        for path, schema in _data_files()
        for error in _errors(schema, json.loads(path.read_text(encoding="utf-8")))
    ]
    assert errors == []


def test_the_schema_catches_a_broken_micro_credential():
    path = micro_credential_files()[0]
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["requirements"][0] = {  # an upload with a word limit and no file types
        "key": "context",
        "part": 1,
        "title": "Classroom context",
        "prompt": "Describe the class.",
        "kind": "artifact",
        "word_limit": 300,
        "required": True,
    }
    del entry["rubric"][0]["levels"][0]["passing"]
    entry["colour"] = "blue"
    assert _errors("micro-credential", entry) == [
        "/: Additional properties are not allowed ('colour' was unexpected)",
        "/requirements/0: 'accepted_types' is a required property",
        "/requirements/0: 'max_size_mb' is a required property",
        "/requirements/0: False schema does not allow 300",  # its word_limit
        "/rubric/0/levels/0: 'passing' is a required property",
    ]


def test_every_file_is_written_one_way_so_diffs_stay_small():
    """2-space indent, real characters rather than \\u escapes, a final newline."""
    for path in sorted(DATA_DIR.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", path


def test_each_micro_credential_file_is_named_after_its_slug():
    slugs = [entry["slug"] for entry in MICRO_CREDENTIALS]
    assert [path.stem for path in micro_credential_files()] == slugs
    assert not [p for p in MICRO_CREDENTIALS_DIR.iterdir() if p.suffix != ".json"]


def test_slugs_and_emails_are_unique():
    for file in ("focus-areas.json", "stacks.json", "organizations.json"):
        slugs = _slugs(file)
        assert len(slugs) == len(set(slugs)), file
    emails = [account["email"] for account in read(DATA_DIR / "accounts.json")]
    assert len(emails) == len(set(emails))


def test_micro_credentials_name_existing_focus_areas():
    focus_areas = set(_slugs("focus-areas.json"))
    assert {entry["focus_area"] for entry in MICRO_CREDENTIALS} <= focus_areas


def test_rubric_criteria_score_requirements_of_their_own_micro_credential():
    for entry in MICRO_CREDENTIALS:
        keys = [requirement["key"] for requirement in entry["requirements"]]
        assert len(keys) == len(set(keys)), entry["slug"]
        for criterion in entry["rubric"]:
            assert set(criterion["requirements"]) <= set(keys), (entry["slug"], criterion["title"])


def test_stacks_name_existing_micro_credentials():
    for stack in read(DATA_DIR / "stacks.json"):
        assert set(stack["micro_credentials"]) <= set(BY_SLUG), stack["slug"]


def test_organizations_come_after_a_parent_of_an_allowed_kind():
    kinds: dict[str, str] = {}
    for organization in read(DATA_DIR / "organizations.json"):
        parent_kind = kinds[organization["parent"]] if "parent" in organization else None
        assert parent_kind in ALLOWED_PARENTS[organization["kind"]], organization["slug"]
        kinds[organization["slug"]] = organization["kind"]
    assert kinds[ISSUER_SLUG] == Organization.Kind.ISSUER


def test_accounts_have_their_roles_in_existing_organizations():
    organizations = set(_slugs("organizations.json"))
    accounts = {account["email"]: account for account in read(DATA_DIR / "accounts.json")}
    assert {a["organization"] for a in accounts.values() if "role" in a} <= organizations
    assert (accounts[DEMO_AUTHOR]["organization"], accounts[DEMO_AUTHOR]["role"]) == (
        ISSUER_SLUG,
        Role.AUTHOR,
    )
    assert (accounts[DEMO_REVIEWER]["organization"], accounts[DEMO_REVIEWER]["role"]) == (
        ISSUER_SLUG,
        Role.REVIEWER,
    )


@pytest.mark.parametrize("activity", [EARNED, NOT_YET, DRAFT, WAITING])
def test_the_demo_activity_names_an_educator_and_a_micro_credential_that_takes_documents(activity):
    email, slug = activity
    account = next(a for a in read(DATA_DIR / "accounts.json") if a["email"] == email)
    assert account["role"] == Role.EDUCATOR
    uploads = [r for r in BY_SLUG[slug]["requirements"] if r["kind"] == "artifact"]
    assert uploads
    assert all("document" in requirement["accepted_types"] for requirement in uploads)


def test_schema_choices_are_the_platforms():
    """What the loader hands to the services is a value the platform knows."""
    micro_credential = _schema("micro-credential")
    properties, requirement = micro_credential["properties"], micro_credential["$defs"]
    assert properties["subjects"]["items"]["enum"] == SUBJECTS
    requirement = requirement["requirement"]["properties"]
    assert requirement["kind"]["enum"] == EvidenceRequirement.Kind.values
    assert requirement["part"]["enum"] == EvidenceRequirement.Part.values
    assert requirement["accepted_types"]["items"]["enum"] == EvidenceRequirement.FileType.values
    organization = _schema("organizations")["items"]["properties"]
    assert organization["kind"]["enum"] == Organization.Kind.values
    assert _schema("accounts")["items"]["properties"]["role"]["enum"] == Role.values


def test_hours_and_ceus_have_at_most_the_one_decimal_place_the_database_keeps():
    for entry in MICRO_CREDENTIALS:
        for value in (entry["pd_hours"], entry["ceus"]):
            if isinstance(value, Decimal):
                assert value.as_tuple().exponent >= -1, entry["slug"]


RECOGNITION = read(DATA_DIR / "recognition.json")
COMMUNITY = read(DATA_DIR / "community.json")


def test_community_names_existing_organizations_accounts_and_catalog():
    organizations = {entry["slug"]: entry for entry in read(DATA_DIR / "organizations.json")}
    accounts = {account["email"]: account for account in read(DATA_DIR / "accounts.json")}
    for cohort in COMMUNITY["cohorts"]:
        assert cohort["organization"] in organizations
        creator = accounts[cohort["created_by"]]
        # Its creator administers the running organization (the service refuses anyone else).
        assert (creator["role"], creator["organization"]) == (
            "district_admin",
            cohort["organization"],
        )
        assert cohort.get("stack", "checking-for-understanding") in set(_slugs("stacks.json"))
        assert set(cohort.get("micro_credentials", [])) <= set(BY_SLUG)
        people = cohort["facilitators"] + cohort["members"]
        assert len(people) == len(set(people)) and set(people) <= set(accounts)
        assert {a["by"] for a in cohort["announcements"]} <= set(cohort["facilitators"])
        assert cohort["starts_in_days"] <= cohort["ends_in_days"]


def test_the_community_schema_catches_a_cohort_without_a_facilitator():
    broken = {"cohorts": [{**COMMUNITY["cohorts"][0], "facilitators": []}]}
    assert any("facilitators" in error for error in _errors("community", broken))


def test_recognition_names_existing_organizations_accounts_and_targets():
    organizations = set(_slugs("organizations.json"))
    emails = {account["email"] for account in read(DATA_DIR / "accounts.json")}
    targets = {
        "micro_credential": set(BY_SLUG),
        "stack": set(_slugs("stacks.json")),
        "focus_area": set(_slugs("focus-areas.json")),
    }
    bodies = {body["slug"]: body for body in RECOGNITION["bodies"]}
    assert len(bodies) == len(RECOGNITION["bodies"])
    for body in bodies.values():
        assert {body.get("organization"), body.get("applies_to")} - {None} <= organizations
        assert set(body["approvers"]) | set(body["managers"]) <= emails, body["slug"]
        for rule in body["rules"]:
            assert rule["target"] in targets[rule["scope"]], (body["slug"], rule["target"])
        keys = [(r["scope"], r["target"], r["outcome"]) for r in body["rules"]]
        assert len(keys) == len(set(keys)), body["slug"]  # the seeder finds a rule by its key
        goals = [goal for goal in body["goals"] if goal["kind"] == "stack"]
        assert {goal["stack"] for goal in goals} <= targets["stack"]
    for entry in RECOGNITION["renewal_dates"] + RECOGNITION["credit_requests"]:
        assert entry["educator"] in emails and entry["body"] in bodies
    for entry in RECOGNITION["credit_requests"]:
        assert entry["micro_credential"] in BY_SLUG
        assert entry.get("by", entry["educator"]) in emails
        if "by" in entry:
            assert entry["by"] in bodies[entry["body"]]["approvers"]


def test_recognition_schema_choices_are_the_platforms():
    schema = _schema("recognition")["$defs"]
    assert schema["body"]["properties"]["kind"]["enum"] == RecognitionBody.Kind.values
    assert schema["rule"]["properties"]["scope"]["enum"] == Recognition.Scope.values
    assert schema["rule"]["properties"]["outcome"]["enum"] == Outcome.values
    assert schema["rule"]["properties"]["limit_period"]["enum"] == Recognition.LimitPeriod.values
    assert schema["goal"]["properties"]["kind"]["enum"] == Goal.Kind.values


def test_the_recognition_schema_catches_a_broken_goal_and_rule():
    body = json.loads(json.dumps(RECOGNITION["bodies"][0]))
    body["goals"] = [{"title": "Renewal", "kind": "amount_in_cycle", "stack": "x"}]
    body["rules"][0]["amount"] = "ten"
    data = {**RECOGNITION, "bodies": [body]}
    errors = _errors("recognition", data)
    assert any("/bodies/0/goals/0" in error for error in errors)
    assert any("/bodies/0/rules/0/amount" in error for error in errors)


def test_a_demo_micro_credential_takes_teams_with_shared_and_individual_evidence():
    """ADR 0032: at least one team-enabled micro-credential, with sizes the platform accepts,
    at least one shared and one individual requirement, and a criterion of each kind."""
    teams = [entry for entry in MICRO_CREDENTIALS if "team" in entry]
    assert teams
    for entry in teams:
        assert 2 <= entry["team"]["min_size"] <= entry["team"]["max_size"] <= 5, entry["slug"]
        shared = {r["key"] for r in entry["requirements"] if r.get("shared")}
        assert shared and shared != {r["key"] for r in entry["requirements"]}, entry["slug"]
        kinds = {set(c["requirements"]) <= shared for c in entry["rubric"]}
        assert kinds == {True, False}, entry["slug"]
