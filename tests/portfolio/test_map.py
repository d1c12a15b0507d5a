"""The world map: TopoJSON decoded in Python, projected, and drawn with the counts per country."""

import re

from ksdesk.portfolio import topojson, worldmap
from ksdesk.portfolio.privacy import SUPPRESSED

# Two squares sharing an edge, quantized the TopoJSON way (integer deltas, then scale + translate).
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[0, 0], [0, 2]],                  # shared edge, bottom to top: (10,20) → (10,21)
        [[0, 2], [-2, 0], [0, -2], [2, 0]],  # west square, top right → around → bottom right
        [[0, 0], [2, 0], [0, 2], [-2, 0]],   # east square, bottom left → around → top left
    ],
    "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "id": "276", "properties": {"name": "West"}, "arcs": [[1, 0]]},
        {"type": "MultiPolygon", "id": "056", "properties": {"name": "East"}, "arcs": [[[~0, 2]]]},
    ]}},
}


def test_arcs_are_delta_decoded_scaled_and_translated():
    arcs = topojson.decode_arcs(TOPOLOGY)
    assert arcs[0] == [(10.0, 20.0), (10.0, 21.0)]
    assert arcs[1] == [(10.0, 21.0), (9.0, 21.0), (9.0, 20.0), (10.0, 20.0)]


def test_rings_join_arcs_and_walk_negative_indexes_backwards():
    features = list(topojson.features(TOPOLOGY, "countries"))
    (wid, wprops, wpolys), (eid, _p, epolys) = features
    assert (wid, wprops["name"]) == ("276", "West")
    assert wpolys == [[[(10.0, 21.0), (9.0, 21.0), (9.0, 20.0), (10.0, 20.0), (10.0, 21.0)]]]
    # ~0 is arc 0 reversed: top to bottom, then the east square's own arc.
    assert epolys[0][0][:2] == [(10.0, 21.0), (10.0, 20.0)]
    assert epolys[0][0][-1] == (10.0, 21.0)


def test_the_projection_puts_the_world_in_the_frame_with_north_up():
    west, _ = worldmap.project(-180, 0)
    east, _ = worldmap.project(180, 0)
    assert round(west) == 0 and round(east) == worldmap.WIDTH
    _x, north = worldmap.project(0, 60)
    _x, south = worldmap.project(0, -30)
    assert 0 < north < south < worldmap.HEIGHT


def test_the_shipped_atlas_maps_iso_numeric_ids_to_country_codes():
    codes = {code for code, _name, _d in worldmap.country_paths()}
    assert {"NL", "DE", "CN", "US", "BR", "ZA", "XK"} <= codes
    assert "AQ" not in codes  # Antarctica is left out


def test_the_map_colours_countries_by_count_and_marks_hidden_ones():
    svg = str(worldmap.render({"DE": 120, "BE": 3, "CN": SUPPRESSED}, {"DE": "Germany", "CN": "China"},
                              element_id="m", title="Map", description="Desc", legend_title="Collaborations",
                              no_data_label="None"))
    assert 'role="img"' in svg and 'aria-labelledby="m-title m-desc"' in svg
    assert re.search(r'class="ksd-map__country ksd-map__country--\d" data-country="DE"', svg)
    assert 'class="ksd-map__country ksd-map__country--small" data-country="CN"' in svg
    assert "<title>Germany: 120</title>" in svg and "<title>China: &lt; 5</title>" in svg
    assert 'class="ksd-map__country" data-country="FR"' in svg  # no collaborations
    assert "style=" not in svg


def test_the_page_draws_the_map_with_the_known_countries(browser, known):
    page = browser("alice").get("/portfolio").text
    assert 'id="chart-map"' in page
    assert re.search(r'ksd-map__country--\d" data-country="DE" d="[^"]+"><title>Germany: 6</title>', page)
