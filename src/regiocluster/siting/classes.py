"""Product classes for siting: sanitary zone, plot, compatible sites, raw material, weights.

A plant's siting needs depend on what it makes. A cement works is a class II
emitter by the Russian sanitary classification, burns limestone that it quarries
next door (about 1.5 t of raw meal per tonne of clinker: limestone travels
badly), and has no place in a technopark; a sawmill is class IV, takes
roundwood from the forest districts and ships much of its output through the
ports. Each class below states those facts once, with its source or reasoning.

Sanitary protection zones
-------------------------
SanPiN 2.2.1/2.1.1.1200-03 "Sanitary protection zones and sanitary
classification of enterprises, structures and other objects" (new edition in
force from 1 March 2008, as amended; consultant.ru document LAW_74669),
section 7.1 "Industrial objects and production": class I 1000 m, II 500 m,
III 300 m, IV 100 m, V 50 m. Clauses used (numbering of the 2014 amendment in
brackets where it was read):

* 7.1.4 "Building industry", class II (4.2.1): production of cement
  (Portland, slag-Portland, pozzolana cement and others) -> cement, clinker.
  Note: FACTS.md and the first siting version put cement in class I (1000 m);
  the SanPiN text puts it in class II (500 m). Class I of 7.1.4 holds only
  magnesite, dolomite and chamotte firing and asbestos.
* 7.1.4, class II: production of gypsum (alabaster); production of lime (lime
  works with shaft and rotary kilns) -> gypsum board (calcines gypsum), lime.
* 7.1.4, class III: glass wool and slag wool -> mineral wool; crushed stone,
  gravel and sand, quartz-sand dressing -> crushed stone, sand; bricks (red,
  silicate), building ceramic and refractory products -> bricks, tiles;
  reinforced-concrete products -> precast.
* 7.1.5 "Wood processing", class III: particle and fibre boards with synthetic
  resin binders -> OSB; class IV: sawmilling, plywood and standard wooden
  building parts -> sawn timber, plywood, timber houses.

Classes marked ``by_analogy`` (float glass, aerated blocks, dry mortars,
ready-mix) are not named in the clauses read; they take the class of the
nearest named production and say so. The consultant.ru text notes that the
SanPiN loses force on 1 January 2025 under Government Decree No. 2467 of
31.12.2020: check the rules in force before using a zone for a real project.

Plot sizes
----------
SanPiN sets no plot size. ``min_area_ha`` is an **estimate** of the smallest
plot for one production line of typical size, the quarry being a separate
mining allotment; override it through :func:`regiocluster.siting.rules_for`.
For scale: Eurocement's 2.4 Mt/yr dry-process plant at Yablonevy Ovrag
(Samara Oblast) was announced on a 40 ha plot (63.ru, 20.01.2012); the 10 ha
default for cement is one kiln line of under 1 Mt/yr, e.g. an extension next
to an existing works.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "GENERAL",
    "PRODUCT_CLASSES",
    "SANITARY_ZONE_M",
    "ProductClass",
    "RawMaterial",
    "SanitaryClass",
    "product_class",
    "sanitary_class",
]

#: Width of the sanitary protection zone by hazard class (SanPiN 2.2.1/2.1.1.1200-03, 7.1).
SANITARY_ZONE_M: dict[int, float] = {1: 1000.0, 2: 500.0, 3: 300.0, 4: 100.0, 5: 50.0}

_SANPIN = "SanPiN 2.2.1/2.1.1.1200-03"


@dataclass(frozen=True)
class SanitaryClass:
    """A production's hazard class and the clause of SanPiN that sets it."""

    hazard_class: int
    clause: str
    by_analogy: bool = False

    @property
    def distance_m(self) -> float:
        """Sanitary protection zone, metres."""
        return SANITARY_ZONE_M[self.hazard_class]

    @property
    def source(self) -> str:
        """Citation, e.g. ``SanPiN 2.2.1/2.1.1.1200-03, 7.1.4 class II: cement``."""
        roman = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}[self.hazard_class]
        note = " (by analogy)" if self.by_analogy else ""
        return f"{_SANPIN}, {self.clause}, class {roman}{note}"


