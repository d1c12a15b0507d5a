"""Parts of libraries that every process of the application would import for nothing: left out, or
imported on first use. ksdesk/__init__.py installs this before the application imports any library.

Every web, worker and CLI process holds its imports privately, so each part below costs its size
once per process:

- normality, which rigour imports for its transliteration and territory names, imports its
  encoding detection with it: chardet and charset_normalizer, some 2 MB. The application hands
  normality text, never bytes of an unknown encoding. A stand-in takes the place of
  ``normality.encoding`` and imports it on first use of any of its names.
- FastAPI imports pydantic.v1 (some 1.5 MB) as it builds each route, only to refuse models written
  for pydantic 1; where pydantic.v1 cannot be imported it knows there are none. The application has
  none and no library it runs imports pydantic.v1, so it is left out of the process altogether.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

# Modules left out of every process of the application: importing one fails with ImportError.
LEFT_OUT = ("pydantic.v1",)

_ENCODING = "normality.encoding"
# What normality's own modules take from normality.encoding when they are imported.
_ENCODING_FUNCTIONS = ("guess_encoding", "guess_file_encoding", "predict_encoding", "predict_file_encoding")
_DEFAULT_ENCODING = "utf-8"  # normality.encoding.DEFAULT_ENCODING (a test holds the two together)


def _real_encoding() -> ModuleType:
    module = sys.modules.get(_ENCODING)
    if module is None or getattr(module, "__stand_in__", False):
        sys.modules.pop(_ENCODING, None)
        module = importlib.import_module(_ENCODING)  # which also sets normality.encoding to it
    return module


def _forwarding(name: str) -> Any:
    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(_real_encoding(), name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    forward.__module__ = _ENCODING
    return forward


def _encoding_stand_in() -> ModuleType:
    stand_in = ModuleType(_ENCODING, "normality's encoding detection, imported on first use")
    stand_in.__stand_in__ = True  # type: ignore[attr-defined]
    stand_in.DEFAULT_ENCODING = _DEFAULT_ENCODING  # type: ignore[attr-defined]
    for name in _ENCODING_FUNCTIONS:
        setattr(stand_in, name, _forwarding(name))

    def other_names(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real_encoding(), name)

    stand_in.__getattr__ = other_names  # type: ignore[method-assign]
    return stand_in


def install() -> None:
    for name in LEFT_OUT:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    if "normality" not in sys.modules and _ENCODING not in sys.modules:
        sys.modules[_ENCODING] = _encoding_stand_in()
