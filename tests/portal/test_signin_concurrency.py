"""40 simultaneous wrong passwords for one account: at most the limit is checked (issue 16).

django-axes looks at the stored failures before checking a password and stores
the failure after: guesses that arrive together all passed the look, and the
review had 40 parallel guesses with 10 checked at a limit of 5. The served portal
(waitress, 8 threads; SQLite and PostgreSQL) counts every password it checks;
the guesses come through the sign-in form, the admin's sign-in and the API's
HTTP Basic at once. No tolerance: the slot taken before each check
(``regiocluster.portal.accounts.signin``) makes the bound exact.
"""

from __future__ import annotations

import base64
import re
import threading
from pathlib import Path

import pytest
import requests

from .conftest import FIXTURE_CASE
from .livesite import ADMIN_PASSWORD, live_portal, postgres_available, postgres_database

pytestmark = pytest.mark.slow

GUESSES = 40
LIMIT = 5  # AXES_FAILURE_LIMIT's default (REGIOCLUSTER_LOGIN_FAILURE_LIMIT)
PATHS = ("/en/accounts/login/", "/admin/login/", "/api/organisations/")


def _prepared(base: str, path: str) -> requests.Session:
    s = requests.Session()
    if path.startswith("/api/"):
        return s
    page = s.get(base + path, timeout=120).text
    s.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return s


def _attempt(base: str, path: str, s: requests.Session, password: str) -> int:
    if path.startswith("/api/"):
        token = base64.b64encode(f"admin:{password}".encode()).decode()
        r = s.get(base + path, headers={"Authorization": f"Basic {token}"}, timeout=300)
        return r.status_code
    data = {"username": "admin", "password": password, "csrfmiddlewaretoken": s.csrf}
    r = s.post(
        base + path,
        data=data,
        headers={"Referer": base + path},
        allow_redirects=False,
        timeout=300,
    )
    return r.status_code


def _guess_in_parallel(base: str, checks: Path) -> None:
    paths = [PATHS[i % len(PATHS)] for i in range(GUESSES)]
    sessions = [_prepared(base, path) for path in paths]
    barrier = threading.Barrier(GUESSES)
    codes: list[int] = []

    def guess(i: int) -> None:
        barrier.wait()
        codes.append(_attempt(base, paths[i], sessions[i], f"wrong-guess-{i}"))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(GUESSES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    checked = len(checks.read_text().splitlines()) if checks.exists() else 0
    print(f"{GUESSES} parallel guesses: {checked} passwords checked, answers {sorted(codes)}")
    assert len(codes) == GUESSES and not [c for c in codes if c >= 500], codes
    assert 1 <= checked <= LIMIT, f"{checked} passwords checked, limit {LIMIT}"
    # the right password afterwards is refused on every path, and still not checked
    for path in PATHS:
        code = _attempt(base, path, _prepared(base, path), ADMIN_PASSWORD)
        assert code in ((401, 403, 429) if path.startswith("/api/") else (429,)), (path, code)
    assert len(checks.read_text().splitlines()) == checked


def test_parallel_guesses_on_sqlite(tmp_path):
    checks = tmp_path / "checks.txt"
    with live_portal(tmp_path, case=FIXTURE_CASE, count_password_checks=checks) as base:
        _guess_in_parallel(base, checks)


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL is not running")
def test_parallel_guesses_on_postgresql(tmp_path):
    checks = tmp_path / "checks.txt"
    with (
        postgres_database() as url,
        live_portal(
            tmp_path, case=FIXTURE_CASE, database_url=url, count_password_checks=checks
        ) as base,
    ):
        _guess_in_parallel(base, checks)
