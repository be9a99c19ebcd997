"""A new plant's jobs come from its capacity and labour productivity, not the sector average.

Published figures for cement works: a plant of about 2 Mt/yr employs roughly
300-400 people (/work/shared/FACTS.md); Eurocement's greenfield plant at Spasskoye,
Stavropol Krai, was to employ 400 (governor's press service, contrasterra.ru,
30.11.2011); Ramco's 3.15 Mt/yr greenfield plant at Kalavatala, 300 direct jobs
(cemnet.com and Business Standard, 14.12.2018).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from regiocluster.inputoutput.impact import plant_impact


@pytest.fixture(scope="module")
def case():
    from regiocluster import load_case

    return load_case("leningrad")


def test_a_two_million_tonne_cement_plant_employs_300_to_400(case):
    result = plant_impact(case, product="cement", capacity=2_000_000)
    assert result.jobs_basis == "capacity and labour productivity"
    assert 300 <= result.direct_jobs <= 400
    assert result.capacity_t == 2_000_000
    # Output is what the capacity makes at the region's capacity use, valued at the price.
    assert 0 < result.output_t <= 2_000_000


def test_a_five_billion_rouble_cement_plant_is_not_a_sector_average(case):
    average = plant_impact(case, sector="CMT", output=5.0)
    cement = plant_impact(case, sector="CMT", output=5.0, product="cement")
    # The sector average made about 1,690 jobs of this plant; a cement works of this size
    # (about 1 Mt/yr at the case's price and capacity use) has a few hundred.
    assert average.direct_jobs > 1000
    assert 100 <= cement.direct_jobs <= 400
    plant = cement.plant_region
    # Only the direct round changes: the supply chain's jobs are the IO model's.
    indirect = average.impact.employment * 1000
    indirect[plant] -= average.direct_jobs
    total = cement.impact.employment * 1000
    assert total[plant] == pytest.approx(indirect[plant] + cement.direct_jobs)
    others = [r for r in total.index if r != plant]
    assert total[others].to_numpy() == pytest.approx(indirect[others].to_numpy())
    assert (cement.impact.output.to_numpy() == average.impact.output.to_numpy()).all()


def test_jobs_grow_with_capacity_not_with_utilisation(case):
    small = plant_impact(case, product="cement", capacity=1_000_000, utilisation=0.5)
    full = plant_impact(case, product="cement", capacity=1_000_000, utilisation=1.0)
    assert small.direct_jobs == pytest.approx(full.direct_jobs)
    assert small.impact.direct_output == pytest.approx(full.impact.direct_output / 2)


def test_product_without_a_known_productivity_falls_back_and_says_so(case):
    result = plant_impact(case, product="sawn_timber", output=1.0)
    assert result.sector == "WOD"
    assert result.jobs_basis == "IO sector average"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"capacity": 1e6}, "capacity needs the product"),
        ({"product": "cement", "capacity": 1e6, "utilisation": 1.5}, "utilisation"),
    ],
)
def test_bad_options_are_refused_with_their_name(case, options, message):
    with pytest.raises(ValueError, match=message):
        plant_impact(case, **options)


def test_cli_io_impact_with_product_and_capacity():
    from regiocluster.cli import app

    result = CliRunner().invoke(
        app, ["io", "impact", "leningrad", "--product", "cement", "--capacity", "2000000"]
    )
    assert result.exit_code == 0, result.output
    assert "Direct jobs at the plant: 350 (capacity and labour productivity)" in " ".join(
        result.output.split()
    )
