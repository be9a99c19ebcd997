"""8 writers for 10 s against a served portal: no 5xx, no lost update (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, defaultdict

import pytest

from .conftest import FIXTURE_CASE
from .livesite import live_portal, postgres_available, postgres_database, signed_in

pytestmark = pytest.mark.slow

WRITERS = 8
SECONDS = 10


def _writer(base, n, s, orgs, stop, log):
    i = 0
    while not stop.is_set():
        i += 1
        org = orgs[i % len(orgs)]
        if i % 4 == 0:  # an insert: a membership application through the page
            r = s.post(
                f"{base}/en/join/",
                data={
                    "csrfmiddlewaretoken": s.cookies["csrftoken"],
                    "organisation_name": f"Writer {n} applicant {i}",
                    "inn": "7707083893",
                    "okved": "08.12",
                    "kind": "raw_materials",
                    "region": "LEN-VYB",
                    "founded": "2004",
                    "size_class": "small",
                    "contact_name": "Ivan Petrov",
                    "email": f"w{n}i{i}@example.org",
                },
                allow_redirects=False,
                timeout=60,
            )
            log.append(("create", None, r.status_code, None, None))
            continue
        got = s.get(f"{base}/api/organisations/{org}/", timeout=60)
        if got.status_code != 200:
            log.append(("read", org, got.status_code, None, None))
            continue
        phone = f"+7 {n}{i:07d}"
        r = s.patch(
            f"{base}/api/organisations/{org}/",
            json={"description": phone, "version": got.json()["version"]},
            timeout=60,
        )
        version = r.json().get("version") if r.status_code == 200 else None
        log.append(("update", org, r.status_code, version, phone))


def _run(base):
    admin = signed_in(base)
    orgs = [o["id"] for o in admin.get(f"{base}/api/organisations/?limit=3").json()["results"]]
    start = {o: admin.get(f"{base}/api/organisations/{o}/").json()["version"] for o in orgs}
    logs = [[] for _ in range(WRITERS)]
    stop = threading.Event()
    sessions = [signed_in(base) for _ in range(WRITERS)]  # sign-in (password hashing) not timed
    threads = [
        threading.Thread(target=_writer, args=(base, n, sessions[n], orgs, stop, logs[n]))
        for n in range(WRITERS)
    ]
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join(120)
    events = [e for log in logs for e in log]
    codes = Counter(code for _kind, _org, code, _v, _p in events)
    print(f"{len(events)} writes in {SECONDS} s: {dict(codes)}")
    assert not [c for c in codes if c >= 500], codes
    assert set(codes) <= {200, 302, 409}, codes
    # every saved update got its own new version, without gaps: none was lost
    saved = defaultdict(list)
    for kind, org, code, version, phone in events:
        if kind == "update" and code == 200:
            saved[org].append((version, phone))
    for org in orgs:
        final = admin.get(f"{base}/api/organisations/{org}/").json()
        versions = sorted(v for v, _p in saved[org])
        assert versions == list(range(start[org] + 1, final["version"] + 1)), org
        assert final["description"] == max(saved[org])[1]
    created = sum(1 for kind, _o, code, _v, _p in events if kind == "create" and code == 302)
    page = admin.get(f"{base}/en/dashboard/cluster/").text
    pending = re.search(r"waiting for review: <strong>(\d+)</strong>", page).group(1)
    assert int(pending) == created
    assert sum(len(v) for v in saved.values()) > 20 and created > 5  # the run did work
    return codes


def test_eight_writers_on_sqlite(tmp_path):
    with live_portal(tmp_path, case=FIXTURE_CASE) as base:
        _run(base)


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL is not running")
def test_eight_writers_on_postgresql(tmp_path):
    with (
        postgres_database() as url,
        live_portal(tmp_path, case=FIXTURE_CASE, database_url=url) as base,
    ):
        _run(base)


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL is not running")
def test_pages_recover_at_once_after_the_database_drops_its_connections(tmp_path):
    import psycopg

    from .livesite import PG_SERVER

    with (
        postgres_database() as url,
        live_portal(tmp_path, case=FIXTURE_CASE, database_url=url) as base,
    ):
        s = signed_in(base)
        for _ in range(8):  # open a connection in several server threads
            assert s.get(f"{base}/api/organisations/").status_code == 200
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            killed = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            ).fetchone()[0]
        assert killed >= 1
        codes = [s.get(f"{base}/api/organisations/").status_code for _ in range(16)]
        assert codes == [200] * 16  # health-checked connections: no stale-connection errors
