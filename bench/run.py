"""`make bench`: run every benchmark module in bench/ and print its figures as ratios.

Each module `bench/bench_*.py` has a `run() -> list[Result]`; a result compares a measured
figure with a baseline measured in the same run, so the ratio means something on any machine.

A result that stands for one of issue 26's targets carries a `Goal` naming it. After the last
benchmark, `make bench` ends with one line per target (`summary_lines`), always all of them and
in the same order, so that a reader or a script sees at once what holds:

    TARGET <name> <measured> <goal> met|not met|not run

`<measured>` is the ratio (the worst one when several results stand for a target, e.g. the
broad search both with a new query and with every cache empty); `<goal>` is `<=N` or `>=N`. A
target whose benchmark was not selected, failed, or does not exist yet prints `-` as its
measured figure and `not run`.
"""

import importlib
import pkgutil
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.setup import template_database

# Issue 26's targets, in the order the summary prints them, with their goals: the ratio a
# result marked with the target must reach (at most, or at least when `at_least`).
TARGETS: dict[str, tuple[float, bool]] = {
    "cpu_per_request": (0.5, False),
    "upload_throughput": (0.9, True),
    "dashboard_state_scale": (1.5, False),
    "catalog_broad_search": (1.5, False),
    "signing": (10.0, False),
    "verify_linear": (2.0, False),
    "badge_under_transcode_load": (2.0, False),
}


@dataclass(frozen=True)
class Goal:
    """Marks a result as (one of the figures of) a named target of TARGETS."""

    target: str

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"Unknown target {self.target!r}; known: {', '.join(TARGETS)}")


@dataclass
class Result:
    name: str
    measured: float
    baseline: float
    unit: str
    target: str = ""
    goal: Goal | None = None

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        target = f"  target: {self.target}" if self.target else ""
        return (
            f"{self.name}: {self.measured:.3f} {self.unit} vs baseline {self.baseline:.3f} "
            f"{self.unit} = ratio {self.ratio:.2f}{target}"
        )


def _goal_text(limit: float, at_least: bool) -> str:
    return f"{'>=' if at_least else '<='}{limit:g}"


def summary_lines(results: Iterable[Result]) -> list[str]:
    """One `TARGET <name> <measured> <goal> met|not met|not run` line per target of TARGETS."""
    ratios: dict[str, list[float]] = {}
    for result in results:
        if result.goal is not None:
            ratios.setdefault(result.goal.target, []).append(result.ratio)
    lines = []
    for name, (limit, at_least) in TARGETS.items():
        goal = _goal_text(limit, at_least)
        if not ratios.get(name):
            lines.append(f"TARGET {name} - {goal} not run")
            continue
        worst = min(ratios[name]) if at_least else max(ratios[name])
        met = worst >= limit if at_least else worst <= limit
        lines.append(f"TARGET {name} {worst:.2f} {goal} {'met' if met else 'not met'}")
    return lines


def main(selected: list[str]) -> int:
    here = Path(__file__).parent
    modules = sorted(
        m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    if selected:
        # Per name: an exact one wins ("load" is bench_load, not also bench_upload), else any
        # module containing it.
        chosen = set()
        for s in selected:
            exact = [m for m in modules if m in (s, f"bench_{s}")]
            chosen.update(exact or [m for m in modules if s in m])
        modules = [m for m in modules if m in chosen]
    if not modules:
        print("No benchmarks matched.")
        return 1
    everything: list[Result] = []
    failed = []
    with template_database():  # one migration for the whole run
        for name in modules:
            module = importlib.import_module(f"bench.{name}")
            print(f"== {name}: {(module.__doc__ or '').strip().splitlines()[0]}", flush=True)
            try:
                results = module.run()
            except Exception:  # the next benchmarks still run; the exit code says it failed
                traceback.print_exc()
                print(f"  {name} FAILED: its targets print as not run", flush=True)
                failed.append(name)
                continue
            for result in results:
                print("  " + result.line(), flush=True)
            everything.extend(results)
    print("== targets (issue 26)" + (f"; failed: {', '.join(failed)}" if failed else ""))
    for line in summary_lines(everything):
        print(line, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
