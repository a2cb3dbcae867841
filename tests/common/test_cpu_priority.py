"""Bulk work yields the CPU (common/cpu_priority.py): real child processes, whose priority the
kernel reports. Each case runs in a child, so the test process keeps its own priority."""

import os
import subprocess
import sys
from pathlib import Path

from common.cpu_priority import niced
from tests.support.servers import ROOT

REPORT = (
    "import os, pathlib; auto = pathlib.Path('/proc/self/autogroup'); "
    "print(os.getpriority(os.PRIO_PROCESS, 0), auto.read_text().split()[-1] if auto.exists() "
    "else '-')"
)


def _child(code: str, *, own_session: bool) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        start_new_session=own_session,
    )
    return result.stdout.split()


def _ours() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


def test_a_niced_command_starts_at_that_priority():
    command = niced([sys.executable, "-c", REPORT], max(_ours(), 7))
    assert command[0].endswith("nice") or _ours() >= 7
    assert _child_of(command)[0] == str(max(_ours(), 7))


def test_a_command_already_that_nice_runs_as_it_is():
    command = [sys.executable, "-c", REPORT]
    assert niced(command, _ours()) == command
    assert niced(command, 0) == command


def _child_of(command: list[str]) -> list[str]:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()


def test_a_worker_leading_its_session_lowers_its_process_and_autogroup():
    target = max(_ours(), 6)
    code = f"from common.cpu_priority import lower_priority; lower_priority({target}); {REPORT}"
    process, autogroup = _child(code, own_session=True)
    assert process == str(target)
    if Path("/proc/self/autogroup").exists():
        assert autogroup == str(target)


def test_a_worker_in_a_shared_session_leaves_the_session_autogroup_alone():
    groups = Path("/proc/self/autogroup")
    before = groups.read_text().split()[-1] if groups.exists() else None
    target = max(_ours(), 6)
    code = f"from common.cpu_priority import lower_priority; lower_priority({target}); {REPORT}"
    process, autogroup = _child(code, own_session=False)
    assert process == str(target)
    if before is not None:  # a kernel without autogroups has no session group to leave alone
        assert autogroup == before


def test_a_lower_priority_is_never_raised():
    code = (
        "import os; os.setpriority(os.PRIO_PROCESS, 0, 15); "
        f"from common.cpu_priority import lower_priority; lower_priority(5); {REPORT}"
    )
    assert _child(code, own_session=True)[0] == "15"
