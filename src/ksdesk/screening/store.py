"""The screening index on disk: one file that every process maps into memory and shares.

A saved index is a short header (pickled: the small tables and where each array lies)
followed by plain arrays. :func:`read` maps the file read-only and puts numpy arrays on
the mapped pages, so loading takes milliseconds and every server, worker and CLI process
on a machine shares one copy in the page cache instead of holding its own. Python
objects are made only for what a query touches:

- strings are one UTF-8 blob with offsets (:class:`Strings`), or a code per row where few
  distinct values repeat (:class:`Codes`);
- dictionaries are open-addressing hash tables over such strings (:class:`StrMap`),
  keyed by a CRC-32 of the UTF-8 bytes, so the same in every process;
- the organisations and list entries are columns, each entity made when first asked for
  (:class:`Entities`).

Each of them reads like the list or dict it replaces: ``x[i]``, ``len(x)``, iteration,
``.get(key)``.
"""

from __future__ import annotations

import mmap
import pickle
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"KSDIDX01"
_ALIGN = 64
_CODES_MAX = 4096  # columns with at most this many distinct values are stored as codes


# ---- columns ----------------------------------------------------------------------------


class Strings(Sequence):
    """A read-only list of strings (or None) over one UTF-8 blob and its offsets."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray, nulls: np.ndarray | None = None) -> None:
        self._blob = blob
        self._view = memoryview(blob.data)
        self._offsets = offsets
        # The same offsets read as Python ints without a copy: indexing the array itself makes a
        # NumPy scalar per read, and the scorer reads names hundreds of thousands of times a run.
        self._ends = memoryview(np.ascontiguousarray(offsets).data)
        self._nulls = nulls
        self._n = len(offsets) - 1

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        if self._nulls is not None and self._nulls[i]:
            return None
        ends = self._ends
        return str(self._view[ends[i] : ends[i + 1]], "utf-8")

    def __iter__(self) -> Iterator[str | None]:
        view, off = self._view, self._offsets.tolist()
        nulls = self._nulls.tolist() if self._nulls is not None else None
        for i in range(self._n):
            yield None if nulls is not None and nulls[i] else str(view[off[i] : off[i + 1]], "utf-8")

    def raw(self, i: int) -> memoryview:
        return self._view[self._offsets[i] : self._offsets[i + 1]]

    @staticmethod
    def pack(values: Iterable[str | None]) -> dict[str, np.ndarray]:
        encoded, nulls = [], []
        for v in values:
            nulls.append(v is None)
            encoded.append(b"" if v is None else v.encode("utf-8"))
        offsets = _offsets([len(b) for b in encoded])
        out = {"blob": np.frombuffer(b"".join(encoded), dtype=np.uint8), "offsets": offsets}
        if any(nulls):
            out["nulls"] = np.array(nulls, dtype=np.bool_)
        return out

    @classmethod
    def unpack(cls, arrays: dict[str, np.ndarray]) -> Strings:
        return cls(arrays["blob"], arrays["offsets"], arrays.get("nulls"))


class Codes(Sequence):
    """A read-only list of few distinct values: a code per row into a small table."""

    def __init__(self, codes: np.ndarray, values: Sequence[Any]) -> None:
        self._codes = codes
        self._values = tuple(values)

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._values[c] for c in self._codes[i].tolist()]
        return self._values[self._codes[i]]

    def __iter__(self) -> Iterator[Any]:
        values = self._values
        return (values[c] for c in self._codes.tolist())

    @staticmethod
    def pack(values: Sequence[Any]) -> tuple[dict[str, np.ndarray], list[Any]] | None:
        table: dict[Any, int] = {}
        codes = [table.setdefault(v, len(table)) for v in values]
        if len(table) > _CODES_MAX:
            return None
        return {"codes": np.array(codes, dtype=np.int16 if len(table) < 2**15 else np.int32)}, list(table)


class Ragged(Sequence):
    """Rows of integers (or of (integer, float) pairs): values and offsets."""

    def __init__(self, offsets: np.ndarray, values: np.ndarray, weights: np.ndarray | None = None) -> None:
        self._offsets = offsets
        self._values = values
        self._weights = weights

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i):
        a, b = self._offsets[i], self._offsets[i + 1]
        if self._weights is None:
            return self._values[a:b].tolist()
        return list(zip(self._values[a:b].tolist(), self._weights[a:b].tolist(), strict=True))

    @staticmethod
    def pack(rows: Iterable[Sequence[Any]], weighted: bool = False) -> dict[str, np.ndarray]:
        rows = list(rows)
        offsets = _offsets([len(r) for r in rows])
        if weighted:
            flat = [pair for r in rows for pair in r]
            return {"offsets": offsets, "values": np.array([p[0] for p in flat], dtype=np.int32),
                    "weights": np.array([p[1] for p in flat], dtype=np.float64)}
        return {"offsets": offsets, "values": np.array([v for r in rows for v in r], dtype=np.int32)}

    @classmethod
    def unpack(cls, arrays: dict[str, np.ndarray]) -> Ragged:
        return cls(arrays["offsets"], arrays["values"], arrays.get("weights"))


def _offsets(lengths: list[int]) -> np.ndarray:
    ends = np.cumsum(np.array(lengths, dtype=np.int64))
    dtype = np.uint32 if not len(ends) or ends[-1] < 2**32 else np.int64
    out = np.zeros(len(lengths) + 1, dtype=dtype)
    out[1:] = ends
    return out


def _pack_column(values: Sequence[Any]) -> tuple[str, dict[str, np.ndarray], Any]:
    coded = Codes.pack(values)
    if coded is not None:
        return "codes", coded[0], coded[1]
    return "strings", Strings.pack(values), None


def _unpack_column(kind: str, arrays: dict[str, np.ndarray], extra: Any) -> Sequence[Any]:
    return Codes(arrays["codes"], extra) if kind == "codes" else Strings.unpack(arrays)


# ---- hash tables ------------------------------------------------------------------------


_MISSING = object()
_MEMO_MAX = 20_000  # remembered answers per table: a few MB at most
# Records made from the columns and kept for their next use: some 12 MB at most, where a
# server running for weeks would otherwise come to hold every organisation it ever reported
# (37 MB over the shipped registry and lists, measured with tracemalloc).
_MADE_MAX = 20_000


def _hash(key: bytes) -> int:
    return zlib.crc32(key)


class StrMap(Mapping):
    """A read-only dict from strings to ints, floats or lists of ints."""

    def __init__(self, keys: Strings, slots: np.ndarray, values: np.ndarray | Ragged) -> None:
        self._keys = keys
        self._slots = slots
        self._mask = len(slots) - 1
        self._values = values
        self._ragged = isinstance(values, Ragged)
        self._memo: dict[str, Any] = {}

    def _find(self, key: str) -> int:
        raw = key.encode("utf-8")
        slot = _hash(raw) & self._mask
        slots, keys = self._slots, self._keys
        while True:
            i = slots[slot]
            if i < 0:
                return -1
            if keys.raw(i) == raw:
                return int(i)
            slot = (slot + 1) & self._mask

    def _value(self, key: str) -> Any:
        """The value of ``key`` or _MISSING; answers are remembered, as a query asks the
        same few words again and again (word weights: every word of every candidate)."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        i = self._find(key)
        value = _MISSING if i < 0 else self._values[i] if self._ragged else self._values[i].item()
        if len(self._memo) >= _MEMO_MAX:
            self._memo.clear()
        self._memo[key] = value
        return value

    def get(self, key, default=None):
        # The remembered answer first, without a call: the scorer asks for word weights this way
        # hundreds of thousands of times in a bulk run.
        try:
            value = self._memo[key]
        except (KeyError, TypeError):
            if not isinstance(key, str):
                return default
            value = self._value(key)
        return default if value is _MISSING else value

    def __getitem__(self, key):
        value = self._value(key) if isinstance(key, str) else _MISSING
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        # Remembered as get() is: the scorer asks whether a word is listed for every word it compares.
        return isinstance(key, str) and self._value(key) is not _MISSING

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    @staticmethod
    def pack(mapping: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], str]:
        keys = list(mapping)
        raw = [k.encode("utf-8") for k in keys]
        size = 8
        while size < 2 * len(keys) + 1:
            size *= 2
        slots = np.full(size, -1, dtype=np.int32)
        mask = size - 1
        table = slots.tolist()
        for i, k in enumerate(raw):
            slot = _hash(k) & mask
            while table[slot] >= 0:
                slot = (slot + 1) & mask
            table[slot] = i
        slots[:] = table
        out = {f"keys.{n}": a for n, a in Strings.pack(keys).items()}
        out["slots"] = slots
        values = [mapping[k] for k in keys]
        if values and isinstance(values[0], (list, tuple)):
            out.update({f"values.{n}": a for n, a in Ragged.pack(values).items()})
            return out, "ragged"
        if all(isinstance(v, int) for v in values):
            out["values"] = np.array(values, dtype=np.int64)
            return out, "int"
        out["values"] = np.array(values, dtype=np.float64)
        return out, "float"

    @classmethod
    def unpack(cls, arrays: dict[str, np.ndarray], kind: str) -> StrMap:
        keys = Strings.unpack(unprefixed(arrays, "keys"))
        values = Ragged.unpack(unprefixed(arrays, "values")) if kind == "ragged" else arrays["values"]
        return cls(keys, arrays["slots"], values)


