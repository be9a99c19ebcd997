"""development_model: the Result the study's chapter renders."""

from __future__ import annotations

import json

import pytest

from regiocluster.simulation import development_model


@pytest.mark.slow
def test_development_model_is_a_result_the_study_can_render(case):
    result = development_model(case, n_runs=40, trajectories=2, replicates=2)
    assert result.name == "simulation.development_model"
    assert set(result.frames) == {"fan", "scenarios", "decree_779", "sensitivity", "parameters"}
    members = result.value("members_2035_q50")
    fan = result.frames["fan"]
    q = fan[(fan["indicator"] == "members") & (fan["year"] == 2035)]
    assert members == q["q50"].iloc[0]
    dependence = result.figure("functional_dependence_2035_q50")
    assert dependence.unit == "share" and 0 <= dependence.value <= 1
    assert 0 <= result.value("decree_779_met_2035") <= 1
    # less housing, less output: the pessimistic scenario's median is below the optimistic one's
    assert result.value("output_2035_pessimistic") < result.value("output_2035_optimistic")
    assert "levers that move employment" in result.summary("en")
    assert "влияют" in result.summary("ru") and result.illustrative
    json.dumps(result.to_dict())
