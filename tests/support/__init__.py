"""What the tests share, and nothing that is a test or a fixture.

Builders make rows through the real services (factories.py, cast.py, credentials.py,
submissions.py, reviews.py, badges.py); the rest starts or drives what a test needs (servers.py,
storage.py, worker.py, uploads.py, media_files.py, browser.py, stack.py) or is one suite's
world (faults.py, security.py, poisoned.py, authoring.py, catalog.py, permission_*.py,
journeys/). Conftests keep only fixtures, thin ones that call these.
"""
