"""A mirror of the official sources on 127.0.0.1, made from the files shipped in the repository.

Each source's files are laid out as <code>/<file name>, as KSDESK_SOURCES_MIRROR expects. The
server can be told to misbehave per path: cut a file short, stall, or answer an error.
"""

from __future__ import annotations

import gzip
import json
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ksdesk.settings import REPO_ROOT

DATA = REPO_ROOT / "data" / "watchlists"
FIXTURES = REPO_ROOT / "tests" / "screening" / "fixtures"
OWN_FIXTURES = REPO_ROOT / "tests" / "sources" / "fixtures"

# <code>/<name> in the mirror -> the shipped file it is a copy of (gzipped ones are unpacked).
LAYOUT = {
    "un-consolidated/consolidated.xml": DATA / "un_and_ofac/UN_consolidated.2026-02-27.xml.gz",
    **{f"ofac-sdn/{n}.csv": DATA / f"un_and_ofac/ofac_sdn_2021/{n}.csv.gz" for n in ("sdn", "alt", "add", "sdn_comments")},
    **{f"ofac-consolidated/cons_{n}.csv": DATA / f"un_and_ofac/ofac_consolidated_nonsdn_2025/cons_{n}.csv"
       for n in ("prim", "alt", "add", "comments")},
    "eu-fsf/xmlFullSanctionsList_1_1.xml": OWN_FIXTURES / "eu_fsf_2018-12-21.xml",
    "uk-sanctions/UK-Sanctions-List.csv": OWN_FIXTURES / "UK-Sanctions-List_2026-02-19.csv",
    "us-csl/consolidated.json": FIXTURES / "csl_consolidated.json",
    "bis-entity-list/consolidated.json": FIXTURES / "csl_consolidated.json",
    "canada-nro/named-research-organizations.html":
        DATA / "canada_nro/named-research-organizations.2024-04-18.list-fragment.html",
    "aspi-unitracker/china-defence-universities.misp-galaxy.json":
        DATA / "aspi_unitracker/china-defence-universities.misp-galaxy.json",
}


def build(root: Path, only: set[str] | None = None) -> Path:
    for relative, origin in LAYOUT.items():
        if only and relative.split("/")[0] not in only:
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.suffix == ".gz":
            with gzip.open(origin, "rb") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
            shutil.copyfile(origin, target)
    if not only or "bis-entity-list" in only or "us-csl" in only:
        combined = json.dumps(consolidated_screening_list())
        for code in ("us-csl", "bis-entity-list"):
            if not only or code in only:
                (root / code / "consolidated.json").write_text(combined, encoding="utf-8")
    return root


def consolidated_screening_list() -> dict:
    """trade.gov's JSON: the three records of the fixture, and the shipped Entity List as the CSL carries it."""
    with (FIXTURES / "csl_consolidated.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    with gzip.open(DATA / "us_restricted_lists/bis_entity_list.json.gz", "rt", encoding="utf-8") as fh:
        shipped = json.load(fh)
    for n, ent in enumerate(shipped["entities"]):
        data["results"].append({
            "_id": f"el-{n}", "source": "Entity List (EL) - Bureau of Industry and Security", "type": "Entity",
            "name": ent["name"], "alt_names": ent.get("aliases") or [],
            "addresses": [{"country": ent["country"]}] if ent.get("country") else [],
            "federal_register_notice": ent.get("federal_register"), "start_date": ent.get("effective_date"),
        })
    return data


class Mirror:
    """``behaviour[path]``: "truncate" (announce the whole length, send half), "stall" (wait
    before answering), "missing" (404)."""

    def __init__(self, root: Path):
        self.root = root
        self.behaviour: dict[str, str] = {}
        self.requests: list[str] = []
        mirror = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def log_message(self, *args):
                pass

            def do_GET(self):
                mirror.requests.append(self.path)
                what = mirror.behaviour.get(self.path.lstrip("/"))
                if what == "missing":
                    self.send_error(404)
                elif what == "stall":
                    time.sleep(1.5)
                    super().do_GET()
                elif what == "truncate":
                    body = (root / self.path.lstrip("/")).read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    super().do_GET()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Mirror:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
