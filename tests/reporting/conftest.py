from tests.organizations.conftest import credentials  # noqa: F401  (fixture)
