"""Template tags of the badges fragments that lower apps' pages include: an earned badge and
its renewal on a micro-credential's page (templates/badges/_credential_action.html) and on a
passed submission's page (_submission_badge.html). Submissions and credentials stand below
badges and never import it: their templates include these fragments."""

from django import template

from credentials.models import MicroCredential
from submissions.models import Submission

from .. import selectors
from ..models import Badge

register = template.Library()


@register.simple_tag
def submission_badge(submission: Submission) -> Badge | None:
    """{% submission_badge submission as badge %}: the badge the passed attempt earned, once
    it is issued."""
    return selectors.badge_for_submission(submission.pk)


@register.simple_tag
def badge_renewal(badge: Badge | None, credential: MicroCredential) -> selectors.Renewal | None:
    """{% badge_renewal badge credential as renewal %}: the badge's renewal when it expires;
    none for a retired micro-credential (starting it again is refused)."""
    return selectors.renewal_for(badge) if credential.is_offered else None