@dataclass(frozen=True)
class RawMaterial:
    """Where the raw material comes from.

    Attributes
    ----------
    minerals : tuple of str
        ``deposits.mineral`` values that supply it (empty: not a mineral).
    use : str
        Keep only deposits fit for this use (e.g. ``"cement"``): those whose
        ``use`` column (if the case has one) or name mentions it. When none
        does, every deposit of the minerals counts.
    okved : str
        For a non-mineral raw material, the OKVED prefix of the supplying
        activity (``"02"``, forestry and logging): the districts' employment in
        it weights their centres as supply points.
    """

    minerals: tuple[str, ...] = ()
    use: str = ""
    okved: str = ""


@dataclass(frozen=True)
class ProductClass:
    """Siting requirements shared by a family of products."""

    key: str
    label: str
    sanitary: Mapping[str, SanitaryClass]
    min_area_ha: Mapping[str, float]
    raw_material: RawMaterial
    weights: Mapping[str, float]
    rationale: str
    raw_materials: Mapping[str, RawMaterial] = field(default_factory=dict)

    def material_for(self, product_id: str) -> RawMaterial:
        """Return the raw material of one product of the class."""
        return self.raw_materials.get(product_id, self.raw_material)


def _s(hazard_class: int, clause: str, *, by_analogy: bool = False) -> SanitaryClass:
    return SanitaryClass(hazard_class, clause, by_analogy)


#: Product families. Weights are judgements (pass your own to ``rank_sites`` or derive
#: them with AHP); each family's rationale says why its weights differ from the others.
PRODUCT_CLASSES: dict[str, ProductClass] = {
    "binders": ProductClass(
        key="binders",
        label="clinker-based binders",
        sanitary={
            "cement": _s(2, "7.1.4 (4.2.1) cement production"),
            "clinker": _s(2, "7.1.4 (4.2.1) cement production"),
            "lime": _s(2, "7.1.4 lime works with shaft and rotary kilns"),
        },
        min_area_ha={"cement": 10.0, "clinker": 10.0, "lime": 5.0},
        raw_material=RawMaterial(minerals=("limestone",), use="cement"),
        raw_materials={"lime": RawMaterial(minerals=("limestone",))},
        weights={
            "cost_to_raw_material": 0.50,
            "cost_to_market": 0.15,
            "rail_siding": 0.15,
            "cost_to_port": 0.03,
            "power_mw": 0.07,
            "gas": 0.05,
            "water": 0.02,
            "labour_60min": 0.03,
        },
        rationale=(
            "about 1.5 t of limestone per tonne of clinker: the works sits on its quarry, "
            "and ships by rail"
        ),
    ),
    "aggregates": ProductClass(
        key="aggregates",
        label="aggregates",
        sanitary={
            "crushed_stone": _s(3, "7.1.4 crushed stone, gravel and sand"),
            "sand": _s(3, "7.1.4 crushed stone, gravel and sand"),
        },
        min_area_ha={"crushed_stone": 3.0, "sand": 2.0},
        raw_material=RawMaterial(),
        weights={
            "cost_to_raw_material": 0.55,
            "cost_to_market": 0.20,
            "rail_siding": 0.10,
            "cost_to_port": 0.05,
            "power_mw": 0.04,
            "water": 0.03,
            "labour_60min": 0.03,
        },
        rationale="the crushing plant stands at the quarry; the product is cheap per tonne",
    ),
    "fired": ProductClass(
        key="fired",
        label="fired and mineral-fibre materials",
        sanitary={
            "ceramic_brick": _s(3, "7.1.4 bricks and building ceramics"),
            "ceramic_tiles": _s(3, "7.1.4 bricks and building ceramics"),
            "mineral_wool": _s(3, "7.1.4 glass wool and slag wool"),
            "flat_glass": _s(3, "7.1.4 glass wool and slag wool", by_analogy=True),
            "gypsum_board": _s(2, "7.1.4 gypsum (alabaster) production"),
            "aerated_blocks": _s(3, "7.1.4 reinforced-concrete products", by_analogy=True),
        },
        min_area_ha={
            "ceramic_brick": 6.0,
            "ceramic_tiles": 5.0,
            "mineral_wool": 8.0,
            "flat_glass": 20.0,
            "gypsum_board": 8.0,
            "aerated_blocks": 6.0,
        },
        raw_material=RawMaterial(),
        weights={
            "cost_to_raw_material": 0.30,
            "cost_to_market": 0.25,
            "rail_siding": 0.10,
            "cost_to_port": 0.05,
            "power_mw": 0.10,
            "gas": 0.10,
            "water": 0.05,
            "labour_60min": 0.05,
        },
        rationale="kilns and furnaces need gas and power; clay and sand are local",
    ),
    "concrete": ProductClass(
        key="concrete",
        label="market-bound concrete and mortars",
        sanitary={
            "precast": _s(3, "7.1.4 reinforced-concrete products"),
            "ready_mix": _s(3, "7.1.4 reinforced-concrete products", by_analogy=True),
            "dry_mix": _s(3, "7.1.4 crushed stone, gravel and sand", by_analogy=True),
        },
        min_area_ha={"precast": 4.0, "ready_mix": 1.0, "dry_mix": 2.0},
        raw_material=RawMaterial(),
        weights={
            "cost_to_raw_material": 0.10,
            "cost_to_market": 0.45,
            "rail_siding": 0.10,
            "power_mw": 0.10,
            "gas": 0.05,
            "water": 0.10,
            "labour_60min": 0.10,
        },
        rationale="ready-mix must be placed within about 90 minutes of batching: near the market",
    ),
    "wood": ProductClass(
        key="wood",
        label="wood products",
        sanitary={
            "sawn_timber": _s(4, "7.1.5 sawmilling, plywood and standard wooden parts"),
            "plywood": _s(4, "7.1.5 sawmilling, plywood and standard wooden parts"),
            "timber_houses": _s(4, "7.1.5 sawmilling, plywood and standard wooden parts"),
            "osb": _s(3, "7.1.5 particle and fibre boards with synthetic resins"),
        },
        min_area_ha={"sawn_timber": 5.0, "plywood": 5.0, "timber_houses": 3.0, "osb": 10.0},
        raw_material=RawMaterial(okved="02"),
        weights={
            "cost_to_raw_material": 0.35,
            "cost_to_port": 0.20,
            "cost_to_market": 0.10,
            "rail_siding": 0.15,
            "power_mw": 0.08,
            "gas": 0.02,
            "water": 0.02,
            "labour_60min": 0.08,
        },
        rationale=(
            "roundwood comes from the forest districts (logging employment, OKVED 02) and "
            "much sawn timber leaves through the ports"
        ),
    ),
}

