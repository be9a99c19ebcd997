"""Synthetic employment by region × OKVED-2 partition code × year.

Each subject's employment is spread over the partition codes by a stylised
national structure, a persistent random regional specialisation and a few
known specialisations; the oblast's figures are spread over its districts;
the chain's classes in the study area are calibrated to the synthetic
enterprises. See the data card.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiocluster.case.builtin.leningrad import _economy_params as P
from regiocluster.case.builtin.leningrad._common import YEARS

NY = len(YEARS)


def _calibrate(
    ent: pd.DataFrame,
    finances: pd.DataFrame,
    codes: list[str],
    subjects: pd.DataFrame,
    districts: pd.DataFrame,
    subj_emp: np.ndarray,
    dist_emp: np.ndarray,
    len_row: int,
    rng: np.random.Generator,
) -> tuple[dict, list[str]]:
    """Set the chain's classes in the study area from the synthetic enterprises (in place)."""
    nd = len(districts)
    fin = finances.merge(ent[["enterprise_id", "okved", "region_id"]], on="enterprise_id")
    calibrated = sorted(set(ent["okved"]) & set(codes) & set(P.SPLIT_SHARE))
    emp_by = fin.groupby(["region_id", "okved", "year"])["employees"].sum()
    n_by = fin.groupby(["region_id", "okved", "year"])["enterprise_id"].nunique()
    uplift = rng.uniform(1.1, 1.35, (nd + 1, len(calibrated)))
    spe_row = int(np.flatnonzero(subjects["region_id"] == "RU-SPE")[0])
    calib_est: dict[tuple[str, str, int], float] = {}
    for j, code in enumerate(calibrated):
        i = codes.index(code)
        for d, rid in enumerate([*districts["region_id"], "RU-SPE"]):
            for t, year in enumerate(YEARS):
                e = float(emp_by.get((rid, code, year), 0.0)) * uplift[d, j]
                n = float(n_by.get((rid, code, year), 0))
                calib_est[(rid, code, year)] = np.ceil(n * 1.5) if n else 0.0
                if rid == "RU-SPE":
                    subj_emp[spe_row, i, t] = e
                else:
                    dist_emp[d, i, t] = e
        subj_emp[len_row, i, :] = dist_emp[:, i, :].sum(axis=0)
    return calib_est, calibrated


def _frames(
    parts: list,
    *,
    codes: list[str],
    section: np.ndarray,
    calib_est: dict,
    calibrated: list[str],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Long frames of employees and establishments for the subjects and the districts."""
    ni = len(codes)
    years = np.array(YEARS)
    size = np.array([P.ESTABLISHMENT_SIZE.get(s, 12.0) for s in section])
    frames = []
    for ids, emp, is_district in parts:
        nr = len(ids)
        est = np.maximum(
            np.where(emp > 0, 1.0, 0.0),
            np.round(emp / size[None, :, None] * rng.lognormal(0, 0.2, (nr, 1, 1))),
        )
        frame = pd.DataFrame(
            {
                "region_id": np.repeat(ids.to_numpy(), ni * NY),
                "okved": np.tile(np.repeat(codes, NY), nr),
                "year": np.tile(years, nr * ni),
                "employees": np.round(emp).reshape(-1),
                "establishments": est.reshape(-1),
            }
        )
        key = list(zip(frame["region_id"], frame["okved"], frame["year"], strict=True))
        override = np.array([calib_est.get(k, np.nan) for k in key])
        frame["establishments"] = np.where(np.isnan(override), frame["establishments"], override)
        frame.loc[frame["employees"] == 0, "establishments"] = 0.0
        if is_district:
            # Rosstat suppresses cells of one or two organisations
            small = frame["establishments"].isin([1.0, 2.0]) & ~frame["okved"].isin(calibrated)
            frame.loc[small, "employees"] = np.nan
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def build(
    regions: pd.DataFrame,
    industries: pd.DataFrame,
    ent: pd.DataFrame,
    finances: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Build the synthetic ``employment`` table.

    Parameters
    ----------
    regions, industries : DataFrame
        The classifier tables.
    ent, finances : DataFrame
        The synthetic enterprises (with ``okved`` and ``region_id``) and their
        yearly finances; the chain's classes in the study area follow them.
    rng : numpy.random.Generator
        The table's random stream.

    Returns
    -------
    DataFrame
        ``region_id``, ``okved``, ``year``, ``employees``, ``establishments``
        for the 83 subjects and the oblast's 18 districts.
    """
    part = industries[industries["in_partition"]].reset_index(drop=True)
    codes = part["okved"].tolist()
    base = np.array(
        [
            P.SPLIT_SHARE[c] * P.DIVISION_SHARE[c[:2]]
            if c in P.SPLIT_SHARE
            else P.DIVISION_SHARE[c]
            for c in codes
        ]
    )
    base = base / base.sum()
    traded = part["traded"].to_numpy()
    section = part["section"].to_numpy()
    subjects = regions[regions["kind"].isin(["federal_subject", "federal_city"])].reset_index(
        drop=True
    )
    districts = regions[regions["parent_id"] == "RU-LEN"].reset_index(drop=True)
    ni, ns = len(codes), len(subjects)
    sigma = np.where(traded, 0.5, 0.15)
    spec = np.exp(sigma * rng.standard_normal((ns, ni)))
    for r, rid in enumerate(subjects["region_id"]):
        for code, mult in P.SPECIALISATION.get(rid, {}).items():
            spec[r, codes.index(code)] *= mult
    drift = np.exp(np.cumsum(rng.normal(0, 0.02, (ns, ni, NY)), axis=2))
    trend = np.linspace(-0.05, 0.05, NY)[None, None, :] * rng.normal(0, 1, (ns, ni, 1))
    weight = base[None, :, None] * spec[:, :, None] * drift * np.exp(trend)
    weight /= weight.sum(axis=1, keepdims=True)
    pop = subjects["population"].to_numpy()
    pop_growth = np.array([0.012 if r == "RU-LEN" else 0.0 for r in subjects["region_id"]])
    years = np.array(YEARS)
    pop_y = (
        pop[:, None]
        * np.exp(pop_growth[:, None] * (years - 2021)[None, :])
        * np.exp(-0.002 * (years - 2021))[None, :]
    )
    rate = rng.uniform(0.26, 0.34, ns)
    rate[subjects["region_id"].isin(["RU-MOW", "RU-SPE"]).to_numpy()] = 0.42
    total = pop_y * rate[:, None] * (1 + rng.normal(0, 0.01, (ns, NY)))
    subj_emp = weight * total[:, None, :]

    # districts of the oblast: the oblast's figures spread by population and local specialisation
    len_row = int(np.flatnonzero(subjects["region_id"] == "RU-LEN")[0])
    dpop = districts["population"].to_numpy()
    nd = len(districts)
    dspec = np.exp(np.where(traded, 1.0, 0.25)[None, :] * rng.standard_normal((nd, ni)))
    dshare = dpop[:, None] * dspec
    dshare /= dshare.sum(axis=0, keepdims=True)
    dist_emp = dshare[:, :, None] * subj_emp[len_row][None, :, :]

    # chain classes in the study area follow the synthetic enterprises (calibration)
    calib_est, calibrated = _calibrate(
        ent, finances, codes, subjects, districts, subj_emp, dist_emp, len_row, rng
    )

    return _frames(
        [(subjects["region_id"], subj_emp, False), (districts["region_id"], dist_emp, True)],
        codes=codes,
        section=section,
        calib_est=calib_est,
        calibrated=calibrated,
        rng=rng,
    )
