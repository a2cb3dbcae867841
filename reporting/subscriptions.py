"""Everything reporting listens to (common/events.py), subscribed in ReportingConfig.ready()."""

from common.events import ACCOUNTS_MERGED, subscribe

from . import rollup


def subscribe_all() -> None:
    # A merge moves attempts between the two accounts without their save(): recompute both.
    subscribe(ACCOUNTS_MERGED, rollup.accounts_merged, uid="reporting.rollup")
