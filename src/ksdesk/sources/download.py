"""Downloading one file: streamed to disk with a timeout and a size limit, digested on the way.

A file is never held in memory whole (ROR's dump is hundreds of megabytes). Whatever goes wrong
is raised as a refusal with a stable code, and the partial file is removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import httpx

from ksdesk.errors import Refusal

CHUNK = 1024 * 1024


class SourceRefused(Exception):
    """A download or a check that the new version of a source failed: nothing is applied."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


@dataclass(frozen=True)
class Downloaded:
    path: Path
    size: int
    sha256: str
    md5: str

    def digest(self, algorithm: str) -> str:
        return self.md5 if algorithm == "md5" else self.sha256


def client(timeout: float) -> httpx.Client:
    # The timeout bounds the connection and every wait for the next bytes, so a server that
    # stalls half-way is given up on too. The file is asked for as published (no transfer
    # compression), so that its length and its digest are those of the file itself.
    return httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True,
                        headers={"User-Agent": "ksdesk (knowledge security desk; list updates)",
                                 "Accept-Encoding": "identity"})


def download(http: httpx.Client, url: str, dest: Path, *, max_bytes: int) -> Downloaded:
    sha256, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    size = 0
    try:
        with http.stream("GET", url) as response:
            if response.status_code != 200:
                raise SourceRefused(Refusal("source_http_status", f"{url} answered HTTP {response.status_code}",
                                            {"url": url, "status": response.status_code}))
            announced = response.headers.get("content-length")
            if announced and announced.isdigit() and int(announced) > max_bytes:
                raise _too_large(url, max_bytes)
            with dest.open("wb") as fh:
                for chunk in response.iter_raw(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise _too_large(url, max_bytes)
                    sha256.update(chunk)
                    md5.update(chunk)
                    fh.write(chunk)
            if announced and announced.isdigit() and size != int(announced):
                raise _truncated(url, size, int(announced))
    except httpx.TimeoutException as exc:
        dest.unlink(missing_ok=True)
        raise SourceRefused(Refusal("source_timeout", f"{url} did not answer within the time allowed",
                                    {"url": url})) from exc
    except httpx.RemoteProtocolError as exc:
        # The server closed the connection before the length it announced: a truncated file.
        dest.unlink(missing_ok=True)
        raise _truncated(url, size, None) from exc
    except httpx.HTTPError as exc:
        dest.unlink(missing_ok=True)
        raise SourceRefused(Refusal("source_unreachable", f"{url} could not be fetched: {exc}",
                                    {"url": url})) from exc
    except SourceRefused:
        dest.unlink(missing_ok=True)
        raise
    if size == 0:
        dest.unlink(missing_ok=True)
        raise SourceRefused(Refusal("source_empty", f"{url} sent an empty file", {"url": url}))
    return Downloaded(dest, size, sha256.hexdigest(), md5.hexdigest())


def _too_large(url: str, max_bytes: int) -> SourceRefused:
    return SourceRefused(Refusal("source_too_large", f"{url} is larger than {max_bytes} bytes",
                                 {"url": url, "n": max_bytes // (1024 * 1024)}))


def _truncated(url: str, got: int, expected: int | None) -> SourceRefused:
    return SourceRefused(Refusal("source_truncated",
                                 f"{url} ended after {got} bytes" + (f" of {expected}" if expected else ""),
                                 {"url": url}))


def fetch_text(http: httpx.Client, url: str, *, max_bytes: int = 1024 * 1024) -> str:
    """A small published text (a checksum file, a discovery answer), size-limited too."""
    try:
        response = http.get(url)
    except httpx.TimeoutException as exc:
        raise SourceRefused(Refusal("source_timeout", f"{url} did not answer within the time allowed",
                                    {"url": url})) from exc
    except httpx.HTTPError as exc:
        raise SourceRefused(Refusal("source_unreachable", f"{url} could not be fetched: {exc}",
                                    {"url": url})) from exc
    if response.status_code != 200:
        raise SourceRefused(Refusal("source_http_status", f"{url} answered HTTP {response.status_code}",
                                    {"url": url, "status": response.status_code}))
    if len(response.content) > max_bytes:
        raise _too_large(url, max_bytes)
    return response.text


def check_digest(downloaded: Downloaded, expected: str, name: str) -> None:
    """``expected`` is "sha256:<hex>", "md5:<hex>" or a bare sha256 hex digest."""
    algorithm, _, value = expected.strip().partition(":") if ":" in expected else ("sha256", "", expected)
    if downloaded.digest(algorithm.lower()) != value.strip().lower():
        raise SourceRefused(Refusal("source_checksum_mismatch",
                                    f"{name} does not have the published {algorithm} digest", {"file": name}))
