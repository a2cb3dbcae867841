"""`make bench`: run every benchmark module in bench/ and print its figures as ratios.

Each module `bench/bench_*.py` has a `run() -> list[Result]`; a result compares a measured
figure with a baseline measured in the same run, so the ratio means something on any machine.
"""

import importlib
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    name: str
    measured: float
    baseline: float
    unit: str
    target: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        target = f"  target: {self.target}" if self.target else ""
        return (
            f"{self.name}: {self.measured:.3f} {self.unit} vs baseline {self.baseline:.3f} "
            f"{self.unit} = ratio {self.ratio:.2f}{target}"
        )


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
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}: {(module.__doc__ or '').strip().splitlines()[0]}", flush=True)
        for result in module.run():
            print("  " + result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
