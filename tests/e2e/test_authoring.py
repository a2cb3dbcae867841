"""An author writes a micro-credential in the browser: details (the address follows the title),
one requirement per part, a two-criterion rubric with levels edited inline, criteria moved with
the keyboard and by dragging (each move saved: it survives a reload), a preview, a refused
publish, then a published page. axe finds nothing serious on the authoring pages."""

import re

import pytest
from django.core.management import call_command

from credentials.models import MicroCredential
from tests.support.browser import accessibility_violations, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "think-alouds-for-problem-solving"
TITLE = "Think-Alouds for Problem Solving"


def _field(scope, label: str):
    """The input labelled `label` (a required field's label ends with a "*")."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def _row(page, index: int):
    return page.locator("[data-formset-row]").nth(index)


def _fill_details(page) -> None:
    # The address follows the title as the author types it...
    _field(page, "Title").press_sequentially(TITLE[:12])
    assert _field(page, "Address").input_value() == "think-alouds"
    _field(page, "Title").press_sequentially(TITLE[12:])
    assert _field(page, "Address").input_value() == SLUG
    # ...until the author writes one of their own; emptying it hands it back to the title.
    _field(page, "Address").fill("my-own-address")
    _field(page, "Title").press_sequentially("!")
    assert _field(page, "Address").input_value() == "my-own-address"
    _field(page, "Address").fill("")
    _field(page, "Title").fill(TITLE)
    assert _field(page, "Address").input_value() == SLUG
    _field(page, "Focus area").select_option(label="Deeper Learning")
    _field(page, "New competency: name").fill("Modelling expert thinking")
    _field(page, "New competency: statement").fill(
        "The educator makes expert problem-solving visible by thinking aloud."
    )
    _field(page, "Key method").fill(
        "Model a problem while saying every decision aloud, then hand the thinking to students."
    )
    _field(page, "Method components").fill("Choose a rich problem\nThink aloud\nRelease to pairs")
    _field(page, "Resources").fill("Edutopia | https://www.edutopia.org/")
    page.get_by_role("checkbox", name="6-8").check()
    page.get_by_role("checkbox", name="Mathematics").check()
    _field(page, "PD hours").fill("15")


def _fill_requirement(row, part: str, title: str, prompt: str, *, upload: bool = False) -> None:
    _field(row, "Part").select_option(label=part)
    _field(row, "Title").fill(title)
    _field(row, "Prompt").fill(prompt)
    if upload:
        _field(row, "File upload").check()
        _field(row, "Video").check()
        _field(row, "Max size (MB)").fill("500")


def _level(scope, index: int):
    """A level row inline in a criterion's row of the rubric page."""
    return scope.locator("[data-level-row]").nth(index)


def _criterion_titles(page) -> list[str]:
    return [
        _field(_row(page, i), "Title").input_value()
        for i in range(page.locator("[data-formset-row]").count())
    ]


def _fill_levels(page, lowest: str, passing: str) -> None:
    first, second = _row(page, 0), _row(page, 1)
    _field(first, "Name").fill(lowest)
    _field(first, "Description").fill("The evidence does not show it yet.")
    _field(second, "Name").fill(passing)
    _field(second, "Description").fill("The evidence shows it consistently.")
    _field(second, "Passing level").check()
    page.get_by_role("button", name="Save levels").click()


