"""A real portal for end-to-end tests: ``regiocluster serve`` in a subprocess."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

SCRIPT = "import sys; from regiocluster.cli.portal import app; sys.argv[0] = 'portal'; app()"
#: Prefix of the served script that counts password checks (before Django binds the function).
COUNTING = (
    "import os, django.contrib.auth.hashers as h\n"
    "_real = h.check_password\n"
    "def _counted(*args, **kwargs):\n"
    "    with open(os.environ['REGIOCLUSTER_TEST_CHECKS'], 'a') as fh:\n"
    "        fh.write('checked\\n')\n"
    "    return _real(*args, **kwargs)\n"
    "h.check_password = _counted\n"
)
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
ADMIN_PASSWORD = "Concurrency-test-Pass-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(args: list[str], env: dict[str, str]) -> None:
    res = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert res.returncode == 0, res.stdout + res.stderr


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """Create a throw-away PostgreSQL database; yield its URL; drop it."""
    import psycopg

    name = f"h_portal_live_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_available() -> bool:
    """Whether the PostgreSQL server of the test machines answers."""
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means: not available
        return False


@contextlib.contextmanager
def live_portal(
    tmp_path: Path,
    *,
    case: Path,
    database_url: str | None = None,
    count_password_checks: Path | None = None,
) -> Iterator[str]:
    """Seed ``case``, create an administrator, serve; yield the base URL.

    With ``count_password_checks`` the server appends one line to that file for
    every password it checks (Django's ``check_password``), for the sign-in tests.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIOCLUSTER_"))}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env["HOME"] = str(tmp_path)
    env["REGIOCLUSTER_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    data = str(tmp_path / "data")
    _cli(["load-case", str(case), "--data-dir", data], env)
    _cli(["createadmin", "--username", "admin", "--data-dir", data], env)
    port = _free_port()
    script = SCRIPT
    if count_password_checks is not None:
        env["REGIOCLUSTER_TEST_CHECKS"] = str(count_password_checks)
        script = COUNTING + SCRIPT
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "serve", "--port", str(port), "--data-dir", data],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                requests.get(base + "/en/", timeout=60)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def signed_in(
    base: str, username: str = "admin", password: str = ADMIN_PASSWORD
) -> requests.Session:
    """A session signed in through the sign-in form, with the CSRF header set for the API."""
    s = requests.Session()
    page = s.get(f"{base}/en/accounts/login/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    r = s.post(
        f"{base}/en/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )
    assert r.status_code == 302, r.status_code
    s.headers["X-CSRFToken"] = s.cookies["csrftoken"]
    return s