class KeyLists(Mapping):
    """A read-only dict from strings to lists of another table's keys, kept as their positions
    among that table's keys (words by their consonants: each word once, in the word weights)."""

    def __init__(self, inner: StrMap, keys: Strings) -> None:
        self._inner = inner
        self._keys = keys

    def get(self, key, default=None):
        found = self._inner.get(key)
        return default if found is None else [self._keys[i] for i in found]

    def probe(self, key: str) -> list[str]:
        """The list of ``key``, or none, without remembering the answer: for the many keys a search
        tries once each (a typist's slips, some 27 a letter), which would crowd the memory."""
        i = self._inner._find(key)
        if i < 0:
            return []
        return [self._keys[j] for j in self._inner._values[i]]

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._inner

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[str]:
        return iter(self._inner)

    @staticmethod
    def pack(mapping: Mapping[str, Sequence[str]], keys: Sequence[str]) -> tuple[dict[str, np.ndarray], str]:
        position = {k: i for i, k in enumerate(keys)}
        return StrMap.pack({k: [position[w] for w in words] for k, words in mapping.items()})


_SEP = "\x1f"


class PairMap(Mapping):
    """A read-only dict keyed by (list id, entity id) pairs."""

    def __init__(self, inner: StrMap) -> None:
        self._inner = inner

    def get(self, key, default=None):
        return self._inner.get(f"{key[0]}{_SEP}{key[1]}", default)

    def __getitem__(self, key):
        try:
            return self._inner[f"{key[0]}{_SEP}{key[1]}"]
        except KeyError:
            raise KeyError(key) from None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and f"{key[0]}{_SEP}{key[1]}" in self._inner

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for k in self._inner:
            a, b = k.split(_SEP, 1)
            yield a, b

    @staticmethod
    def pack(mapping: Mapping[tuple[str, str], int]) -> tuple[dict[str, np.ndarray], str]:
        return StrMap.pack({f"{a}{_SEP}{b}": v for (a, b), v in mapping.items()})


