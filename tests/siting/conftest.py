from __future__ import annotations

import os
from pathlib import Path

import pytest


def shared_data() -> Path:
    env = os.environ.get("REGIOCLUSTER_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def orlib_dir() -> Path:
    folder = shared_data() / "orlib-pmed"
    if not (folder / "pmedopt.txt").exists():
        # CI clones the repo with shared/ beside it: there a missing file is a failure.
        if shared_data().exists() or os.environ.get("CI"):
            pytest.fail(f"OR-Library p-median files missing from {folder}")
        pytest.skip(f"OR-Library p-median files not found in {folder}")
    return folder


@pytest.fixture(scope="session")
def orlib_optima(orlib_dir: Path) -> dict[str, float]:
    lines = (orlib_dir / "pmedopt.txt").read_text().splitlines()[1:]
    return {name: float(value) for name, value in (line.split() for line in lines if line.strip())}
