"""Charts for the report: plotly figures rendered without a CDN.

The report builder copies ``plotly.min.js`` from the installed plotly
package into the report folder, so every chart works offline.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

PLOTLY_JS_NAME = "assets/plotly.min.js"


def figure_html(fig: go.Figure, *, height: int | None = None) -> str:
    """Render ``fig`` as an HTML fragment that uses the report's vendored plotly.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The chart.
    height : int, optional
        Height in pixels.

    Returns
    -------
    str
        A ``<div>`` with its script; no ``<script src>`` outside the report.
    """
    if height is not None:
        fig.update_layout(height=height)
    fig.update_layout(template="plotly_white", margin={"l": 50, "r": 20, "t": 40, "b": 40})
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        config={"displaylogo": False, "responsive": True},
    )
