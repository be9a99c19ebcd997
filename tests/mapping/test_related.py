"""Related-industry clusters: hand-worked relatedness measures and planted clusters."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiocluster.mapping.related import (
    RelatedIndustryClusters,
    coagglomeration,
    colocation_correlation,
    combine_relatedness,
    io_relatedness,
    sector_of,
    validation_score,
)


def _long(wide: dict) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"region_id": r, "okved": i, "employees": float(v)}
            for r, row in wide.items()
            for i, v in row.items()
        ]
    )


def test_ellison_glaeser_coagglomeration_worked_example():
    # Employment:      i    j   o   total
    #          r1     10    0  40    50
    #          r2      0   10  20    30
    #          r3     10   10   0    20
    #          sum    20   20  60   100
    # x = (0.5, 0.3, 0.2); 1 - sum x^2 = 1 - 0.38 = 0.62.
    # s_i = (0.5, 0, 0.5), s_j = (0, 0.5, 0.5), s_o = (2/3, 1/3, 0).
    # s_i - x = (0, -0.3, 0.3); s_j - x = (-0.5, 0.2, 0.3); s_o - x = (1/6, 1/30, -0.2).
    # gamma_ij = (0*-0.5 + -0.3*0.2 + 0.3*0.3) / 0.62 = 0.03 / 0.62 = 0.048387
    # gamma_io = (0 + -0.3/30 + 0.3*-0.2) / 0.62 = -0.07 / 0.62 = -0.112903
    # gamma_ii = (0.09 + 0.09) / 0.62 = 0.290323
    table = _long(
        {"r1": {"i": 10, "j": 0, "o": 40}, "r2": {"i": 0, "j": 10, "o": 20},
         "r3": {"i": 10, "j": 10, "o": 0}}
    )  # fmt: skip
    gamma = coagglomeration(table)
    assert gamma.loc["i", "j"] == pytest.approx(0.03 / 0.62)
    assert gamma.loc["i", "o"] == pytest.approx(-0.07 / 0.62)
    assert gamma.loc["i", "i"] == pytest.approx(0.18 / 0.62)
    assert gamma.loc["j", "i"] == pytest.approx(gamma.loc["i", "j"])


def test_industry_without_employment_is_not_coagglomerated():
    # z has no employment anywhere: it has no location shares, so no evidence of
    # coagglomeration (0), and the worked example's indices are unchanged. Filling
    # its shares with 0 would give s_z - x = -x and gamma_jz = (-0.5*-0.5 + 0.2*-0.3
    # + 0.3*-0.2) / 0.62 = 0.13 / 0.62, a spurious tie.
    table = _long(
        {"r1": {"i": 10, "j": 0, "o": 40, "z": 0}, "r2": {"i": 0, "j": 10, "o": 20, "z": 0},
         "r3": {"i": 10, "j": 10, "o": 0, "z": 0}}
    )  # fmt: skip
    gamma = coagglomeration(table)
    assert (gamma.loc["z"] == 0).all() and (gamma["z"] == 0).all()
    assert gamma.loc["i", "j"] == pytest.approx(0.03 / 0.62)
    assert gamma.loc["j", "j"] == pytest.approx(0.38 / 0.62)


def test_colocation_correlation_against_numpy():
    rng = np.random.default_rng(0)
    wide = {f"r{k}": {f"i{j}": float(rng.integers(1, 100)) for j in range(4)} for k in range(9)}
    corr = colocation_correlation(_long(wide), measure="employment")
    values = pd.DataFrame(wide).T
    assert corr.loc["i0", "i2"] == pytest.approx(np.corrcoef(values["i0"], values["i2"])[0, 1])
    shares = values.div(values.sum(axis=1), axis=0)
    corr_s = colocation_correlation(_long(wide))
    assert corr_s.loc["i1", "i3"] == pytest.approx(np.corrcoef(shares["i1"], shares["i3"])[0, 1])


def test_io_relatedness_by_hand():
    # Z (bn):  A->A 10, A->B 30, A->households 60 (output A = 100)
    #          B->A 20, B->B 0,  B->households 180 (output B = 200)
    #          value_added->A 70, ->B 170 (inputs A = 100, B = 200)
    # in_AB = z_BA/in_A = 20/100 = 0.2; in_BA = z_AB/in_B = 30/200 = 0.15;
    # out_AB = z_AB/out_A = 30/100 = 0.3; out_BA = z_BA/out_B = 20/200 = 0.1 -> IO_AB = 0.3.
    # Own: max(z_AA/in_A, z_AA/out_A) = 0.1.
    flows = pd.DataFrame(
        [("A", "A", 10), ("A", "B", 30), ("A", "households", 60), ("B", "A", 20),
         ("B", "households", 180), ("value_added", "A", 70), ("value_added", "B", 170)],
        columns=["row", "column", "value"],
    )  # fmt: skip
    rel = io_relatedness(flows)
    assert rel.loc["A", "B"] == pytest.approx(0.3) and rel.loc["B", "A"] == pytest.approx(0.3)
    assert rel.loc["A", "A"] == pytest.approx(0.1)
    sectors = pd.DataFrame({"sector_id": ["A", "B"], "okved_prefixes": ["08.11|23", "41|42"]})
    mapped = io_relatedness(flows, sectors=sectors, industries=["23.51", "41", "08.11", "99"])
    assert mapped.loc["23.51", "41"] == pytest.approx(0.3)
    assert mapped.loc["23.51", "08.11"] == pytest.approx(0.1)
    assert mapped.loc["99", "41"] == 0


def test_sector_mapping_prefers_the_longest_prefix():
    sectors = pd.DataFrame(
        {"sector_id": ["MIN", "CMT"], "okved_prefixes": ["05|08.9|09", "08.11|08.12|23"]}
    )
    got = sector_of(["08.11", "08.92", "23.51", "05", "230"], sectors).to_dict()
    assert got == {"08.11": "CMT", "08.92": "MIN", "23.51": "CMT", "05": "MIN", "230": None}


def test_validation_score_by_hand():
    # Clusters {a, b}, {c, d}. a: own 0.9 vs other (0.5+0.1)/2 = 0.3 -> valid;
    # b: 0.9 vs (0.95+0.2)/2 = 0.575 -> valid; c: 0.3 vs (0.5+0.95)/2 = 0.725 -> invalid;
    # d: 0.3 vs (0.1+0.2)/2 = 0.15 -> valid. Score 3/4.
    labels = ["a", "b", "c", "d"]
    r = np.array([[1, 0.9, 0.5, 0.1], [0.9, 1, 0.95, 0.2], [0.5, 0.95, 1, 0.3], [0.1, 0.2, 0.3, 1]])
    rel = pd.DataFrame(r, index=labels, columns=labels)
    result = validation_score(rel, pd.Series([0, 0, 1, 1], index=labels))
    assert result.score == pytest.approx(0.75)
    assert result.best_other["c"] == pytest.approx(0.725)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_planted_clusters_are_recovered(seed):
    rng = np.random.default_rng(seed)
    sizes = [6, 5, 4]
    truth = np.repeat(np.arange(3), sizes)
    n = len(truth)
    base = np.where(truth[:, None] == truth[None, :], 0.7, 0.1)
    noise = rng.uniform(-0.08, 0.08, (n, n))
    r = base + (noise + noise.T) / 2
    np.fill_diagonal(r, 1.0)
    order = rng.permutation(n)
    names = [f"i{k}" for k in range(n)]
    rel = pd.DataFrame(r[np.ix_(order, order)], index=names, columns=names)
    model = RelatedIndustryClusters(3).fit(rel)
    got = model.labels_.to_numpy()
    planted = truth[order]
    # same partition up to renumbering
    assert len(set(zip(got, planted, strict=True))) == 3
    assert model.validation_score_ == 1.0


def test_combine_relatedness_ranks_each_measure():
    a = pd.DataFrame([[1, 5, 1], [5, 1, 3], [1, 3, 1]], index=list("xyz"), columns=list("xyz"))
    b = pd.DataFrame([[0, 0.1, 0.3], [0.1, 0, 0.2], [0.3, 0.2, 0]], index=list("xyz"),
                     columns=list("xyz"))  # fmt: skip
    combined = combine_relatedness(a, b)
    # off-diagonal pairs: a ranks x-y highest, b ranks x-z highest
    # each pair appears twice (ties): ranks 1.5, 3.5, 5.5 of 6; x-y is 5.5/6 in a, 1.5/6 in b
    assert combined.loc["x", "y"] == pytest.approx((5.5 / 6 + 1.5 / 6) / 2)
    assert np.allclose(combined.to_numpy(), combined.to_numpy().T)
