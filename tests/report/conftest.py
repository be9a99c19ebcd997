"""One build of the study on the embedded case, shared by the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def study(tmp_path_factory: pytest.TempPathFactory):
    """The study in every format and both languages, built through the CLI's function."""
    from regiocluster import load_case
    from regiocluster.report import build_study

    out = tmp_path_factory.mktemp("study")
    steps: list[tuple[str, float]] = []
    result = build_study(load_case("leningrad"), out, progress=lambda s, p: steps.append((s, p)))
    assert result.failures == ()
    return out, result, steps


@pytest.fixture(scope="session")
def study_dir(study) -> Path:
    return study[0]
