"""scipy.sparse and sparse_dot_topn, as the screening index imports them: without the parts of
NumPy that scipy's array-API layer imports for nothing.

On import, scipy copies every public name of NumPy into a namespace of its own, and asking
NumPy for its lazily loaded submodules imports them all: numpy.testing (with unittest),
numpy.f2py, numpy.ma, numpy.polynomial and the rest, some 4 MB of private memory in every web,
worker and CLI process, none of which sparse matrices use. Here scipy is imported while NumPy
lists none of those submodules that are not loaded yet; scipy's namespace then gets them on
first use, so it still answers every name it would have had.

Every module of the application takes these names from here, so that this is where scipy is
first imported.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy

# The array-API namespace itself: scipy imports these two explicitly whatever NumPy lists.
_ALWAYS = frozenset({"linalg", "fft"})


def _import_scipy_sparse() -> ModuleType:
    if "scipy" in sys.modules:  # imported before (a test or a tool): nothing to spare any more
        return importlib.import_module("scipy.sparse")
    unloaded = {name for name in getattr(numpy, "__numpy_submodules__", ())
                if f"numpy.{name}" not in sys.modules} - _ALWAYS
    listed_dir: Callable[[], Iterable[str]] = numpy.__dir__
    listed_all = numpy.__all__
    numpy.__dir__ = lambda: [name for name in listed_dir() if name not in unloaded]  # type: ignore[method-assign]
    numpy.__all__ = [name for name in listed_all if name not in unloaded]
    try:
        sparse = importlib.import_module("scipy.sparse")
    finally:
        numpy.__dir__ = listed_dir  # type: ignore[method-assign]
        numpy.__all__ = listed_all
    compat = sys.modules.get("scipy._lib.array_api_compat.numpy")
    if compat is not None and "__getattr__" not in vars(compat):
        _answer_lazily(compat, sorted(name for name in unloaded if name not in vars(compat)))
    return sparse


def _answer_lazily(compat: ModuleType, missing: list[str]) -> None:
    """scipy's NumPy namespace gets the submodules it went without from NumPy on first use."""

    def lazily(name: str) -> Any:
        if name in missing:
            return getattr(numpy, name)
        raise AttributeError(f"module {compat.__name__!r} has no attribute {name!r}")

    compat.__getattr__ = lazily  # type: ignore[method-assign]
    compat.__all__ = sorted({*getattr(compat, "__all__", ()), *missing})  # type: ignore[attr-defined]


if TYPE_CHECKING:
    from scipy import sparse
else:
    sparse = _import_scipy_sparse()
# sparse_dot_topn imports scipy.sparse itself: only now.
sp_matmul_topn = importlib.import_module("sparse_dot_topn").sp_matmul_topn
unchecked = importlib.import_module("sparse_dot_topn.unchecked")
topn_core = importlib.import_module("sparse_dot_topn.lib._sparse_dot_topn_core")

__all__ = ["sparse", "sp_matmul_topn", "topn_core", "unchecked"]
