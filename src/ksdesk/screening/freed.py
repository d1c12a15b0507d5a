"""Memory a batch screening no longer uses, handed back to the system.

glibc's malloc keeps what a process frees for its later allocations. The candidate search of
a batch allocates and frees buffers of a few MB each, and after a batch of 300 real strings
glibc still held some 15 MB of them: private memory in every server and worker process, for
nothing. ``malloc_trim`` gives it back, in well under a millisecond. Where the C library is
not glibc this does nothing.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
