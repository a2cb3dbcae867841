"""Bulk work yields the CPU: a transcode may take minutes, a badge or a page a fraction of a
second, so on a machine of a few cores media processing runs at a lower priority (a higher nice
value) and the short work goes first whenever both want a core.

Linux counts a nice value only against the processes of the same scheduling group. With the
kernel's autogroups (a desktop or a plain VM), each session is a group: a worker started in a
session of its own, as a service manager or a benchmark starts it, also sets its session's
autogroup. In containers each one is a control group: there the weight is the container's
(`cpu_shares` in docker-compose.yml), and a nice value only orders work inside it.
"""

import contextlib
import os
import shutil
from pathlib import Path

# Linux's range of nice values; 19 is the lowest priority.
LOWEST = 19


def lower_priority(niceness: int) -> None:
    """Run this process, and every process and thread it starts from now on, at `niceness`
    (never raising a priority already lower); if it leads its session, the session's autogroup
    too. For a worker's main process before its pool starts."""
    niceness = min(niceness, LOWEST)
    if niceness <= os.getpriority(os.PRIO_PROCESS, 0):
        return
    os.setpriority(os.PRIO_PROCESS, 0, niceness)
    autogroup = Path("/proc/self/autogroup")
    if os.getsid(0) == os.getpid() and autogroup.exists():
        # A kernel that refuses (autogroups turned off): the process's own nice value stands.
        with contextlib.suppress(OSError):
            autogroup.write_text(str(niceness))


def niced(command: list[str], niceness: int) -> list[str]:
    """`command` to run at `niceness` at least: through nice(1), which sets it before the
    program starts any thread (Linux keeps a nice value per thread). Unchanged when this
    process is already that nice, or when there is no nice(1)."""
    raise_by = min(niceness, LOWEST) - os.getpriority(os.PRIO_PROCESS, 0)
    nice = _nice_binary()
    if raise_by <= 0 or nice is None:
        return command
    return [nice, "-n", str(raise_by), *command]


def _nice_binary() -> str | None:
    return shutil.which("nice")
