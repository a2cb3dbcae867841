"""Community's permissions (autodiscovered by `rules`).

A critical friend holding an open share of a draft may open its evidence (the videos and files
of the draft they read): the submissions permission, as reviews left it, widened here.
"""

from typing import Any

import rules

from common.permissions import permission_widen
from submissions.models import Submission

from .peer import is_critical_friend


@rules.predicate
def reads_as_critical_friend(user: Any, submission: Submission | None) -> bool:
    return submission is not None and is_critical_friend(user, submission)


permission_widen("submissions.view_evidence", reads_as_critical_friend)
