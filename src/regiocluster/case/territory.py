"""The cluster's territory: its region, partner regions and their districts.

One home for the question "is this place inside the cluster?". Flows between
the territory's regions (Leningrad Oblast and St. Petersburg for the embedded
case) are internal to the cluster: they are neither its imports nor its
exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from regiocluster.errors import InvalidValueError

__all__ = ["Territory"]


@dataclass(frozen=True)
class Territory:
    """Regions that make up the cluster's territory.

    Attributes
    ----------
    region : str
        The cluster's own region (``RU-LEN``).
    partners : tuple of str
        Partner regions treated as one market with it (``("RU-SPE",)``).
    country : str or None
        The country the regions belong to (``RU``).
    districts : tuple of str
        Sub-regions (districts) of those regions.
    parents : tuple of str
        The region each district belongs to, in the order of ``districts``.

    Examples
    --------
    >>> t = Territory("RU-LEN", ("RU-SPE",), "RU", ("LEN-BOKS",))
    >>> t.regions, t.agglomeration_id
    (('RU-LEN', 'RU-SPE'), 'RU-LEN+RU-SPE')
    >>> t.contains("LEN-BOKS"), t.contains("RU-MOW")
    (True, False)
    """

    region: str
    partners: tuple[str, ...] = ()
    country: str | None = None
    districts: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()

    @classmethod
    def from_case(cls, meta: Mapping[str, Any], regions: pd.DataFrame | None) -> Territory:
        """Read the territory from ``case.toml`` (``region``, ``partner_regions``).

        Raises
        ------
        InvalidValueError
            When ``case.toml`` names no region, or a region absent from ``regions``.
        """
        region = meta.get("region")
        if not region:
            raise InvalidValueError("case.toml region", region, reason="the case names no region")
        partners = tuple(str(p) for p in (meta.get("partner_regions") or ()))
        own = (str(region), *partners)
        if regions is not None and len(regions):
            known = set(regions["region_id"])
            for r in own:
                if r not in known:
                    raise InvalidValueError("territory region", r, sorted(known))
        country = meta.get("country")
        return cls.of(own, regions, country=None if country is None else str(country))

    @classmethod
    def of(
        cls,
        regions: Iterable[str],
        table: pd.DataFrame | None = None,
        *,
        country: str | None = None,
    ) -> Territory:
        """Build a territory from its regions (the cluster's own first) and ``regions`` table.

        For analyses that take the regions as an argument rather than a case;
        districts are the rows of the ``regions`` table whose ``parent_id`` is
        one of them. Unlike :meth:`from_case` it does not check the regions
        against the table.

        Examples
        --------
        >>> table = pd.DataFrame({"region_id": ["RU-LEN", "LEN-BOKS"],
        ...                       "parent_id": [None, "RU-LEN"]})
        >>> Territory.of(["RU-LEN"], table).district_parent
        {'LEN-BOKS': 'RU-LEN'}
        """
        own = tuple(str(r) for r in regions)
        if not own:
            raise InvalidValueError("territory", own, reason="it names no region")
        districts: tuple[str, ...] = ()
        parents: tuple[str, ...] = ()
        if table is not None and len(table) and "parent_id" in table.columns:
            inside = table[table["parent_id"].isin(own)]
            districts = tuple(inside["region_id"].astype(str))
            parents = tuple(inside["parent_id"].astype(str))
        return cls(own[0], own[1:], country, districts, parents)

    @property
    def regions(self) -> tuple[str, ...]:
        """The cluster's region followed by its partners."""
        return (self.region, *self.partners)

    @property
    def agglomeration_id(self) -> str:
        """Identifier of the regions taken together (``RU-LEN+RU-SPE``)."""
        return "+".join(self.regions)

    @property
    def district_parent(self) -> dict[str, str]:
        """Each district's region (``{"LEN-BOKS": "RU-LEN", ...}``)."""
        return dict(zip(self.districts, self.parents, strict=False))

    @property
    def country_iso3(self) -> str | None:
        """The country's ISO 3166 alpha-3 code, as trade statistics report it (``RUS``).

        Examples
        --------
        >>> Territory("RU-LEN", country="RU").country_iso3
        'RUS'
        """
        if self.country is None:
            return None
        if len(self.country) == 3:
            return self.country
        import pycountry

        found = pycountry.countries.get(alpha_2=self.country)
        if found is None:
            raise InvalidValueError("case.toml country", self.country, reason="not ISO 3166")
        return str(found.alpha_3)

    def contains(self, region_id: str) -> bool:
        """Whether a region or district lies inside the territory."""
        return region_id in self.regions or region_id in self.districts

    def contains_all(self, region_ids: Iterable[str] | pd.Series) -> pd.Series:
        """Vectorised :meth:`contains` for a column of region ids."""
        ids = region_ids if isinstance(region_ids, pd.Series) else pd.Series(list(region_ids))
        return ids.isin(set(self.regions) | set(self.districts))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "region": self.region,
            "partners": list(self.partners),
            "country": self.country,
            "districts": list(self.districts),
            "agglomeration_id": self.agglomeration_id,
        }
