from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    """What micro-credentials count for (bodies, rules, goals) and the credit educators claim.
    Stands above badges and integrations; reporting shows its totals."""

    name = "recognition"
    verbose_name = "Recognition"

    def ready(self) -> None:
        # What badges announce (a revocation flags the credit built on it): subscriptions.py.
        from . import rule_targets, subscriptions

        subscriptions.subscribe_all()
        # Saves and deletes of rules refresh what rules name (rule_targets.py).
        rule_targets.connect()
