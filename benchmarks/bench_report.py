"""The study's build time: every format, both languages, against the 60 s target.

Builds the embedded case's study (HTML, PDF, DOCX, XLSX in Russian and
English) once and times each phase from the builder's progress calls: the
analyses (every chapter's Results, computed once and shared by both
languages and all formats), then each format summed over the languages.
Wall and CPU seconds are both printed; on a shared machine wall time
includes waiting for the cores, so CPU time is the figure to compare with
the target. The peer in the same run is the HTML-only, one-language build
(what ``regiocluster report`` wrote before the study); the ratio says what
the other formats and the second language cost.

    .venv/bin/python benchmarks/bench_report.py                # full build + the peer
    .venv/bin/python benchmarks/bench_report.py --no-baseline  # the full build only
    .venv/bin/python benchmarks/bench_report.py --quick        # the same as --no-baseline
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from regiocluster import load_case
from regiocluster.report import build_study
from regiocluster.report.builder import FORMATS

TARGET_S = 60.0


def timed_build(case, out: Path, **options) -> tuple[float, float, list[tuple[str, float, float]]]:
    """Build once; return wall and CPU seconds and each step's (name, wall, CPU) seconds."""
    marks: list[tuple[str, float, float]] = []
    wall, cpu = time.perf_counter(), time.process_time()

    def progress(step: str, pct: float) -> None:
        marks.append((step, time.perf_counter(), time.process_time()))

    build_study(case, out, progress=progress, **options)
    end = (time.perf_counter(), time.process_time())
    steps = []
    for i, (name, w, c) in enumerate(marks):
        nw, nc = (marks[i + 1][1], marks[i + 1][2]) if i + 1 < len(marks) else end
        steps.append((name, nw - w, nc - c))
    # load_case is outside: the analyses start at the first mark
    return end[0] - wall, end[1] - cpu, steps


def phases(steps: list[tuple[str, float, float]]) -> dict[str, tuple[float, float]]:
    """Sum the steps into the compute phase and one phase per format (both languages)."""
    out: dict[str, list[float]] = {"compute": [0.0, 0.0], **{f: [0.0, 0.0] for f in FORMATS}}
    for name, wall, cpu in steps:
        if name == "done":
            continue
        key = name.split(" (")[0] if " (" in name else "compute"
        out[key][0] += wall
        out[key][1] += cpu
    return {k: (v[0], v[1]) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the peer build (make bench)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the peer build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu, steps = timed_build(load_case("leningrad"), Path(tmp) / "all")
        base = None
        if not (args.quick or args.no_baseline):
            # a freshly loaded case, so no analysis memoised on the first one is reused
            base = timed_build(
                load_case("leningrad"), Path(tmp) / "html", langs=["ru"], formats=["html"]
            )
    print(f"{'phase (ru + en)':<24}{'wall s':>9}{'CPU s':>9}")
    for name, (w, c) in phases(steps).items():
        print(f"{name:<24}{w:>9.1f}{c:>9.1f}")
    print(f"{'total':<24}{wall:>9.1f}{cpu:>9.1f}")
    verdict = "within" if cpu < TARGET_S else "OVER"
    print(
        f"CPU {cpu:.1f} s against the {TARGET_S:.0f} s target: {verdict} "
        f"(CPU/target {cpu / TARGET_S:.2f}; wall/target {wall / TARGET_S:.2f}, "
        "wall includes waiting for shared cores)"
    )
    if base is not None:
        base_wall, base_cpu, _ = base
        print(f"{'peer: HTML, ru only':<24}{base_wall:>9.1f}{base_cpu:>9.1f}")
        print(
            f"ratio all formats and languages / HTML-only peer: CPU {cpu / base_cpu:.2f}, "
            f"wall {wall / base_wall:.2f}"
        )


if __name__ == "__main__":
    main()