def test_author_writes_previews_and_publishes_a_micro_credential(
    live_server, page, screenshot, settings
):
    call_command("seed_demo")
    login(page, live_server.url, "author@example.com", settings.DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Authoring").click()
    page.get_by_role("heading", name="Authoring", level=1).wait_for()
    screenshot("list")

    # Details: a draft with a new competency.
    page.get_by_role("link", name="New micro-credential").click()
    _fill_details(page)
    assert accessibility_violations(page, live_server.url) == []
    screenshot("details")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_text("Draft created.").wait_for()

    # Requirements: one per part, added with the keyboard-friendly "Add" button.
    _fill_requirement(
        _row(page, 0), "Part 1: Overview questions", "Your class", "Describe your class."
    )
    page.get_by_role("button", name="Add a requirement").click()
    assert page.evaluate("document.activeElement.name") == "requirements-1-part"
    _fill_requirement(
        _row(page, 1),
        "Part 2: Artifacts",
        "Think-aloud video",
        "Record a think-aloud.",
        upload=True,
    )
    assert not _row(page, 1).get_by_label("Word limit").is_visible()
    page.get_by_role("button", name="Add a requirement").click()
    _fill_requirement(
        _row(page, 2), "Part 3: Reflection", "Reflection", "What changed for your students?"
    )
    # Forgetting the file types of the upload is caught on its own row; nothing is saved.
    _field(_row(page, 1), "Video").uncheck()
    page.get_by_role("button", name="Save requirements").click()
    _row(page, 1).get_by_text("Choose at least one file type for an upload.").wait_for()
    screenshot("requirements-error")
    _field(_row(page, 1), "Video").check()
    assert accessibility_violations(page, live_server.url) == []
    screenshot("requirements")
    page.get_by_role("button", name="Save requirements").click()
    page.get_by_text("Requirements saved.").wait_for()

    # Rubric: two criteria, each scoring some of the requirements; the first one's levels are
    # written inline, in its own row, and saved with the rubric.
    page.get_by_role("link", name="Rubric").click()
    first = _row(page, 0)
    _field(first, "Title").fill("Quality of the model")
    _field(first, "Part 1: Your class").check()
    _field(first, "Part 2: Think-aloud video").check()
    _field(_level(first, 0), "Name").fill("Not yet")
    _field(_level(first, 0), "Description").fill("The model skips decisions.")
    _field(_level(first, 1), "Name").fill("Proficient")
    _field(_level(first, 1), "Description").fill("Every decision is said aloud.")
    _field(_level(first, 1), "Passing level").check()
    page.get_by_role("button", name="Add a criterion").click()
    second = _row(page, 1)
    _field(second, "Title").fill("Reflection on impact")
    _field(second, "Part 3: Reflection").check()
    page.get_by_role("button", name="Save rubric").click()
    page.get_by_text("Rubric saved.").wait_for()
    assert accessibility_violations(page, live_server.url) == []
    screenshot("rubric-inline-levels")

    # A level edited inline, and one more added, in the same save.
    first = _row(page, 0)
    _field(_level(first, 1), "Description").fill("Every decision is said aloud, with why.")
    first.get_by_role("button", name="Add a level").click()
    _field(_level(first, 2), "Name").fill("Exemplary")
    _field(_level(first, 2), "Description").fill("Students take over the thinking aloud.")
    _field(_level(first, 2), "Passing level").check()
    page.get_by_role("button", name="Save rubric").click()
    page.get_by_text("Rubric saved.").wait_for()
    first = _row(page, 0)
    assert _field(_level(first, 1), "Description").input_value().endswith("with why.")
    assert _field(_level(first, 2), "Name").input_value() == "Exemplary"

    # Move "Reflection on impact" up with the keyboard: announced, saved, kept after a reload.
    move_up = _row(page, 1).get_by_role("button", name="Move up")
    move_up.focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="Order saved")
    status.wait_for()
    assert status.inner_text() == "“Reflection on impact” is now 1 of 2. Order saved."
    assert page.evaluate("document.activeElement.textContent") == "Move up"
    assert _criterion_titles(page) == ["Reflection on impact", "Quality of the model"]
    page.reload()
    assert _criterion_titles(page) == ["Reflection on impact", "Quality of the model"]
    assert _row(page, 0).locator("legend").first.inner_text().startswith("Criterion 1")
    screenshot("rubric-moved")

    # And back by dragging "Quality of the model" by its handle onto the top of the other (a
    # tall window: both rows on the screen, as a mouse user would drag them).
    page.set_viewport_size({"width": 1280, "height": 2400})
    _row(page, 1).locator("[data-drag-handle]").drag_to(
        _row(page, 0), target_position={"x": 60, "y": 12}
    )
    page.get_by_role("status").filter(has_text="“Quality of the model” is now 1 of 2").wait_for()
    page.get_by_role("status").filter(has_text="Order saved").wait_for()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert _criterion_titles(page) == ["Quality of the model", "Reflection on impact"]

    # Publishing now is refused, and says why: the second criterion has no levels yet.
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Publish version 1").click()
    errors = page.get_by_test_id("publish-errors")
    errors.get_by_text("Criterion “Reflection on impact” needs at least two levels.").wait_for()
    screenshot("publish-refused")

    # Its levels, lowest first, reached from the error's own link (a page of their own).
    errors.get_by_role("link", name="Edit the levels").first.click()
    page.get_by_role("heading", name="Levels of “Reflection on impact”").wait_for()
    screenshot("levels")
    _fill_levels(page, "Not yet", "Proficient")
    page.get_by_text("Levels of “Reflection on impact” saved.").wait_for()
    screenshot("rubric")

    page.get_by_role("link", name="Preview").click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert page.get_by_text("Modelling expert thinking").first.is_visible()
    assert page.get_by_role("heading", name="2. Reflection on impact").is_visible()
    screenshot("preview")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Publish version 1").click()
    # Publishing asks first: nothing is in the catalog until it is confirmed.
    page.get_by_role("heading", name=f"Publish version 1 of “{TITLE}”?").wait_for()
    assert MicroCredential.objects.get(slug=SLUG).status != MicroCredential.Status.PUBLISHED
    screenshot("publish-confirm")
    page.get_by_role("button", name="Yes, publish version 1").click()
    page.get_by_text(f"Version 1 of “{TITLE}” is published").wait_for()
    screenshot("published")
    credential = MicroCredential.objects.get(slug=SLUG)
    assert credential.status == MicroCredential.Status.PUBLISHED

    page.goto(f"{live_server.url}/catalog/{SLUG}/")
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert re.search("Think-aloud video", page.content())
