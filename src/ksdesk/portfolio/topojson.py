"""Decoding TopoJSON (https://github.com/topojson/topojson-specification) into rings of
longitude/latitude points: just what drawing a world map needs."""

from __future__ import annotations

from collections.abc import Iterator

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute coordinates of every arc. Quantized topologies store each arc as integer deltas
    from the previous point, to be scaled and translated back."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arc_indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """One closed ring from its arcs; a negative index (~i) means arc i walked backwards. Arcs share
    their end points, so each arc after the first starts at the previous one's last point."""
    points: Ring = []
    for index in arc_indexes:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict, arcs: list[list[Point]]) -> Iterator[list[Ring]]:
    """Each polygon of a Polygon or MultiPolygon geometry as its rings (outer ring first)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        yield [ring(r, arcs) for r in geometry["arcs"]]
    elif kind == "MultiPolygon":
        for polygon in geometry["arcs"]:
            yield [ring(r, arcs) for r in polygon]


def features(topology: dict, name: str) -> Iterator[tuple[str | None, dict, list[list[Ring]]]]:
    """(id, properties, polygons) of each geometry in the named object."""
    arcs = decode_arcs(topology)
    for geometry in topology["objects"][name]["geometries"]:
        yield geometry.get("id"), geometry.get("properties") or {}, list(polygons(geometry, arcs))
