"""`regiocluster market ...` commands."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Market balances, demand drivers and forecasts.", no_args_is_help=True)

# wide enough for the tables when the output is piped or captured
_console = Console(width=120)


def _num(value: float, digits: int = 0) -> str:
    if value != value:  # NaN
        return "–"
    return f"{value:,.{digits}f}"


def _pct(value: float) -> str:
    return "–" if value != value else f"{100 * value:.0f}%"


@app.command("forecast")
def forecast_command(
    case: str = typer.Argument(..., help="Built-in case name or path to a case folder."),
    product: str = typer.Option("cement", "--product", "-p", help="Product id."),
    scenario: str = typer.Option("base", "--scenario", "-s", help="Driver scenario."),
    region: str = typer.Option(
        "RU-LEN+RU-SPE", "--region", "-r", help="Market: a region id or RU-LEN+RU-SPE."
    ),
    last_year: int = typer.Option(2035, "--to", help="Last forecast year."),
    utilisation: float = typer.Option(0.85, help="Target capacity utilisation for the gap."),
    scale: list[str] = typer.Option(
        [],
        "--scale",
        help="User scenario: scale a driver of --scenario's path, e.g. housing_m2=1.2 "
        "(repeatable); the result is printed as scenario 'user'.",
    ),
) -> None:
    """Print demand for a product under a scenario, with intervals and the capacity gap."""
    from regiocluster import load_case
    from regiocluster.market import outlook, user_scenario

    loaded = load_case(case)
    drivers = None
    if scale:
        factors = {}
        for item in scale:
            name, _, factor = item.partition("=")
            try:
                factors[name.strip()] = float(factor)
            except ValueError as err:
                raise typer.BadParameter(f"--scale wants driver=factor, got {item!r}") from err
        drivers = user_scenario(loaded["demand_drivers"], "user", scale=factors, like=scenario)
        scenario = "user"
    products = set(loaded["products"]["product_id"])
    if product not in products:
        raise typer.BadParameter(
            f"unknown product {product!r}; one of {', '.join(sorted(products))}"
        )
    result = outlook(
        loaded,
        products=[product],
        region_id=region,
        scenarios=[scenario],
        last_year=last_year,
        utilisation=utilisation,
        drivers=drivers,
    )
    demand = result.demand[result.demand["scenario"] == scenario]
    if demand.empty:
        raise typer.BadParameter(f"no scenario {scenario!r} for {region}")
    gaps = result.gaps[result.gaps["scenario"] == scenario].set_index("year")
    unit = loaded["products"].set_index("product_id").loc[product, "unit"]
    table = Table(title=f"{product} demand, {region}, scenario {scenario} (thousand {unit})")
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
    share = gaps.attrs.get("import_share", float("nan"))
    _console.print(
        f"gap = capacity needed at {utilisation:.0%} utilisation to keep today's import share "
        f"({share:.1%}) and exports, minus today's capacity; positive = to build. "
        "Basis: stats+drivers = drivers with a fading statistical correction (first 6 years), "
        "drivers = scenario drivers × intensities, stats = statistical forecast only."
    )


@app.command("balance")
def balance_command(
    case: str = typer.Argument(..., help="Built-in case name or path to a case folder."),
    product: str = typer.Option(None, "--product", "-p", help="Product id (default: all)."),
    region: str = typer.Option(
        "RU-LEN+RU-SPE", "--region", "-r", help="Region id, RU-LEN+RU-SPE, or 'all'."
    ),
    year: int = typer.Option(None, "--year", "-y", help="One year (default: all)."),
) -> None:
    """Print the market balance: production + imports − exports = consumption."""
    from regiocluster import load_case
    from regiocluster.market import balance, population_table, with_agglomeration

    loaded = load_case(case)
    raw, drivers = with_agglomeration(loaded["market_balances"], loaded["demand_drivers"])
    pop = population_table(regions=loaded["regions"], demand_drivers=drivers)
    b = balance(raw, population=pop, products=loaded["products"])
    if product:
        b = b[b["product_id"] == product]
    if region != "all":
        b = b[b["region_id"] == region]
    if year:
        b = b[b["year"] == year]
    if b.empty:
        raise typer.BadParameter("no balance rows match")
    table = Table(title="Market balance (thousand product units)")
    cols = (
        "product",
        "region",
        "year",
        "prod.",
        "imports",
        "exports",
        "consum.",
        "util.",
        "imp. sh.",
        "kg/head",
        "price idx",
    )
    for col in cols:
        table.add_column(
            col, justify="left" if col in ("product", "region") else "right", no_wrap=True
        )
    for row in b.itertuples():
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


@app.command("backtest")
def backtest_command(
    case: str = typer.Argument(..., help="Built-in case name or path to a case folder."),
    region: str = typer.Option("RU-LEN+RU-SPE", "--region", "-r", help="Market region id."),
    horizon: int = typer.Option(3, help="Years ahead at each origin."),
    windows: int = typer.Option(2, help="Rolling origins."),
) -> None:
    """Rolling-origin backtest of the statistical methods on every product's consumption."""
    from regiocluster import load_case
    from regiocluster.market import backtest, with_agglomeration

    loaded = load_case(case)
    raw, _ = with_agglomeration(loaded["market_balances"], loaded["demand_drivers"])
    raw = raw[raw["region_id"] == region]
    history = raw.assign(
        unique_id=raw["product_id"],
        ds=raw["year"],
        y=raw["production"] + raw["imports"] - raw["exports"],
    )[["unique_id", "ds", "y"]]
    scores = backtest(history, horizon, n_windows=windows, n_jobs=1)
    summary = scores.groupby("method")[["mase", "smape"]].mean().sort_values("mase")
    table = Table(title=f"Backtest, {region}, horizon {horizon}, {windows} origins")
    for col in ("method", "MASE", "sMAPE %"):
        table.add_column(col, justify="left" if col == "method" else "right")
    for method, row in summary.iterrows():
        table.add_row(str(method), f"{row['mase']:.3f}", f"{row['smape']:.2f}")
    _console.print(table)
