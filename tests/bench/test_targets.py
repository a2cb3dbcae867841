"""The TARGET lines that end `make bench`: one per target of issue 26, always all of them, in a
form a script can read (`TARGET <name> <measured> <goal> met|not met|not run`). Only the
formatter is tested here: no figure is measured or asserted in `make test`."""

import contextlib
import re

import pytest

from bench import run
from bench.run import Goal, Result, summary_lines

LINE = re.compile(r"^TARGET (?P<name>\w+) (?P<measured>-|inf|\d+\.\d\d) (?P<goal>[<>]=[\d.]+) "
                  r"(?P<verdict>met|not met|not run)$")  # fmt: skip


def _parsed(results):
    lines = summary_lines(results)
    assert all(LINE.match(line) for line in lines), lines
    return {m["name"]: m.groupdict() for m in map(LINE.match, lines)}


def test_every_target_prints_in_order_and_unmeasured_ones_say_not_run():
    lines = summary_lines([Result("unrelated", 5, 1, "ms")])

    assert [line.split()[1] for line in lines] == [
        "cpu_per_request",
        "upload_throughput",
        "dashboard_state_scale",
        "catalog_broad_search",
        "signing",
        "verify_linear",
        "badge_under_transcode_load",
    ]
    assert all(line.endswith(" - " + line.split()[3] + " not run") for line in lines)
    assert "TARGET signing - <=10 not run" in lines
    assert "TARGET upload_throughput - >=0.9 not run" in lines


def test_an_at_most_goal_is_met_up_to_its_limit_and_not_beyond():
    at_limit = _parsed([Result("sign", 100, 10, "µs", goal=Goal("signing"))])["signing"]
    above = _parsed([Result("sign", 644, 10, "µs", goal=Goal("signing"))])["signing"]

    assert (at_limit["measured"], at_limit["goal"], at_limit["verdict"]) == ("10.00", "<=10", "met")
    assert (above["measured"], above["verdict"]) == ("64.40", "not met")


def test_an_at_least_goal_is_met_from_its_limit_up():
    slow = _parsed([Result("up", 222, 288, "MB/s", goal=Goal("upload_throughput"))])
    fast = _parsed([Result("up", 270, 288, "MB/s", goal=Goal("upload_throughput"))])

    assert slow["upload_throughput"]["measured"] == "0.77"
    assert slow["upload_throughput"]["verdict"] == "not met"
    assert fast["upload_throughput"]["measured"] == "0.94"
    assert fast["upload_throughput"]["verdict"] == "met"


def test_several_figures_of_one_target_print_the_worst():
    parsed = _parsed([
        Result("broad, new query", 12, 10, "ms", goal=Goal("catalog_broad_search")),
        Result("broad, caches empty", 17, 10, "ms", goal=Goal("catalog_broad_search")),
        Result("exit tickets", 90, 10, "ms"),  # not the target's figure
        Result("upload, run 1", 95, 100, "MB/s", goal=Goal("upload_throughput")),
        Result("upload, run 2", 85, 100, "MB/s", goal=Goal("upload_throughput")),
    ])  # fmt: skip

    assert parsed["catalog_broad_search"]["measured"] == "1.70"
    assert parsed["catalog_broad_search"]["verdict"] == "not met"
    assert parsed["upload_throughput"]["measured"] == "0.85"


def test_a_zero_baseline_is_not_met_rather_than_a_crash():
    parsed = _parsed([Result("idle badge", 5, 0, "ms", goal=Goal("badge_under_transcode_load"))])

    assert parsed["badge_under_transcode_load"]["measured"] == "inf"
    assert parsed["badge_under_transcode_load"]["verdict"] == "not met"


def test_an_unknown_target_name_is_refused():
    with pytest.raises(ValueError, match="Unknown target"):
        Goal("signin")


def test_a_failing_benchmark_still_ends_the_run_with_the_target_lines(monkeypatch, capsys):
    class Broken:
        __doc__ = "A benchmark that fails."

        @staticmethod
        def run():
            raise RuntimeError("database bench_microcred does not exist")

    class Signing:
        __doc__ = "A benchmark that measures signing."

        @staticmethod
        def run():
            return [Result("sign", 80, 10, "µs", goal=Goal("signing"))]

    fakes = {"bench.bench_a": Broken, "bench.bench_b": Signing}
    # No database here: the run's template database (bench/setup.py) is not what this tests.
    monkeypatch.setattr(run, "template_database", contextlib.nullcontext)
    monkeypatch.setattr(run.importlib, "import_module", fakes.__getitem__)
    monkeypatch.setattr(run.pkgutil, "iter_modules", lambda _paths: [
        type("M", (), {"name": "bench_a"}), type("M", (), {"name": "bench_b"})
    ])  # fmt: skip

    code = run.main([])

    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    assert lines[-7:] == summary_lines([Result("sign", 80, 10, "µs", goal=Goal("signing"))])
    assert "TARGET signing 8.00 <=10 met" in lines
    assert "bench_a FAILED" in "\n".join(lines)