# ---- entities ---------------------------------------------------------------------------

_TEXT_FIELDS = ("list_id", "entity_id", "name", "country", "risk_level", "category", "source_ref", "schema", "reason",
                "status", "city")


class Entities(Sequence):
    """The organisations and list entries, one column per field; an entity is made when
    first asked for and kept, so the same uid gives the same object."""

    def __init__(self, make: Callable[..., Any], columns: dict[str, Sequence[Any]], parent: np.ndarray,
                 registry_parents: Ragged, links: Ragged) -> None:
        self._make = make
        self._columns = [columns[f] for f in _TEXT_FIELDS]
        self._parent = parent
        self._registry_parents = registry_parents
        self._links = links
        self._n = len(parent)
        self._made: dict[int, Any] = {}

    def __len__(self) -> int:
        return self._n

    def country_of(self, uid: int) -> str | None:
        """An entity's country, without making the entity."""
        return self._columns[_TEXT_FIELDS.index("country")][int(uid)]

    def list_of(self, uid: int) -> str:
        """An entity's list, without making the entity."""
        return self._columns[0][int(uid)]

    def parents_of(self, uid: int) -> tuple[int, ...]:
        """An entity's registry parents and successors, without making the entity."""
        return tuple(self._registry_parents[int(uid)])

    def parent_of(self, uid: int) -> int | None:
        """The institution a list part is listed under, without making the entity."""
        parent = int(self._parent[int(uid)])
        return None if parent < 0 else parent

    def links_of(self, uid: int) -> list[tuple[int, float]]:
        """An entity's ties between the registry and the lists, without making the entity."""
        return self._links[int(uid)]

    def children_counts(self) -> np.ndarray:
        """How many entities name each one as a registry parent, without making any entity."""
        return np.bincount(self._registry_parents._values, minlength=self._n)

    def __getitem__(self, uid):
        if isinstance(uid, slice):
            return [self[i] for i in range(*uid.indices(self._n))]
        e = self._made.get(uid)
        if e is not None:
            return e
        uid = int(uid)
        if uid < 0:
            uid += self._n
        if not 0 <= uid < self._n:
            raise IndexError(uid)
        (list_id, entity_id, name, country, risk_level, category, source_ref, schema,
         reason, status, city) = (c[uid] for c in self._columns)
        parent = int(self._parent[uid])
        e = self._make(
            uid, list_id, entity_id, name, country, risk_level, category, source_ref, schema,
            parent=None if parent < 0 else parent,
            reason=reason,
            status=status,
            city=city,
            registry_parents=tuple(self._registry_parents[uid]),
            links=self._links[uid],
        )
        if len(self._made) >= _MADE_MAX:
            self._made.clear()
        self._made[uid] = e
        return e

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(self._n))

    @staticmethod
    def pack(entities: Sequence[Any]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        arrays: dict[str, np.ndarray] = {}
        meta: dict[str, Any] = {}
        for f in _TEXT_FIELDS:
            kind, cols, extra = _pack_column([getattr(e, f) for e in entities])
            arrays.update({f"{f}.{n}": a for n, a in cols.items()})
            meta[f] = (kind, extra)
        arrays["parent"] = np.array([-1 if e.parent is None else e.parent for e in entities], dtype=np.int32)
        arrays.update({f"registry_parents.{n}": a
                       for n, a in Ragged.pack(e.registry_parents for e in entities).items()})
        arrays.update({f"links.{n}": a for n, a in Ragged.pack((e.links for e in entities), weighted=True).items()})
        return arrays, meta

    @classmethod
    def unpack(cls, make: Callable[..., Any], arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> Entities:
        columns = {f: _unpack_column(meta[f][0], unprefixed(arrays, f), meta[f][1]) for f in _TEXT_FIELDS}
        return cls(make, columns, arrays["parent"], Ragged.unpack(unprefixed(arrays, "registry_parents")),
                   Ragged.unpack(unprefixed(arrays, "links")))


# ---- the file ---------------------------------------------------------------------------


def unprefixed(arrays: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    p = prefix + "."
    return {k[len(p):]: v for k, v in arrays.items() if k.startswith(p)}


def prefixed(prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {f"{prefix}.{k}": v for k, v in arrays.items()}


def write(path: str | Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write the arrays and the small pickled ``meta`` into one file."""
    layout: dict[str, tuple[str, tuple[int, ...], int]] = {}
    offset = 0
    ordered = []
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        offset = -(-offset // _ALIGN) * _ALIGN
        layout[name] = (arr.dtype.str, arr.shape, offset)
        ordered.append((offset, arr))
        offset += arr.nbytes
    header = pickle.dumps({"meta": meta, "layout": layout}, protocol=pickle.HIGHEST_PROTOCOL)
    start = -(-(len(MAGIC) + 8 + len(header)) // _ALIGN) * _ALIGN
    with open(path, "wb") as fh:
        fh.write(MAGIC + struct.pack("<Q", len(header)) + header)
        for off, arr in ordered:
            fh.seek(start + off)
            fh.write(arr.data)
        fh.truncate(start + offset)


def read(path: str | Path, writable: tuple[str, ...] = ()) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Map the file; the arrays returned lie on its pages and are read-only, except those
    named in ``writable``: compiled code that takes only writable arrays reads them. The
    mapping is private, so pages stay shared between processes until written, and nothing
    writes them."""
    with open(path, "rb") as fh:
        if fh.read(len(MAGIC)) != MAGIC:
            raise ValueError(f"{path} is not a screening index file")
        (size,) = struct.unpack("<Q", fh.read(8))
        header = pickle.loads(fh.read(size))
        start = -(-(len(MAGIC) + 8 + size) // _ALIGN) * _ALIGN
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)
    arrays = {}
    for name, (dtype, shape, off) in header["layout"].items():
        dt = np.dtype(dtype)
        count = int(np.prod(shape)) if shape else 1
        arrays[name] = np.frombuffer(mapped, dtype=dt, count=count, offset=start + off).reshape(shape)
        arrays[name].flags.writeable = name in writable
    return arrays, header["meta"]


# ---- the screening index ----------------------------------------------------------------

_ARRAYS = ("name_entity", "entity_first_name", "char_idf", "char_keep", "word_idf", "word_keep")
_MAPS = ("vocab", "idf", "acronyms", "derived_acronyms", "domains", "places")
_MATRIX = ("matrix.data", "matrix.indices", "matrix.indptr")  # read by the compiled top-n product


def save_index(index: Any, path: str | Path, version: int) -> None:
    arrays: dict[str, np.ndarray] = {name: np.asarray(getattr(index, name)) for name in _ARRAYS}
    meta: dict[str, Any] = {"version": version, "default_idf": index.default_idf, "lists": index.lists, "maps": {}}
    for name in ("name_values", "name_keys"):
        arrays.update(prefixed(name, Strings.pack(getattr(index, name))))
    kinds = Codes.pack(list(index.name_kinds))
    if kinds is None:
        raise ValueError("too many kinds of name")
    arrays.update(prefixed("name_kinds", kinds[0]))
    meta["name_kinds"] = kinds[1]
    # Tables a query would otherwise build in each process: the names by their key, the companies by
    # their names of a few words, the words by their consonants, by their letters and in alphabetical
    # order, and the trigram and word weights as one feature space.
    tables = {name: getattr(index, name) for name in _MAPS}
    tables["by_name_key"] = index._names_by_key()
    tables["by_brand"] = index._brands()
    for name, table in tables.items():
        packed, kind = StrMap.pack(table)
        arrays.update(prefixed(name, packed))
        meta["maps"][name] = kind
    packed, meta["by_consonants"] = KeyLists.pack(index._words_by_consonants(), list(index.idf))
    arrays.update(prefixed("by_consonants", packed))
    packed, meta["by_letters"] = KeyLists.pack(index._words_by_letters(), list(index.idf))
    arrays.update(prefixed("by_letters", packed))
    arrays.update(prefixed("sorted_words", Strings.pack(index._sorted_words())))
    spellings = index._spellings_by_letters()
    entries = sorted({entry for found in spellings.values() for entry in found})
    packed, meta["spellings"] = KeyLists.pack(spellings, entries)
    arrays.update(prefixed("spellings", packed))
    arrays.update(prefixed("spelling_entries", Strings.pack(entries)))
    arrays["stacked.idf"] = np.concatenate([index.char_idf, index.word_idf])
    arrays["stacked.keep"] = np.concatenate([index.char_keep, index.word_keep])
    packed, kind = PairMap.pack(index.by_key)
    arrays.update(prefixed("by_key", packed))
    meta["maps"]["by_key"] = kind
    packed_entities, meta["entities"] = Entities.pack(index.entities)
    arrays.update(prefixed("entities", packed_entities))
    if index.matrix is not None:
        m = index.matrix.tocsr()
        arrays.update({"matrix.data": m.data, "matrix.indices": m.indices, "matrix.indptr": m.indptr})
        meta["matrix_shape"] = m.shape
    write(path, arrays, meta)


def load_index(index: Any, path: str | Path, version: int, make_entity: Callable[..., Any]) -> Any:
    arrays, meta = read(path, writable=_MATRIX)
    if meta.get("version") != version:
        raise ValueError(f"index format {meta.get('version')}, expected {version}: rebuild it")
    for name in _ARRAYS:
        setattr(index, name, arrays[name])
    index.default_idf = meta["default_idf"]
    index.lists = meta["lists"]
    index.name_values = Strings.unpack(unprefixed(arrays, "name_values"))
    index.name_keys = Strings.unpack(unprefixed(arrays, "name_keys"))
    index.name_kinds = Codes(arrays["name_kinds.codes"], meta["name_kinds"])
    maps = {name: StrMap.unpack(unprefixed(arrays, name), kind) for name, kind in meta["maps"].items()}
    for name in _MAPS:
        setattr(index, name, maps[name])
    index.__dict__["_by_name_key"] = maps["by_name_key"]
    index.__dict__["_by_brand"] = maps["by_brand"]
    index.__dict__["_by_consonants"] = KeyLists(StrMap.unpack(unprefixed(arrays, "by_consonants"), meta["by_consonants"]),
                                                maps["idf"]._keys)
    index.__dict__["_by_letters"] = KeyLists(StrMap.unpack(unprefixed(arrays, "by_letters"), meta["by_letters"]),
                                             maps["idf"]._keys)
    index.__dict__["_sorted"] = Strings.unpack(unprefixed(arrays, "sorted_words"))
    index.__dict__["_spellings"] = KeyLists(StrMap.unpack(unprefixed(arrays, "spellings"), meta["spellings"]),
                                            Strings.unpack(unprefixed(arrays, "spelling_entries")))
    index.__dict__["_stacked"] = (arrays["stacked.idf"], arrays["stacked.keep"])
    index.by_key = PairMap(maps["by_key"])
    index.entities = Entities.unpack(make_entity, unprefixed(arrays, "entities"), meta["entities"])
    if "matrix_shape" in meta:
        from ksdesk.screening.sparse_library import sparse

        index.matrix = sparse.csr_matrix(
            (arrays["matrix.data"], arrays["matrix.indices"], arrays["matrix.indptr"]),
            shape=meta["matrix_shape"], copy=False,
        )
    return index
