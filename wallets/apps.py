from django.apps import AppConfig


class WalletsConfig(AppConfig):
    """The portable record: the signed Comprehensive Learner Record (CLR 2.0) of an educator's
    current badges and credit. Stands above recognition (credit granted) and badges."""

    name = "wallets"
    verbose_name = "Portable record"
