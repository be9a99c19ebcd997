"""Load benchmark of the portal: PostgreSQL, 5,000 members, 20,000 requests, 50 locust users.

Fills a PostgreSQL database (``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/regiocluster_bench``, created if missing)
with the embedded case plus synthetic benchmark members and requests, starts the
portal exactly as ``regiocluster serve`` does (waitress, loopback only), and runs
locust headless for a bounded time over the catalogue, search and matching
pages. Prints p50, p95 and the error count per page and overall, against the
target (p95 < 150 ms, no errors). There is no peer portal to run side by side;
the reference is the target.

The mixed run (``--mixed``) is the production check: 50 users without think
time, 10 % of them writing (a purchase request posted through the API, the
buyer's profile changed with optimistic locking, where a 409 "changed by someone
else" is the correct answer, not an error), on SQLite and on PostgreSQL in turn.
It prints p50, p95, errors and requests per second for reads and writes.

Usage::

    .venv/bin/python benchmarks/bench_portal.py          # 5,000 members, 20,000 requests, 50 users
    .venv/bin/python benchmarks/bench_portal.py --quick  # 600 members, 2,000 requests, 20 users
    .venv/bin/python benchmarks/bench_portal.py --mixed  # 50 users, 10 % writes, both databases
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/regiocluster_bench"
SERVE = "import sys; from regiocluster.cli.portal import app; sys.argv[0] = 'portal'; app()"

LOCUSTFILE = textwrap.dedent(
    """
    import random

    from locust import HttpUser, between, task

    REQUEST_IDS = __REQUEST_IDS__
    SESSION = __SESSION__
    WAIT_MIN, WAIT_MAX = __WAIT__
    QUERIES = ["Цемент", "Бетон", "Synthetic", "Кирпич", "Песок", "23.51", "ООО"]


    class Visitor(HttpUser):
        wait_time = between(WAIT_MIN, WAIT_MAX)

        def on_start(self):
            # a session made by the benchmark for the demo buyer (we do not measure hashing)
            self.client.cookies.set("sessionid", SESSION, domain="127.0.0.1", path="/")

        @task(4)
        def catalogue(self):
            self.client.get(f"/en/members/?page={random.randint(1, 100)}", name="catalogue")

        @task(3)
        def search(self):
            q = random.choice(QUERIES)
            self.client.get(f"/en/members/?q={q}", name="search members")
            self.client.get(f"/en/exchange/requests/?q={q}", name="search requests")

        @task(3)
        def matching(self):
            rid = random.choice(REQUEST_IDS)
            self.client.get(f"/en/exchange/requests/{rid}/", name="matching page")

        @task(1)
        def products(self):
            self.client.get("/en/products/", name="products")
    """
)

#: Writes of the mixed run, added to the readers above (weights: 11 of 110 tasks write).
MIXED_TASKS = textwrap.dedent(
    """
    import datetime

    CSRF = "benchmarkcsrfsecret0123456789abc"


    class Mixed(Visitor):
        wait_time = between(0, 0)
        abstract = False

        def on_start(self):
            super().on_start()
            self.client.cookies.set("csrftoken", CSRF, domain="127.0.0.1", path="/")
            self.client.headers["X-CSRFToken"] = CSRF

        @task(1)
        def post_request(self):
            day = datetime.date.today() + datetime.timedelta(days=30)
            self.client.post(
                "/api/requests/",
                json={"title": "Песок строительный", "okpd2": "08.12.12", "quantity": 100,
                      "unit": "t", "delivery_place": "Выборг", "lon": 28.7, "lat": 60.7,
                      "delivery_date": day.isoformat()},
                name="write: post request",
            )

        @task(1)
        def edit_profile(self):
            got = self.client.get(f"/api/organisations/{BUYER_ORG}/", name="own profile")
            if got.status_code != 200:
                return
            with self.client.patch(
                f"/api/organisations/{BUYER_ORG}/",
                json={"description": f"Load test {random.random()}",
                      "version": got.json()["version"]},
                name="write: edit profile",
                catch_response=True,
            ) as r:
                if r.status_code in (200, 409):  # 409: someone else saved first (correct)
                    r.success()

    Visitor.abstract = True  # only the mixed user runs: reads plus about 10 % writes
    BUYER_ORG = __BUYER_ORG__
    """
)


def ensure_database(url: str) -> None:
    """Create the benchmark database if it does not exist."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def populate(*, members: int, requests: int, seed: int = 7) -> list[int]:
    """Seed the embedded case, add synthetic members and requests; return buyer request ids."""
    from regiocluster.portal import bootstrap

    bootstrap.migrate()
    from regiocluster.portal.exchange.models import Offer, PurchaseRequest
    from regiocluster.portal.members.models import (
        Capacity,
        Certificate,
        Organisation,
        Product,
        Region,
    )

    if not Organisation.objects.exists():
        t = time.perf_counter()
        bootstrap.seed_if_empty(case=bootstrap.default_case())
        print(f"seeded the embedded case in {time.perf_counter() - t:.1f} s")
    bootstrap.demo_accounts_create()
    rng = random.Random(seed)
    products = list(Product.objects.all())
    districts = list(
        Region.objects.filter(
            kind__in=["municipal_district", "urban_okrug", "federal_city"]
        ).exclude(lon=None)
    )
    have = Organisation.objects.count()
    if have < members:
        t = time.perf_counter()
        new = []
        for i in range(have, members):
            r = rng.choice(districts)
            kind = rng.choice(
                ["producer", "producer", "customer", "services", "raw_materials", "logistics"]
            )
            p = rng.choice(products)
            new.append(
                Organisation(
                    case_id=f"B{i:06d}",
                    name=f"Benchmark member {i} (synthetic)",
                    inn=f"{9900000000 + i}",
                    okved=p.okved or "23.61",
                    kind=kind,
                    region=r,
                    lon=r.lon + rng.uniform(-0.2, 0.2),
                    lat=r.lat + rng.uniform(-0.1, 0.1),
                    size_class=rng.choice(["micro", "small", "medium"]),
                    synthetic=True,
                    description="Synthetic member for the load benchmark.",
                )
            )
        Organisation.objects.bulk_create(new, batch_size=2000)
        created = list(Organisation.objects.filter(case_id__startswith="B").order_by("pk"))
        caps, offers, certs = [], [], []
        today = date.today()
        for o in created:
            if o.kind not in ("producer", "raw_materials"):
                continue
            p = rng.choice(products)
            cap = rng.uniform(1e4, 1e6)
            caps.append(
                Capacity(organisation=o, product=p, year=2024, capacity=cap, output=cap * 0.7)
            )
            offers.append(
                Offer(
                    organisation=o,
                    title=p.name_ru,
                    okpd2=p.okpd2,
                    product=p,
                    free_capacity=cap * 0.3,
                    unit=p.unit,
                )
            )
            if rng.random() < 0.5:
                certs.append(
                    Certificate(
                        organisation=o,
                        code="GOST 31108-2020",
                        product=p,
                        valid_from=today - timedelta(days=300),
                        expires=today + timedelta(days=rng.randint(30, 900)),
                    )
                )
        Capacity.objects.bulk_create(caps, batch_size=2000)
        Offer.objects.bulk_create(offers, batch_size=2000)
        Certificate.objects.bulk_create(certs, batch_size=2000)
        print(
            f"added {len(new)} benchmark members ({len(offers)} offers) "
            f"in {time.perf_counter() - t:.1f} s"
        )
    from django.contrib.auth import get_user_model

    buyer_org = get_user_model().objects.get(username="buyer").organisation
    have = PurchaseRequest.objects.count()
    if have < requests:
        t = time.perf_counter()
        orgs = list(Organisation.objects.values_list("pk", flat=True))
        today = date.today()
        rows = []
        for i in range(have, requests):
            p = rng.choice(products)
            r = rng.choice(districts)
            rows.append(
                PurchaseRequest(
                    organisation_id=buyer_org.pk if i % 400 == 0 else rng.choice(orgs),
                    title=f"{p.name_ru} — {p.name_en}",
                    okpd2=p.okpd2,
                    product=p,
                    quantity=round(rng.uniform(10, 5000), 1),
                    unit=p.unit,
                    delivery_place=r.name_ru,
                    lon=r.lon,
                    lat=r.lat,
                    delivery_date=today + timedelta(days=rng.randint(10, 300)),
                    required_certificates="GOST 31108-2020" if rng.random() < 0.3 else "",
                    budget=round(rng.uniform(1e5, 5e7)) if rng.random() < 0.7 else None,
                )
            )
        PurchaseRequest.objects.bulk_create(rows, batch_size=2000)
        print(f"added {len(rows)} requests in {time.perf_counter() - t:.1f} s")
    return list(
        PurchaseRequest.objects.filter(organisation=buyer_org).values_list("pk", flat=True)[:100]
    )