_BY_PRODUCT = {pid: cls for cls in PRODUCT_CLASSES.values() for pid in cls.sanitary}

#: Used for a product no class names: class III, 3 ha, the old even weights.
GENERAL = ProductClass(
    key="general",
    label="other manufacturing",
    sanitary={},
    min_area_ha={},
    raw_material=RawMaterial(),
    weights={
        "cost_to_raw_material": 0.25,
        "cost_to_market": 0.25,
        "rail_siding": 0.10,
        "cost_to_port": 0.05,
        "power_mw": 0.10,
        "gas": 0.08,
        "water": 0.07,
        "labour_60min": 0.10,
    },
    rationale="no product-specific requirement is known",
)


def product_class(product_id: str) -> ProductClass:
    """Return the class of a product (:data:`GENERAL` for a product no class names).

    Examples
    --------
    >>> product_class("cement").sanitary["cement"].source
    'SanPiN 2.2.1/2.1.1.1200-03, 7.1.4 (4.2.1) cement production, class II'
    >>> product_class("sawn_timber").sanitary["sawn_timber"].distance_m
    100.0
    """
    return _BY_PRODUCT.get(product_id, GENERAL)


def sanitary_class(product_id: str) -> SanitaryClass:
    """Return a product's hazard class (class III, no clause, for an unknown product)."""
    return product_class(product_id).sanitary.get(
        product_id, SanitaryClass(3, "no clause found; class III assumed", by_analogy=True)
    )
