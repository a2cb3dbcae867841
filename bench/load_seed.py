"""Seeds one side of bench_load's A/B run: run with `python -c <this file's text> OUT` and the
working directory at that side's tree, so that the tree's own code migrates and seeds.

Both sides (this commit and the baseline commit, bench/load_ab.py) run the same steps through
their own `bench.bench_load._seed()` and `_identities()`, at the sizes the parent passes in
LOAD_SEED_SIZES (the baseline's bench_load may predate `BENCH_SCALE`), against the database
DATABASE_URL names. OUT receives the identities locust needs (JSON); stdout the world's counts.

Kept to what both trees have: Django, `bench.bench_load` with `_seed`, `_identities` and the
size constants, and the standard library.
"""

import json
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from bench import bench_load  # noqa: E402

call_command("migrate", verbosity=0, interactive=False)
for name, size in json.loads(os.environ["LOAD_SEED_SIZES"]).items():
    setattr(bench_load, name, size)
logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
world = bench_load._seed()
identities = bench_load._identities(world, os.environ["LOAD_SEED_SECRET"])
Path(sys.argv[1]).write_text(json.dumps(identities))
print(json.dumps({"submissions": world["submissions"], "queue": world["queue"]}))
