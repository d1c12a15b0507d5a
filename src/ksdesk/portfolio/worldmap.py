"""A world map of collaborations per country, drawn on the server as SVG.

The geometry is Natural Earth's 1:110m countries from the world-atlas npm package (installed
with the stylesheets, see settings.assets_dir); nothing is fetched while the page is served.
Countries are projected with the Equal Earth projection, which keeps areas comparable, so a
large country does not look more important than it is.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import pycountry
from markupsafe import Markup, escape

from ksdesk.portfolio import topojson
from ksdesk.portfolio.privacy import SUPPRESSED, Cell, display, shown
from ksdesk.settings import get_settings

WIDTH = 960
# Natural Earth leaves these without an ISO numeric code.
UNCODED = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}
# Antarctica takes a sixth of the map and has no collaborations to show.
LEFT_OUT = {"010"}

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Šavrič, Patterson & Jenny (2018); returns unscaled x (−2.71…2.71) and y (−1.32…1.32), north up."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1))
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return x, y


X_MAX = equal_earth(180, 0)[0]
Y_MAX = equal_earth(0, 90)[1]
SCALE = WIDTH / (2 * X_MAX)
Y_TOP = 84.0  # the northernmost land drawn; the south stops above Antarctica
Y_BOTTOM = -57.0
TOP = equal_earth(0, Y_TOP)[1]
HEIGHT = round((TOP - equal_earth(0, Y_BOTTOM)[1]) * SCALE)


def project(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (TOP - y) * SCALE


def atlas_path() -> Path:
    return get_settings().assets_dir / "world-atlas" / "countries-110m.json"


def alpha2(numeric: str | None, name: str) -> str | None:
    if numeric is None:
        return UNCODED.get(name)
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else None


def path_data(polygons: list[list[topojson.Ring]]) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            last = None
            for lon, lat in ring:
                x, y = project(lon, lat)
                point = f"{x:.1f},{y:.1f}"
                if point != last:  # at this scale many points fall on the same tenth of a pixel
                    points.append(point)
                    last = point
            if len(points) > 2:
                parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


@lru_cache(maxsize=2)
def country_paths(path: Path | None = None) -> tuple[tuple[str | None, str, str], ...]:
    """(ISO alpha-2 or None, Natural Earth name, SVG path) of every country, computed once."""
    with (path or atlas_path()).open(encoding="utf-8") as handle:
        topology = json.load(handle)
    out = []
    for numeric, props, polygons in topojson.features(topology, "countries"):
        if numeric in LEFT_OUT:
            continue
        name = props.get("name", "")
        out.append((alpha2(numeric, name), name, path_data(polygons)))
    return tuple(out)


def breaks(maximum: int) -> list[int]:
    """Lower bounds of up to five classes from 1 to the maximum, on round numbers."""
    if maximum <= 0:
        return []
    if maximum <= 5:
        return list(range(1, maximum + 1))
    nice = sorted({1, *(m * 10**e for e in range(0, 8) for m in (1, 2, 5))})
    bounds = [1]
    for k in range(1, 5):
        target = maximum ** (k / 5)
        candidate = max((n for n in nice if n <= target), default=1)
        if candidate > bounds[-1]:
            bounds.append(candidate)
    return bounds


def bucket(value: int, bounds: list[int]) -> int:
    return max(i for i, b in enumerate(bounds) if value >= b) + 1


def legend_labels(bounds: list[int]) -> list[str]:
    labels = []
    for i, b in enumerate(bounds):
        upper = bounds[i + 1] - 1 if i + 1 < len(bounds) else None
        labels.append(f"{b}" if upper == b else (f"{b}–{upper}" if upper else f"≥ {b}"))
    return labels


def render(
    values: dict[str, Cell],
    names: dict[str, str],
    *,
    element_id: str,
    title: str,
    description: str,
    legend_title: str,
    no_data_label: str,
) -> Markup:
    """The map as an <svg role="img"> whose title and description name it for screen readers;
    the table beneath the map gives every value."""
    numbers = [v for v in values.values() if isinstance(v, (int, float)) and v is not SUPPRESSED]
    bounds = breaks(int(max(numbers, default=0)))
    legend_height = 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ksd-chart ksd-map" id="{escape(element_id)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT + legend_height}" role="img" '
        f'aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc">',
        f'<title id="{escape(element_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(description)}</desc>',
        '<rect class="ksd-map__sea" x="0" y="0" width="{}" height="{}"/>'.format(WIDTH, HEIGHT),
    ]
    for code, ne_name, d in country_paths():
        value = values.get(code) if code else None
        label = names.get(code, ne_name) if code else ne_name
        if value is SUPPRESSED:
            css = "ksd-map__country ksd-map__country--small"
        elif value:
            css = f"ksd-map__country ksd-map__country--{bucket(int(shown(value)), bounds)}"
        else:
            css = "ksd-map__country"
        text = f"{label}: {display(value)}" if value else label
        attr = f' data-country="{escape(code)}"' if code else ""
        out.append(f'<path class="{css}"{attr} d="{d}"><title>{escape(text)}</title></path>')
    # The legend: the colour classes, and what a hidden small group looks like.
    y = HEIGHT + 12
    out.append(f'<text class="ksd-chart__label" x="8" y="{y + 11}">{escape(legend_title)}</text>')
    x = 8 + 9 * max(len(legend_title), 12)
    items = [("ksd-map__country", no_data_label)]
    if any(v is SUPPRESSED for v in values.values()):
        items.append(("ksd-map__country ksd-map__country--small", "< 5"))
    items += [(f"ksd-map__country ksd-map__country--{i + 1}", lbl) for i, lbl in enumerate(legend_labels(bounds))]
    for css, lbl in items:
        out.append(f'<rect class="{css}" x="{x}" y="{y}" width="18" height="14"/>')
        out.append(f'<text class="ksd-chart__label" x="{x + 24}" y="{y + 11}">{escape(lbl)}</text>')
        x += 40 + 8 * len(lbl)
    out.append("</svg>")
    return Markup("".join(out))
