"""Charts are SVG a person reads at a glance and a screen reader can name."""

from ksdesk.portfolio import charts
from ksdesk.portfolio.figures import Category, Figure, Series
from ksdesk.portfolio.privacy import SUPPRESSED


def _figure(kind="bar", cells=None, series=("Collaborations",)):
    return Figure(id="t", title="Test", kind=kind, category_header="Country", unit="Collaborations",
                  categories=[Category("DE", "Germany"), Category("CN", "China"), Category("US", "United States")],
                  series=[Series(s.lower(), s) for s in series], cells=cells or [[12], [SUPPRESSED], [0]])


def test_nice_axes_include_zero_and_end_on_round_numbers():
    assert charts.axis([7, 12]) == (0, 15, 5)
    assert charts.axis([1]) == (0, 1, 1)  # whole numbers: never a tick at 0.2
    low, high, step = charts.axis([-6, 12])
    assert (low, high, step) == (-10, 15, 5)


def test_a_bar_chart_is_named_and_writes_every_value():
    svg = str(charts.render(_figure(), title="Per country", description="Bars", unit="Collaborations"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="chart-t-title">Per country</title>' in svg and 'id="chart-t-desc"' in svg
    assert ">Germany<" in svg and ">12<" in svg and "&lt; 5" in svg
    assert ">Collaborations<" in svg  # the axis says what is counted
    assert "style=" not in svg and "<script" not in svg


def test_a_line_chart_breaks_at_hidden_values_instead_of_drawing_zero():
    figure = _figure("line", cells=[[3, 1], [SUPPRESSED, 2], [5, 4]], series=("Started", "Ended"))
    svg = str(charts.render(figure, title="Per year", description="Lines", unit="Collaborations"))
    started = [line for line in svg.split("<polyline")[1:] if "series-1" in line]
    assert started == []  # its only points are separated by a hidden one
    assert svg.count("ksd-chart__series-2") >= 4  # the legend, the line and its markers
    assert ">Started<" in svg and ">Ended<" in svg


def test_a_hidden_value_is_drawn_hatched_with_its_label_never_as_zero():
    bars = str(charts.render(_figure(), title="Per country", description="Bars", unit="Collaborations"))
    assert bars.count('class="ksd-chart__hidden" fill="url(#chart-t-hatch)"') == 1
    assert '<pattern id="chart-t-hatch"' in bars and "&lt; 5" in bars
    line = str(charts.render(_figure("line", cells=[[3], [SUPPRESSED], [5]]), title="Per year", description="Lines",
                             unit="Collaborations"))
    assert line.count('class="ksd-chart__hidden"') == 1 and "&lt; 5" in line
    # The hatched band starts at zero and reaches just under the threshold, not a point at zero.
    import re

    height = float(re.search(r'class="ksd-chart__hidden"[^>]* height="([\d.]+)"', line).group(1))
    assert height > 2
