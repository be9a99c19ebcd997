"""`regiocluster market ...` commands: render the Results of :mod:`regiocluster.market.case`."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from regiocluster.cli._common import Format, FormatOption, load_or_exit, render
from regiocluster.errors import InvalidValueError
from regiocluster.result import Result

app = typer.Typer(help="Market balances, demand drivers and forecasts.", no_args_is_help=True)

# wide enough for the tables when the output is piped or captured
_console = Console(width=120)


def _num(value: float, digits: int = 0) -> str:
    if value != value:  # NaN
        return "–"
    return f"{value:,.{digits}f}"


def _pct(value: float) -> str:
    return "–" if value != value else f"{100 * value:.0f}%"


def _scale(items: list[str]) -> dict[str, float]:
    factors = {}
    for item in items:
        name, _, factor = item.partition("=")
        try:
            factors[name.strip()] = float(factor)
        except ValueError:
            raise InvalidValueError("--scale", item, reason="wants driver=factor") from None
    return factors


def _forecast_table(result: Result) -> None:
    o = result.options
    demand, gaps = result.frames["demand"], result.frames["gaps"].set_index("year")
    table = Table(title=f"{o['product']} demand, {o['region']}, scenario {o['scenario']} "
                  f"({result.figure('capacity').unit})")  # fmt: skip
    columns = ("year", "demand", "80% lo", "80% hi", "95% lo", "95% hi", "basis", "capacity", "gap")
    for col in columns:
        table.add_column(col, justify="left" if col == "basis" else "right", no_wrap=True)
    basis = {"statistics+drivers": "stats+drivers", "drivers": "drivers", "statistics": "stats"}
    for row in demand.itertuples():
        gap = gaps.loc[row.year]
        values = (row.demand, row.lo_80, row.hi_80, row.lo_95, row.hi_95)
        table.add_row(
            str(row.year),
            *(_num(v / 1000) for v in values),
            basis.get(row.driven_by, row.driven_by),
            _num(gap["capacity"] / 1000),
            _num(gap["gap"] / 1000),
        )
    _console.print(table)
    _console.print(
        f"gap = capacity needed at {o['utilisation']:.0%} utilisation to keep the last actual "
        f"year's import share ({result.value('import_share'):.1%}) and exports, minus today's "
        "capacity; positive = to build. Basis: stats+drivers = drivers with a fading "
        "statistical correction (first 6 years), drivers = scenario drivers × intensities, "
        "stats = statistical forecast only."
    )


@app.command("forecast")
def forecast_command(
    case: str = typer.Argument(..., help="Built-in case name or path to a case folder."),
    product: str = typer.Option("cement", "--product", "-p", help="Product id."),
    scenario: str = typer.Option("base", "--scenario", "-s", help="Driver scenario."),
    region: str = typer.Option(
        None, "--region", "-r", help="Market: a region id (default: the territory, RU-LEN+RU-SPE)."
    ),
    last_year: int = typer.Option(2035, "--to", help="Last forecast year."),
    utilisation: float = typer.Option(0.85, help="Target capacity utilisation for the gap."),
    scale: list[str] = typer.Option(
        [],
        "--scale",
        help="User scenario: scale a driver of --scenario's path, e.g. housing_m2=1.2 "
        "(repeatable); the result is printed as scenario 'user'.",
    ),
    fmt: FormatOption = Format.table,
) -> None:
    """Print demand for a product under a scenario, with intervals and the capacity gap."""
    from regiocluster.market.case import forecast

    result = forecast(
        load_or_exit(case, _console),
        product=product,
        scenario=scenario,
        region=region,
        last_year=last_year,
        utilisation=utilisation,
        scale=_scale(scale),
    )
    render(result, fmt, table=_forecast_table, console=_console)


def _balance_table(result: Result) -> None:
    table = Table(title="Market balance (thousand product units)")
    cols = ("product", "region", "year", "prod.", "imports", "exports", "consum.", "util.",
            "imp. sh.", "kg/head", "price idx")  # fmt: skip
    for col in cols:
        table.add_column(
            col, justify="left" if col in ("product", "region") else "right", no_wrap=True
        )
    for row in result.frame.itertuples():
        table.add_row(
            row.product_id,
            row.region_id,
            str(row.year),
            *(_num(v / 1000) for v in (row.production, row.imports, row.exports, row.consumption)),
            _pct(row.utilisation),
            _pct(row.import_share),
            _num(row.per_capita_kg),
            _num(row.price_index),
        )
    _console.print(table)


@app.command("balance")
def balance_command(
    case: str = typer.Argument(..., help="Built-in case name or path to a case folder."),
    product: str = typer.Option(None, "--product", "-p", help="Product id (default: all)."),
    region: str = typer.Option(
        None, "--region", "-r", help="Region id or RU-LEN+RU-SPE (default: the territory)."
    ),
    year: int = typer.Option(None, "--year", "-y", help="One year (default: all)."),
    fmt: FormatOption = Format.table,
) -> None:
    """Print the market balance: production + imports − exports = consumption."""
    from regiocluster.market.case import balance, market_region

    loaded = load_or_exit(case, _console)
    result = balance(loaded, product=product, region=region or market_region(loaded), year=year)
    render(result, fmt, table=_balance_table, console=_console)


def _backtest_table(result: Result) -> None:
    o = result.options
    table = Table(title=f"Backtest, {o['region']}, horizon {o['horizon']}, {o['windows']} origins")
    for col in ("method", "MASE", "sMAPE %"):
        table.add_column(col, justify="left" if col == "method" else "right")
    for row in result.frame.itertuples():
        table.add_row(str(row.method), f"{row.mase:.3f}", f"{row.smape:.2f}")
    _console.print(table)


@app.command("backtest")
def backtest_command(
    case: str = typer.Argument(..., help="Built-in case name or path to a case folder."),
    region: str = typer.Option(None, "--region", "-r", help="Market (default: the territory)."),
    horizon: int = typer.Option(3, help="Years ahead at each origin."),
    windows: int = typer.Option(2, help="Rolling origins."),
    fmt: FormatOption = Format.table,
) -> None:
    """Rolling-origin backtest of the statistical methods on every product's consumption."""
    from regiocluster.market.case import backtest

    result = backtest(load_or_exit(case, _console), region=region, horizon=horizon,
                      windows=windows)  # fmt: skip
    render(result, fmt, table=_backtest_table, console=_console)
