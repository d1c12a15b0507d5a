"""Where the shipped data lives and how to open it, gzipped or not.

A gzipped file is read with its inflation bounded: a 1 MB upload that inflated to gigabytes took
the server's memory and a 3 GiB bomb crashed `ksdesk lists load`. Reading stops with
DecompressionBomb (a ValueError, so every loader's caller answers it as a file it cannot read)
past MAX_RATIO times the file's own size or MAX_DECOMPRESSED_BYTES, whichever comes first.
"""

from __future__ import annotations

import gzip
import io
import re
from datetime import date
from pathlib import Path
from typing import IO, cast

from ksdesk.country_names import code_of_name
from ksdesk.settings import get_settings


def data_dir() -> Path:
    """The project's data folder, or the one KSDESK_DATA_DIR names (e.g. a newer download)."""
    return get_settings().data_dir


def resolve(path: str | Path) -> Path:
    """The file itself, or its .gz copy: big files are shipped compressed."""
    p = Path(path)
    if p.exists():
        return p
    gz = p.with_name(p.name + ".gz")
    if gz.exists():
        return gz
    raise FileNotFoundError(p)


MAX_RATIO = 100  # the shipped lists inflate 5 to 10 times
MAX_DECOMPRESSED_BYTES = 2 * 1024 ** 3
_SLACK = 1024 * 1024


class DecompressionBomb(ValueError):
    pass


class _Bounded(io.RawIOBase):
    def __init__(self, inner: gzip.GzipFile, limit: int) -> None:
        self._inner = inner
        self._limit = limit
        self._total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._inner.readinto(buffer)
        self._total += count
        if self._total > self._limit:
            raise DecompressionBomb(f"the file inflates to more than {self._limit} bytes; it is refused "
                                    "as a decompression bomb")
        return count

    def close(self) -> None:
        self._inner.close()
        super().close()


def open_gzip(p: Path) -> IO[bytes]:
    """A gzipped file, read with its inflation bounded (see the module's text)."""
    limit = min(MAX_DECOMPRESSED_BYTES, MAX_RATIO * p.stat().st_size + _SLACK)
    return cast(IO[bytes], io.BufferedReader(_Bounded(gzip.GzipFile(p, "rb"), limit)))


def open_text(path: str | Path, encoding: str = "utf-8") -> IO[str]:
    p = resolve(path)
    if p.suffix == ".gz":
        return io.TextIOWrapper(open_gzip(p), encoding=encoding, newline="")
    return open(p, encoding=encoding, newline="")


def open_binary(path: str | Path) -> IO[bytes]:
    p = resolve(path)
    return open_gzip(p) if p.suffix == ".gz" else open(p, "rb")


_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def date_from_name(path: str | Path) -> date | None:
    m = _DATE_IN_NAME.search(Path(path).name)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def parse_date(text: str | None) -> date | None:
    if not text:
        return None
    m = _DATE_IN_NAME.search(text)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 (lower case, as list entries keep it) for a country as lists print it ("People’s Republic of China")."""
    code = code_of_name(name)
    return code.lower() if code else None


def newest(folder: Path, pattern: str) -> Path:
    """The newest file (or folder) in ``folder`` matching ``pattern``, by the date in its name.

    Lists are replaced by newer snapshots whose names carry a new date
    ("UN_consolidated.2026-02-27.xml"); the loaders take the latest one.
    """
    found = sorted(folder.glob(pattern), key=lambda p: (date_from_name(p) or date.min, p.name))
    if not found:
        raise FileNotFoundError(folder / pattern)
    best = found[-1]
    return best.with_name(best.name[: -len(".gz")]) if best.name.endswith(".gz") else best
