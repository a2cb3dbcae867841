"""Locust users for bench/bench_load.py: a trivial view, and educators, reviewers and admins.

Run by bench_load (`locust -f bench/locustfile.py --headless ... TrivialUser`, or the three
scenario classes together). LOAD_BENCH_DATA names a JSON file of identities the benchmark
prepared: a session per user (a session cookie created beforehand, as after a real login) and
the ids that user's pages need. Each simulated user takes the next identity of its role, so
users never share a draft or a claim.

Writes send the CSRF token as the browser's scripts do (static/js/csrf.js): the masked token
read from the page's `hx-headers`, with the `csrftoken` cookie the page set. Every request must
answer 200 (redirects are not followed): a login redirect or a 403 counts as a failure.

FastHttpUser (geventhttpclient) costs several times less CPU per request than HttpUser, which
matters when locust shares two cores with the server it measures.
"""

import itertools
import json
import os
import random
import re
from collections.abc import Iterator
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, constant, task

TOKEN = re.compile(r'"X-CSRFToken":\s*"([^"]+)"')
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DRAFT_TEXT = (
    "Students worked in pairs on a model of the water cycle, explained it to another pair and "
    "revised it after their questions. I listened for misconceptions about evaporation and "
    "noted which groups needed a second example before the exit ticket."
)


def _load() -> dict[str, Any]:
    path = os.environ.get("LOAD_BENCH_DATA")
    return json.loads(Path(path).read_text()) if path else {}


DATA = _load()
_NEXT: dict[str, Iterator[int]] = {}


def _identity(role: str) -> dict[str, Any]:
    """The next identity of `role` (round robin when there are more users than identities)."""
    pool = DATA[role]
    counter = _NEXT.setdefault(role, itertools.count())
    return dict(pool[next(counter) % len(pool)])


def _cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(
        version=0, name=name, value=value, port=None, port_specified=False, domain=host,
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True,
        secure=False, expires=None, discard=True, comment=None, comment_url=None, rest={},
    )  # fmt: skip


class _Client(FastHttpUser):
    """No think time: each simulated user stands for many real ones, so the server saturates."""

    abstract = True
    wait_time = constant(0)

    def _get(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} from {path}")
                return ""
            return r.text or ""


class TrivialUser(_Client):
    """The baseline: /healthz, a plain Django view through the whole middleware stack."""

    @task
    def healthz(self) -> None:
        self._get("/healthz", "/healthz")


class _SignedIn(_Client):
    """A user signed in with a session cookie."""

    abstract = True
    role = ""

    def on_start(self) -> None:
        self.me = _identity(self.role)
        host = urlsplit(self.host).hostname or "127.0.0.1"
        self.client.cookiejar.set_cookie(_cookie("sessionid", self.me["session"], host))
        self.csrf_token = ""

    def _page(self, path: str, name: str) -> None:
        """GET a page that carries the CSRF token; keep the token for the next writes."""
        match = TOKEN.search(self._get(path, name))
        if match:
            self.csrf_token = match.group(1)

    def _post(self, path: str, name: str, fields: dict[str, str]) -> None:
        headers = {**FORM, "X-CSRFToken": self.csrf_token}
        body = urlencode(fields)
        with self.client.post(
            path, data=body, headers=headers, name=name, allow_redirects=False,
            catch_response=True,
        ) as r:  # fmt: skip
            if r.status_code != 200:
                r.failure(f"{r.status_code} from {path}: {(r.text or '')[:200]}")


class SignedInUser(_SignedIn):
    """Reference: signed in, no page (bench/load_urls.py)."""

    role = "educators"

    @task
    def signed_in(self) -> None:
        self._get("/bench/signed-in", "/bench/signed-in")


class SignedInWriteUser(_SignedIn):
    """Reference: signed in, a CSRF-checked POST that updates one row (bench/load_urls.py)."""

    role = "educators"

    def on_start(self) -> None:
        super().on_start()
        self._page("/bench/signed-in-layout", "/bench/signed-in-layout (CSRF token)")

    @task
    def signed_in_write(self) -> None:
        self._post("/bench/signed-in-write", "/bench/signed-in-write", {})


class SignedInLayoutUser(_SignedIn):
    """Reference: signed in, the site's layout around an empty page (bench/load_urls.py)."""

    role = "educators"

    @task
    def signed_in_layout(self) -> None:
        self._get("/bench/signed-in-layout", "/bench/signed-in-layout")


