"""Bulk work yields the CPU (common/cpu_priority.py): real child processes, whose priority the
kernel reports. Each case runs in a child, so the test process keeps its own priority."""

import os
import re
import subprocess
import sys
from pathlib import Path

from common.cpu_priority import niced
from tests.support.servers import ROOT

# The child prints its own nice value and its autogroup's, or "-" where the kernel shows no
# autogroup nice value (no such file, an unreadable one, or an empty one, as some sandboxes have).
REPORT = (
    "import os, re\n"
    "try:\n"
    "    found = re.search(r'nice\\s+(-?\\d+)', open('/proc/self/autogroup').read())\n"
    "except OSError:\n"
    "    found = None\n"
    "print(os.getpriority(os.PRIO_PROCESS, 0), found.group(1) if found else '-')"
)


def _autogroup_nice() -> str | None:
    """This process's autogroup nice value, None where the kernel does not show one."""
    try:
        found = re.search(r"nice\s+(-?\d+)", Path("/proc/self/autogroup").read_text())
    except OSError:
        return None
    return found.group(1) if found else None


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
    code = f"from common.cpu_priority import lower_priority; lower_priority({target})\n{REPORT}"
    process, autogroup = _child(code, own_session=True)
    assert process == str(target)
    if _autogroup_nice() is not None:  # where the kernel shows autogroups, the session's moved
        assert autogroup == str(target)


def test_a_worker_in_a_shared_session_leaves_the_session_autogroup_alone():
    before = _autogroup_nice()
    target = max(_ours(), 6)
    code = f"from common.cpu_priority import lower_priority; lower_priority({target})\n{REPORT}"
    process, autogroup = _child(code, own_session=False)
    assert process == str(target)
    if before is not None:  # a kernel without autogroups has no session group to leave alone
        assert autogroup == before


def test_a_lower_priority_is_never_raised():
    code = (
        "import os; os.setpriority(os.PRIO_PROCESS, 0, 15)\n"
        f"from common.cpu_priority import lower_priority; lower_priority(5)\n{REPORT}"
    )
    assert _child(code, own_session=True)[0] == "15"
