"""``regiocluster serve`` end to end: migrate, seed, demo accounts, waitress; then export."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import FIXTURE_CASE

pytestmark = pytest.mark.slow

SCRIPT = "import sys; from regiocluster.cli.portal import app; sys.argv[0] = 'portal'; app()"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIOCLUSTER_"))}
    env.pop("DATABASE_URL", None)  # the serve test always uses its own SQLite data folder
    env["HOME"] = str(tmp_path)
    return env


def test_serve_seeds_and_serves_pages_and_static(tmp_path):
    port = _free_port()
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SCRIPT,
            "serve",
            "--demo",
            "--port",
            str(port),
            "--data-dir",
            str(data),
            "--case",
            str(FIXTURE_CASE),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(tmp_path),
    )
    lines = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Portal at" in line:
                break
        out = "".join(lines)
        assert "Portal at" in out, out
        assert "supplier" in out and "buyer" in out  # demo accounts printed
        assert "demo-2024" not in out  # no published password: random ones, shown once
        base = f"http://127.0.0.1:{port}"
        for path in (
            "/ru/",
            "/en/members/",
            "/static/portal/portal.css",
            "/static/leaflet/leaflet.js",
            "/api/organisations/",
        ):
            for _ in range(50):
                try:
                    with urllib.request.urlopen(base + path, timeout=10) as r:
                        assert r.status == 200, path
                        assert r.headers["Server"] == "regiocluster"  # waitress with our ident
                    break
                except urllib.error.URLError as exc:
                    if not isinstance(exc.reason, ConnectionRefusedError):
                        raise
                    time.sleep(0.1)
            else:
                pytest.fail(f"no answer on {path}")
        with urllib.request.urlopen(base + "/en/members/", timeout=10) as r:
            assert "Synthetic Builder No. 4" in r.read().decode()
        secret = data / "secret_key"
        assert secret.exists() and oct(secret.stat().st_mode & 0o777) == "0o600"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()

    # export the live data as a case and load it back
    out_dir = tmp_path / "export"
    res = subprocess.run(
        [sys.executable, "-c", SCRIPT, "export-case", str(out_dir), "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    from regiocluster import load_case

    assert len(load_case(out_dir).tables["enterprises"]) == 7

    # load-case refuses a non-empty database, seeds an empty one
    res = subprocess.run(
        [sys.executable, "-c", SCRIPT, "load-case", str(FIXTURE_CASE), "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert res.returncode == 1
    res = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            "load-case",
            str(FIXTURE_CASE),
            "--data-dir",
            str(tmp_path / "fresh"),
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_serve_without_demo_creates_no_account_and_seeds_nothing(tmp_path):
    from .livesite import ADMIN_PASSWORD, signed_in

    port = _free_port()
    data = tmp_path / "data"
    env = _env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, "serve", "--port", str(port), "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Portal at" in line:
                break
        out = "".join(lines)
        assert "createadmin" in out and "Demo accounts" not in out, out
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/api/organisations/", timeout=30) as r:
                    assert b'"count":0' in r.read()
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        req = urllib.request.Request(
            base + "/api/organisations/",
            headers={
                "Authorization": "Basic YWRtaW46YWRtaW4tZGVtby0yMDI0"
            },  # admin:admin-demo-2024
        )
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=30)
        assert err.value.code in (401, 403)  # the old published password opens nothing
        # the first administrator, password from the environment
        res = subprocess.run(
            [sys.executable, "-c", SCRIPT, "createadmin", "--data-dir", str(data)],
            capture_output=True,
            text=True,
            env={**env, "REGIOCLUSTER_ADMIN_PASSWORD": ADMIN_PASSWORD},
            timeout=120,
        )
        assert res.returncode == 0, res.stdout + res.stderr
        res = subprocess.run(
            [sys.executable, "-c", SCRIPT, "createadmin", "--data-dir", str(data)],
            capture_output=True,
            text=True,
            env={**env, "REGIOCLUSTER_ADMIN_PASSWORD": "123"},
            timeout=120,
        )
        assert res.returncode == 2 and "already exists" in res.stdout + res.stderr
        signed_in(base)  # the new administrator signs in through the form
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        proc.stdout.close()
