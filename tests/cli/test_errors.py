"""A user's mistake gives one line and exit status 2 (a bad case: its problem table, 1).

Never a traceback: each test reads what the user sees.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from regiocluster.cli import app

BUILTIN = Path(__file__).resolve().parents[2] / "src" / "regiocluster" / "case" / "builtin"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def serve(tmp_path: Path, *args: str, database_url: str | None = None):
    """Run ``regiocluster serve`` in its own process (Django is set up once per process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REGIOCLUSTER_"))}
    env.pop("DATABASE_URL", None)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    code = "import sys; from regiocluster.cli import main; sys.argv[0] = 'regiocluster'; main()"
    run = subprocess.run(
        [sys.executable, "-c", code, "serve", "--data-dir", str(tmp_path / "data"), *args],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return SimpleNamespace(
        exit_code=run.returncode, stderr=run.stderr, output=run.stdout + run.stderr, exception=None
    )


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert (
        "Traceback" not in result.output
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_unknown_scenario_names_the_valid_ones():
    result = run("market", "forecast", "leningrad", "--scenario", "realistic")
    one_line_error(result, "'realistic'", "base", "optimistic", "pessimistic")


def test_unknown_product_names_the_valid_ones():
    one_line_error(run("market", "balance", "leningrad", "-p", "cemnt"), "'cemnt'", "cement")
    one_line_error(run("market", "forecast", "leningrad", "-p", "cemnt"), "'cemnt'", "cement")


def test_bad_scale_and_year():
    one_line_error(
        run("market", "forecast", "leningrad", "--scale", "housing=lots"), "housing=lots"
    )
    one_line_error(run("network", "decree779", "leningrad", "--year", "1990"), "1990")


def test_bad_database_url_is_one_line(tmp_path):
    one_line_error(serve(tmp_path, database_url="foo://nowhere"), "DATABASE_URL", "'foo'")


def test_unreachable_database_is_one_line(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgres://postgres@127.0.0.1:{port}/nothing"
    one_line_error(serve(tmp_path, database_url=url), "DATABASE_URL")


@pytest.mark.slow
def test_busy_port_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = serve(tmp_path, "--port", str(port))
    one_line_error(result, str(port), "--port")


def test_validate_a_single_csv_file_explains_what_a_case_is():
    result = run("case", "validate", str(BUILTIN / "leningrad" / "regions.csv"))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "single file" in result.output and "case.toml" in result.output
    assert "Traceback" not in result.output
