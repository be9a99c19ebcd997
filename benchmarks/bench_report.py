"""The study's build time: every format, both languages, against the 60 s target.

Builds the embedded case's study (HTML, PDF, DOCX, XLSX in Russian and
English) once, timing each step from the builder's progress calls: the
chapters' analyses (computed once, shared by both languages) and each
format in each language. The baseline in the same run is the HTML-only,
one-language build (what ``regiocluster report`` wrote before the study);
the ratio says what the other formats and the second language cost. Wall
and CPU seconds are both printed: on a shared machine wall time includes
waiting for the cores.

    .venv/bin/python benchmarks/bench_report.py           # full build, target < 60 s
    .venv/bin/python benchmarks/bench_report.py --quick   # the same (one build is the unit)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from regiocluster import load_case
from regiocluster.report import build_study

TARGET_S = 60.0


def timed_build(case, out: Path, **options) -> tuple[float, float, list[tuple[str, float]]]:
    """Build once; return wall and CPU seconds and each step's wall seconds."""
    marks: list[tuple[str, float]] = []
    wall, cpu = time.perf_counter(), time.process_time()
    build_study(
        case, out, progress=lambda step, pct: marks.append((step, time.perf_counter())), **options
    )
    end_wall, end_cpu = time.perf_counter(), time.process_time()
    steps = [
        (name, (marks[i + 1][1] if i + 1 < len(marks) else end_wall) - t)
        for i, (name, t) in enumerate(marks)
    ]
    return end_wall - wall, end_cpu - cpu, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="accepted for make bench; one build")
    parser.parse_args()
    case = load_case("leningrad")
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu, steps = timed_build(case, Path(tmp) / "all")
        # a freshly loaded case, so no analysis memoised on the first one is reused
        base_wall, base_cpu, _ = timed_build(
            load_case("leningrad"), Path(tmp) / "html", langs=["ru"], formats=["html"]
        )
    analyses = sum(s for name, s in steps if " (" not in name and name != "done")
    print(f"{'step':<24}{'wall s':>9}")
    print(f"{'analyses (chapters)':<24}{analyses:>9.1f}")
    for name, seconds in steps:
        if " (" in name:
            print(f"{name:<24}{seconds:>9.1f}")
    print(
        f"{'all formats, ru + en':<24}{wall:>9.1f}   CPU {cpu:.1f} s   target {TARGET_S:.0f} s   "
        f"wall/target {wall / TARGET_S:.2f}   CPU/target {cpu / TARGET_S:.2f}"
    )
    print(f"{'baseline: HTML, ru only':<24}{base_wall:>9.1f}   CPU {base_cpu:.1f} s")
    print(
        f"ratio all formats and languages / HTML-only baseline: wall {wall / base_wall:.2f}, "
        f"CPU {cpu / base_cpu:.2f}"
    )


if __name__ == "__main__":
    main()
