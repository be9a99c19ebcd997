"""Annex D — the cluster in figures: the headline Results, each number under its id.

The figures are :func:`regiocluster.headlines.headline_results` on the case,
registered in the results book (so ``results.json`` holds them under the ids
the portal's figures page and API use) and shown as prose numbers carrying
that id. Nothing is computed here: the chapters that already computed a
Result share it through the book.
"""

from __future__ import annotations

from regiocluster.case.load import Case
from regiocluster.headlines import headline_results
from regiocluster.report.compose import hs_names
from regiocluster.report.model import N_, Chapter, Name, Number, Paragraph
from regiocluster.report.registry import register_chapter
from regiocluster.report.results import ResultBook

KEY = "figures"
#: Units whose values are codes or verdicts: shown without a unit.
_NO_UNIT = ("HS", "site", "bool", "product")


@register_chapter(key=KEY, title=N_("The cluster in figures"), order=230)
def compose(case: Case, book: ResultBook) -> Chapter:
    """Annex D: one line per headline figure, its number tied to ``results.json``."""
    hs = hs_names(case)
    blocks = []
    illustrative = False
    for headline, result in headline_results(case, once=book.once):
        book.add(result, scope=headline.scope)
        illustrative = illustrative or result.illustrative
        for fid in headline.figures:
            fig = result.figure(fid)
            unit = "" if fig.unit in _NO_UNIT or isinstance(fig.value, str | bool) else fig.unit
            args = {
                "label": Name(fig.id, fig.label_en, fig.label_ru),
                "value": Number(headline.figure_id(result, fid), fig.value, unit),
            }
            if fig.unit == "HS" and str(fig.value) in hs:
                args["name"] = hs[str(fig.value)]
                blocks.append(Paragraph("{label}: {value} ({name}).", args))
            else:
                blocks.append(Paragraph("{label}: {value}.", args))
    return Chapter(
        KEY,
        N_("The cluster in figures"),
        blocks=blocks,
        intro=N_(
            "The headline numbers of the study, each read from the analysis that computes it; "
            "the portal's figures page and its API show the same numbers under the same ids."
        ),
        illustrative=illustrative,
        annex=True,
    )
