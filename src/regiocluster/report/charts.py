"""Charts of the study: one :class:`~regiocluster.report.model.Chart`, two renderings.

The HTML study draws interactive plotly charts from the vendored
``plotly.min.js`` (offline). Print (PDF) and DOCX need static images;
plotly's static export needs kaleido and a browser, so they are drawn with
matplotlib instead: deterministic, no browser process, and the same
``Chart`` spec feeds both.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import plotly.graph_objects as go  # noqa: E402

from regiocluster.report.i18n import Localizer  # noqa: E402
from regiocluster.report.model import Chart, Series  # noqa: E402

PLOTLY_JS_NAME = "assets/plotly.min.js"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")


def _name(series: Series, loc: Localizer) -> str:
    return loc.arg(series.name)


def axis_title(chart: Chart, loc: Localizer) -> str:
    """Return the value axis' title with its unit (``Demand, тыс. т``)."""
    value_axis = chart.x_title if chart.kind == "barh" else chart.y_title
    title = loc.gettext(value_axis)
    unit = loc.unit(chart.y_unit, thousands=chart.y_thousands) if chart.y_unit else ""
    return f"{title}, {unit}" if unit else title


def plotly_json(chart: Chart, loc: Localizer) -> str:
    """Return the chart as plotly JSON (data and layout), for the HTML study."""
    fig = go.Figure()
    for i, s in enumerate(chart.series):
        colour = s.colour or PALETTE[i % len(PALETTE)]
        name = _name(s, loc)
        if chart.kind == "line":
            if s.lo is not None and s.hi is not None:
                fig.add_trace(
                    go.Scatter(
                        x=list(s.x) + list(s.x)[::-1],
                        y=list(s.hi) + list(s.lo)[::-1],
                        fill="toself",
                        fillcolor=colour,
                        opacity=0.15,
                        line={"width": 0},
                        hoverinfo="skip",
                        showlegend=False,
                    )
                )
            fig.add_trace(
                go.Scatter(
                    x=list(s.x), y=list(s.y), mode="lines", name=name, line={"color": colour}
                )
            )
        elif chart.kind == "barh":
            fig.add_trace(
                go.Bar(
                    x=list(s.y),
                    y=[loc.arg(v) for v in s.x],
                    orientation="h",
                    name=name,
                    marker={"color": colour},
                )
            )
        else:
            fig.add_trace(
                go.Bar(
                    x=[loc.arg(v) for v in s.x], y=list(s.y), name=name, marker={"color": colour}
                )
            )
    x_title, y_title = loc.gettext(chart.x_title), axis_title(chart, loc)
    if chart.kind == "barh":
        x_title, y_title = axis_title(chart, loc), loc.gettext(chart.y_title)
    fig.update_layout(
        template="plotly_white",
        height=380 if chart.kind != "barh" else 120 + 28 * max(len(s.x) for s in chart.series),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        xaxis={"title": {"text": x_title}, "automargin": True},
        yaxis={
            "title": {"text": y_title},
            "automargin": True,
            "autorange": "reversed" if chart.kind == "barh" else True,
        },
        separators=", " if loc.lang == "ru" else ".,",
        showlegend=chart.kind == "line" or len(chart.series) > 1,
    )
    return fig.to_json()


def png(chart: Chart, loc: Localizer) -> bytes:
    """Return the chart as a PNG image (matplotlib), for the PDF and the DOCX."""
    barh = chart.kind == "barh"
    height = 0.8 + 0.32 * max(len(s.x) for s in chart.series) if barh else 3.4
    fig, ax = plt.subplots(figsize=(7.0, max(height, 2.2)), dpi=150)
    for i, s in enumerate(chart.series):
        colour = s.colour or PALETTE[i % len(PALETTE)]
        label = _name(s, loc)
        if chart.kind == "line":
            if s.lo is not None and s.hi is not None:
                ax.fill_between(
                    list(s.x), list(s.lo), list(s.hi), color=colour, alpha=0.15, linewidth=0
                )
            ax.plot(list(s.x), list(s.y), color=colour, label=label, linewidth=1.6)
        elif barh:
            ax.barh([loc.arg(v) for v in s.x], list(s.y), color=colour, label=label)
            ax.invert_yaxis()
        else:
            ax.bar([loc.arg(v) for v in s.x], list(s.y), color=colour, label=label)
            plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    if barh:
        ax.set_xlabel(axis_title(chart, loc))
    else:
        ax.set_xlabel(loc.gettext(chart.x_title))
        ax.set_ylabel(axis_title(chart, loc))
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.set_major_formatter(_formatter(loc)) if not barh else ax.xaxis.set_major_formatter(
        _formatter(loc)
    )
    if chart.kind == "line" or len(chart.series) > 1:
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=4, frameon=False, fontsize=8
        )
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _formatter(loc: Localizer) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(
        lambda v, _pos: loc.number(v, digits=0 if abs(v) >= 10 or v == int(v) else 1)
    )
