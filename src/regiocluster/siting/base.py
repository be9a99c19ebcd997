"""One base and one vocabulary for the location models.

Every model is built the same way and answers with the same attributes::

    model = Model.from_cost_matrix(cost, weights, p=3, ...).solve(time_limit=60)
    model.sites_, model.assignment_, model.objective_, model.status_, model.gap_

``cost`` is a clients (rows) by candidate sites (columns) matrix, ``weights``
the demand of each client (``None``: one each), ``p`` the number of sites to
open. ``solve`` returns the model itself. ``status_`` is ``"optimal"``,
``"time_limit"`` or ``"infeasible"``; ``gap_`` the proven relative gap (0 when
optimal).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from regiocluster.errors import InvalidValueError

__all__ = ["LocationModel", "as_cost_frame", "as_weights", "plain_label"]


def as_cost_frame(cost: pd.DataFrame | np.ndarray | Sequence[Sequence[float]]) -> pd.DataFrame:
    """Return ``cost`` as a finite, non-empty clients x candidates DataFrame.

    Raises
    ------
    InvalidValueError
        If the matrix is empty, not two-dimensional or has a non-finite entry.
    """
    frame = cost if isinstance(cost, pd.DataFrame) else pd.DataFrame(np.asarray(cost, dtype=float))
    values = frame.to_numpy(dtype=float)
    if values.ndim != 2 or values.size == 0:
        raise InvalidValueError(
            "cost",
            f"shape {values.shape}",
            reason="must be a non-empty clients x candidates matrix",
        )
    if not np.isfinite(values).all():
        bad = np.argwhere(~np.isfinite(values))[0]
        raise InvalidValueError(
            "cost",
            f"{values[tuple(bad)]} at row {bad[0]}, column {bad[1]}",
            reason="must be finite (use a large number for unreachable pairs)",
        )
    return frame


def as_weights(weights: Any, index: pd.Index, *, what: str = "weights") -> np.ndarray:
    """Return one finite non-negative number per label of ``index`` (ones for ``None``)."""
    if weights is None:
        return np.ones(len(index))
    if isinstance(weights, pd.Series):
        values = weights.reindex(index).to_numpy(dtype=float)
    else:
        values = np.asarray(weights, dtype=float)
    if values.shape != (len(index),) or not np.isfinite(values).all() or (values < 0).any():
        raise InvalidValueError(
            what,
            f"shape {values.shape}",
            reason=f"must be one finite non-negative number per row of cost ({len(index)})",
        )
    return values


def plain_label(label: Any) -> Any:
    """Return a numpy scalar label as the plain Python value (JSON-safe)."""
    return label.item() if isinstance(label, np.generic) else label


def _deprecated(message: str) -> None:
    warnings.warn(message, DeprecationWarning, stacklevel=4)


class LocationModel:
    """Base of the location models: shared construction, checks and fitted attributes.

    Attributes
    ----------
    sites_ : list
        Labels of the open sites.
    assignment_ : pandas.Series
        For every client, the open site that serves it (its cheapest open site,
        or for a capacitated model the one that ships it most).
    objective_ : float
        The model's objective at the plan found.
    status_ : str
        ``"optimal"``, ``"time_limit"`` or ``"infeasible"``.
    gap_ : float
        Proven relative optimality gap (0 when optimal).
    """

    #: Name of the keyword that old releases took positionally after ``weights``.
    _legacy_positional: ClassVar[tuple[str, ...]] = ("p",)

    cost: pd.DataFrame
    weights: np.ndarray
    p: int | None

    sites_: list
    assignment_: pd.Series
    objective_: float
    status_: str
    gap_: float

    @classmethod
    def _check_p(cls, p: int | None, n: int) -> int:
        if p is None or isinstance(p, bool) or not 1 <= int(p) <= n:
            raise InvalidValueError(
                "p", p, reason=f"must be between 1 and the number of candidates ({n})"
            )
        return int(p)

    @classmethod
    def _legacy(cls, weights: Any, args: tuple, options: dict[str, Any]) -> Any:
        """Map an old positional call to keywords, with a DeprecationWarning."""
        if args:
            names = cls._legacy_positional[: len(args)]
            if len(args) > len(cls._legacy_positional):
                raise TypeError(f"{cls.__name__}.from_cost_matrix takes too many positional values")
            for name, value in zip(names, args, strict=True):
                if name in options and options[name] is not None:
                    raise TypeError(f"{name} given twice")
                options[name] = value
            _deprecated(
                f"{cls.__name__}.from_cost_matrix(cost, weights, {', '.join(names)}) is "
                f"deprecated; pass {', '.join(f'{n}=...' for n in names)} by keyword"
            )
        return weights

    def _finish(self, sites: np.ndarray, *, objective: float, status: str, gap: float) -> None:
        """Set the shared attributes from the open sites' column positions."""
        cost = self.cost.to_numpy(dtype=float)
        sites = np.sort(np.asarray(sites, dtype=int))
        columns = self.cost.columns
        self.sites_ = [plain_label(columns[j]) for j in sites]
        if sites.size:
            nearest = sites[np.argmin(cost[:, sites], axis=1)]
            self.assignment_ = pd.Series(columns[nearest], index=self.cost.index, name="site")
        else:
            self.assignment_ = pd.Series(pd.NA, index=self.cost.index, name="site", dtype=object)
        self.objective_ = float(objective)
        self.status_ = status
        self.gap_ = float(gap)

    def solve(self, *, time_limit: float | None = None) -> LocationModel:  # pragma: no cover
        """Solve the model; return ``self`` with the fitted attributes set."""
        raise NotImplementedError