def _buyer_session() -> str:
    """Make a signed-in session of the demo buyer in the database (default session engine)."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username="buyer")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the model backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (locust), user plus system."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _buyer_org() -> int:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="buyer").organisation_id


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process ``pid`` so far, seconds (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _report(work: Path, *, mixed: bool, label: str, cpu: tuple[float, float, float]) -> None:
    rows = list(csv.DictReader((work / "stats_stats.csv").open(encoding="utf-8")))
    print(f"{'page':<22}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}")
    for r in rows:
        print(
            f"{r['Name']:<22}{r['Request Count']:>10}{r['Failure Count']:>8}"
            f"{r['50%']:>9}{r['95%']:>9}"
            f"{float(r['Requests/s']):>8.1f}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    reads = [r for r in pages if not r["Name"].startswith("write: ")]
    writes = [r for r in pages if r["Name"].startswith("write: ")]
    read_p95 = max(float(r["95%"]) for r in reads)
    verdict = "met" if read_p95 < 150 and errors == 0 else "NOT met"
    line = (
        f"{label}: overall p50 {total['50%']} ms, p95 {total['95%']} ms, "
        f"{float(total['Requests/s']):.1f} req/s, errors {errors}; "
        f"slowest read page p95 {read_p95:.0f} ms"
    )
    if mixed:
        n_writes = sum(int(r["Request Count"]) for r in writes)
        line += (
            f"; writes {100 * n_writes / max(int(total['Request Count']), 1):.0f} % of requests, "
            f"write p95 {max(float(r['95%']) for r in writes):.0f} ms"
        )
    print(f"{line}: target (read p95 < 150 ms, no errors) {verdict}")
    server_cpu, client_cpu, wall = cpu
    n = max(int(total["Request Count"]), 1)
    print(
        f"{label}: server CPU {server_cpu:.1f} s in {wall:.1f} s wall "
        f"({1000 * server_cpu / n:.1f} ms CPU per request, {server_cpu / wall:.2f} cores busy); "
        f"locust (client) CPU {client_cpu:.1f} s; machine load {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small run")
    ap.add_argument("--mixed", action="store_true", help="50 users, no think time, 10 %% writes")
    ap.add_argument(
        "--db", choices=("postgres", "sqlite"), help="database (default: PostgreSQL; --mixed: both)"
    )
    ap.add_argument("--members", type=int)
    ap.add_argument("--requests", type=int)
    ap.add_argument("--users", type=int)
    ap.add_argument("--seconds", type=int)
    ap.add_argument(
        "--wait",
        type=float,
        nargs=2,
        default=(0.5, 1.5),
        metavar=("MIN", "MAX"),
        help="think time of each user between pages, seconds",
    )
    args = ap.parse_args()
    if args.mixed and args.db is None:
        for db in ("sqlite", "postgres"):
            subprocess.run([sys.executable, __file__, *sys.argv[1:], "--db", db], check=False)
        return
    if args.mixed:
        args.wait = (0.0, 0.0)
    members = args.members or (600 if args.quick else 5000)
    n_requests = args.requests or (2000 if args.quick else 20000)
    users = args.users or (20 if args.quick and not args.mixed else 50)
    seconds = args.seconds or (15 if args.quick else 60)
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if args.quick and "DATABASE_URL" not in os.environ:
        url = url.replace("regiocluster_bench", "regiocluster_bench_quick")
    work = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    os.environ["REGIOCLUSTER_DATA_DIR"] = str(work / "data")
    if args.db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = url
        try:
            ensure_database(url)
        except Exception as exc:  # noqa: BLE001 - any connection problem means: no PostgreSQL
            print(f"PostgreSQL not reachable at {url} ({exc.__class__.__name__}); skipped.")
            return
    db_label = "SQLite (WAL)" if args.db == "sqlite" else "PostgreSQL"

    from regiocluster.portal import bootstrap

    bootstrap.configure(data_dir=work / "data")
    request_ids = populate(members=members, requests=n_requests)
    session = _buyer_session()
    buyer_org = _buyer_org()
    from django.db import connections

    connections.close_all()

    port = _free_port()
    env = dict(os.environ)
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVE,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(work / "data"),
            "--threads",
            "8",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(host + "/en/", timeout=120).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        source = LOCUSTFILE + (MIXED_TASKS if args.mixed else "")
        (work / "locustfile.py").write_text(
            source.replace("__REQUEST_IDS__", repr(request_ids))
            .replace("__BUYER_ORG__", repr(buyer_org))
            .replace("__SESSION__", repr(session))
            .replace("__WAIT__", repr(tuple(args.wait))),
            encoding="utf-8",
        )
        locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or "locust"
        cmd = [
            locust,
            "-f",
            str(work / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(work / "stats"),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ]
        print(
            f"locust: {users} users (think time {args.wait[0]}-{args.wait[1]} s) "
            f"for {seconds} s on {host} "
            f"({members} members, {n_requests} requests, {db_label}"
            f"{', 10 % writes' if args.mixed else ''})"
        )
        cpu0, children0, wall0 = _cpu_seconds(server.pid), _children_cpu(), time.perf_counter()
        subprocess.run(
            cmd,
            check=False,
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=seconds + 120,
        )
        cpu = (
            _cpu_seconds(server.pid) - cpu0,
            _children_cpu() - children0,
            time.perf_counter() - wall0,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    _report(work, mixed=args.mixed, label=db_label, cpu=cpu)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
