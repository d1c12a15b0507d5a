"""A lean HTTP/1.1 client for load generation: keep-alive connections over asyncio streams.

The load generator shares the machine's CPUs with the server it measures. httpx spends some
5 ms of CPU per request (its connection pool, header models, cookie jar); at a few hundred
requests per second that is a core the server then lacks, and the figures measure the client.
This client writes the request bytes itself and reads the status, headers and body by
Content-Length (or chunks), on connections that are reused; it does what a browser does on
the wire and no more. Cookies are passed in as a header, taken from a signed-in httpx client.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass
class Response:
    status_code: int
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes


class ConnectionClosed(Exception):
    """The server closed a kept-alive connection before answering."""


class KeepAliveClient:
    def __init__(self, host: str, port: int, *, cookie: str = "", timeout: float = 5.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookie = cookie
        # Oldest idle connection first: each connection belongs to one app process (the one that
        # accepted it), so taking turns over all of them spreads the requests over the processes as
        # a reverse proxy's many clients would, where reusing the latest would favour one process.
        self._idle: deque[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = deque()

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return await self.request("GET", path, headers=headers)

    async def post_form(self, path: str, form: dict, headers: dict[str, str] | None = None) -> Response:
        body = urlencode(form, doseq=True).encode()
        return await self.request("POST", path, body=body, headers={
            "content-type": "application/x-www-form-urlencoded", **(headers or {})})

    async def request(self, method: str, path: str, *, body: bytes = b"",
                      headers: dict[str, str] | None = None) -> Response:
        lines = [f"{method} {path} HTTP/1.1", f"host: {self.host}:{self.port}"]
        if self.cookie:
            lines.append(f"cookie: {self.cookie}")
        if body or method == "POST":
            lines.append(f"content-length: {len(body)}")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        return await asyncio.wait_for(self._exchange(raw), self.timeout)

    async def _exchange(self, raw: bytes) -> Response:
        while self._idle:
            reader, writer = self._idle.popleft()
            try:
                return await self._send(reader, writer, raw)
            except ConnectionClosed:
                # Closed by the server while it sat idle, before reading the request (an answer
                # never begun): sending it again cannot store anything twice.
                continue
        reader, writer = await asyncio.open_connection(self.host, self.port)
        return await self._send(reader, writer, raw)

    async def _send(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> Response:
        try:
            writer.write(raw)
            response, keep = await _read_response(reader)
        except BaseException:
            writer.close()  # closed, or a half-read answer: the connection is not reusable
            raise
        if keep:
            self._idle.append((reader, writer))
        else:
            writer.close()
        return response

    async def aclose(self) -> None:
        for _reader, writer in self._idle:
            writer.close()
        self._idle.clear()


async def _read_response(reader: asyncio.StreamReader) -> tuple[Response, bool]:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            raise ConnectionClosed from exc
        raise
    status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers = {}
    for line in header_lines:
        name, _sep, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunked(reader)
    else:
        body = await reader.read()  # the server closes the connection to end the body
        return Response(status, headers, body), False
    return Response(status, headers, body), headers.get("connection", "").lower() != "close"


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers are sent by the app
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
