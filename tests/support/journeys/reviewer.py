"""Journey 2: claim, play, score "not yet"; the educator reads the feedback and resubmits; pass."""

import re

from playwright.sync_api import expect

from submissions.models import Submission
from tests.support.journeys.educator import submit
from tests.support.journeys.people import SLUG, WAIT, Person, press


def claim(reviewer: Person, submission: Submission) -> None:
    page = reviewer.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    page.get_by_role("heading", name="Review queue").wait_for()
    row = page.locator(f'tr[data-submission="{submission.public_id}"]')
    expect(row).to_contain_text("Maria Lopez")
    reviewer.check("queue")
    press(row.get_by_role("button", name=re.compile("^Claim")))
    page.get_by_role("heading", name="Rubric").wait_for()


def play_video(reviewer: Person) -> None:
    page = reviewer.page
    video = page.locator("video[data-review-media]")
    video.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('video[data-review-media]').readyState >= 1",
        timeout=WAIT,
    )
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('video[data-review-media]').currentTime > 1.5",
        timeout=WAIT,
    )
    video.evaluate("v => v.pause()")
    reviewer.check("review-playing")


def score(reviewer: Person, submission: Submission, *, failing_first: bool) -> None:
    """Each criterion: a level chosen with the keyboard (arrows move within the radio group,
    Space checks) and feedback typed in."""
    page = reviewer.page
    for index, criterion in enumerate(submission.version.criteria.all()):
        fieldset = page.locator(f'fieldset[data-criterion="{criterion.public_id}"]')
        levels = list(criterion.levels.all())
        wanted = (
            0
            if failing_first and index == 0
            else next(n for n, level in enumerate(levels) if level.passing)
        )
        radios = fieldset.locator("input[type=radio]")
        press(radios.first, "Space")
        for _ in range(wanted):
            page.keyboard.press("ArrowDown")
        expect(radios.nth(wanted)).to_be_checked()
        feedback = (
            "Plan questions that ask students to justify, and probe every answer."
            if wanted == 0
            else "Clear evidence in the video and the plan."
        )
        page.keyboard.press("Tab")  # from the radio group to the criterion's feedback
        expect(fieldset.locator("textarea")).to_be_focused()
        page.keyboard.type(feedback)
        page.keyboard.press("Tab")
        fieldset.get_by_text(re.compile("^Saved at")).wait_for()


def decide(reviewer: Person, decision: str) -> None:
    page = reviewer.page
    page.get_by_label("Overall feedback to the educator").fill(
        "Thank you: the video shows real wait time."
        if decision == "Pass"
        else "A thoughtful start; see the notes on question planning."
    )
    reviewer.check(f"scored-{decision.lower().replace(' ', '-')}")
    press(page.get_by_role("button", name="Continue to the decision"))
    page.get_by_text(f"Decision: {decision}").wait_for()
    reviewer.check(f"confirm-{decision.lower().replace(' ', '-')}")
    press(page.get_by_role("button", name=f"Confirm: {decision}"))
    page.get_by_text(f"Decision sent: {decision}").wait_for()
    reviewer.check(f"decided-{decision.lower().replace(' ', '-')}")


def read_feedback_and_resubmit(maria: Person, submission: Submission) -> Submission:
    page = maria.page
    page.goto(f"{maria.base}/submissions/{submission.public_id}/")
    feedback = page.locator("[data-review-feedback]")
    expect(feedback).to_contain_text("Decision: Not yet")
    expect(feedback).to_contain_text("Plan questions that ask students to justify")
    maria.check("feedback")
    page.get_by_role("button", name="Start attempt 2").click()
    page.get_by_text("Attempt 2").first.wait_for()
    second = Submission.objects.get(educator=submission.educator, credential__slug=SLUG, attempt=2)
    plan = second.version.requirements.get(title="Planned question sequence")
    # The work of attempt 1 came along; the educator improves her reflection and submits.
    expect(page.locator(f"#req-{plan.public_id} li[data-artifact]")).to_have_attribute(
        "data-status", "ready"
    )
    reflection = second.version.requirements.get(title="Reflection")
    area = page.locator(f"#resp-{reflection.public_id}")
    area.fill(area.input_value() + " Next I will probe every answer with 'How do you know?'.")
    area.blur()
    page.locator(f"#req-{reflection.public_id}").get_by_text(re.compile("^Saved at")).wait_for()
    maria.check("attempt-2")
    submit(maria)
    return second