class EducatorUser(_SignedIn):
    """Browses and searches the catalog, opens a credential, works on a draft (autosave)."""

    weight = 7
    role = "educators"

    def on_start(self) -> None:
        super().on_start()
        self.edits = 0
        self.workspace()

    @task(2)
    def search(self) -> None:
        word = random.choice(DATA["catalog"]["words"])
        self._get("/catalog/?" + urlencode({"q": word}), "/catalog/?q=[word]")

    @task(1)
    def browse(self) -> None:
        area = random.choice(DATA["catalog"]["focus_areas"])
        self._get("/catalog/?" + urlencode({"focus_area": area}), "/catalog/?focus_area=[slug]")

    @task(2)
    def credential(self) -> None:
        slug = random.choice(DATA["catalog"]["slugs"])
        self._get(f"/catalog/{slug}/", "/catalog/[slug]/")

    @task(2)
    def workspace(self) -> None:
        self._page(f"/submissions/{self.me['submission']}/", "/submissions/[id]/ (workspace)")

    @task(5)
    def autosave(self) -> None:
        self.edits += 1
        requirement = random.choice(self.me["requirements"])
        self._post(
            f"/submissions/{self.me['submission']}/responses/{requirement}/",
            "/submissions/[id]/responses/[id]/ (autosave)",
            {"text": f"{DRAFT_TEXT} Edit {self.edits}."},
        )


class ReviewerUser(_SignedIn):
    """Looks at the queue, reads the claimed submission, autosaves draft scores."""

    weight = 2
    role = "reviewers"

    def on_start(self) -> None:
        super().on_start()
        self.review_page()

    @task(1)
    def queue(self) -> None:
        self._get("/reviews/", "/reviews/ (queue)")

    @task(2)
    def review_page(self) -> None:
        self._page(f"/reviews/{self.me['review']}/", "/reviews/[id]/ (scoring page)")

    @task(5)
    def autosave(self) -> None:
        criterion = random.choice(self.me["criteria"])
        self._post(
            f"/reviews/{self.me['review']}/autosave/",
            "/reviews/[id]/autosave/",
            {
                "criterion": criterion["id"],
                "level": random.choice(criterion["levels"]),
                "feedback": f"Clear evidence in part {random.randint(1, 3)}; see the plan.",
            },
        )


class AdminUser(_SignedIn):
    """The district dashboard with filters and sorting, and the staff progress API."""

    weight = 1
    role = "admins"
    SORTS = ["name", "-earned", "-pd_hours", "school", "-last_activity", "-in_progress"]
    STATUSES = ["", "in_progress", "submitted", "earned", "not_started"]

    @task(1)
    def dashboard(self) -> None:
        self._get(f"/organizations/?org={self.me['org']}", "/organizations/ (dashboard)")

    @task(2)
    def dashboard_filtered(self) -> None:
        query = {
            "org": self.me["org"],
            "status": random.choice(self.STATUSES),
            "sort": random.choice(self.SORTS),
            "school": random.choice(["", *self.me["schools"]]),
            "page": random.choice(["1", "2"]),
        }
        self._get("/organizations/?" + urlencode(query), "/organizations/?[filters] (dashboard)")

    @task(2)
    def progress_api(self) -> None:
        query = urlencode({"status": random.choice(self.STATUSES)})
        self._get(
            f"/api/v1/organizations/{self.me['org']}/progress/?{query}",
            "/api/v1/organizations/[id]/progress/",
        )


def _one_page_user() -> type[_SignedIn]:
    """OnePageUser: one page of the mix alone (LOAD_BENCH_PAGE = "<user class>.<task>"), as that
    role's user, for the page's own CPU. Its first request is the cheap reference layout page
    (the CSRF token the writes need), not the role's heavier first page, so that little but the
    page itself is counted."""
    role, _, name = (os.environ.get("LOAD_BENCH_PAGE") or "EducatorUser.workspace").partition(".")
    user = globals()[role]

    def on_start(self: Any) -> None:
        _SignedIn.on_start(self)
        self.edits = 0
        self._page("/bench/signed-in-layout", "/bench/signed-in-layout (CSRF token)")

    one_page = type(
        "OnePageUser", (user,), {"weight": 1, "on_start": on_start, "__module__": __name__}
    )
    # After the class exists: the metaclass would add the role's other tasks to a `tasks` given
    # in the class body.
    one_page.tasks = [getattr(user, name)]
    return one_page


OnePageUser = _one_page_user()
