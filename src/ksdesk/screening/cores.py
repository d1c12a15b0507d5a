"""How many cores screening may use."""

from __future__ import annotations

import os

MAX_CORES = 8


def available() -> int:
    """Cores this process may run on: a container or taskset may allow fewer than the machine has."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_CORES))
