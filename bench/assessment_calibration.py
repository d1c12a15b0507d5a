"""Calibration of the assessment: how far the rule set agrees with the advisors' levels on the
panel of realistic cases (bench/data/assessment_panel.yaml, documented in docs/assessment-panel.md).

    .venv/bin/python bench/assessment_calibration.py                  # the default rule set
    .venv/bin/python bench/assessment_calibration.py --rules old.yaml # another rule set, same engine
    .venv/bin/python bench/assessment_calibration.py --verbose        # every case, every theme
    .venv/bin/python bench/assessment_calibration.py --basis > docs/assessment-panel-basis.md

Prints per theme: exact agreement with the advisor's level, share within the accepted range,
and the judgements too high and too low; then the cases outside their range.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ksdesk.assessment import (  # noqa: E402
    assess,
    load_catalogues,
    load_country_indicators,
    load_default_rule_set,
    load_rule_set,
)
from ksdesk.assessment.calibration import PANEL, basis_markdown, judge, load_panel, load_sources  # noqa: E402
from ksdesk.assessment.levels import RISK_THEMES, rank  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", default=str(PANEL))
    parser.add_argument("--rules", help="a rule-set YAML file; the default rule set when omitted")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--basis", action="store_true", help="print where each case's levels come from (markdown)")
    args = parser.parse_args()
    if args.basis:
        print(basis_markdown(load_panel(args.panel), load_sources()), end="")
        return 0

    rules = load_rule_set(Path(args.rules).read_text(encoding="utf-8")) if args.rules else load_default_rule_set()
    countries, catalogues = load_country_indicators(), load_catalogues()

    def run(collab, answers, hits):
        return assess(collab, answers, hits, countries, catalogues, rules)

    cases = load_panel(args.panel)
    judged = [judge(c, run) for c in cases]
    print(f"rule set {rules.version}: {len(cases)} cases, {len(cases) * len(RISK_THEMES)} judgements")
    print(f"{'theme':20} {'exact':>7} {'in range':>9} {'too high':>9} {'too low':>8}")
    totals = [0, 0, 0, 0]
    for theme in RISK_THEMES:
        vs = [v for j in judged for v in j.verdicts if v.theme == theme]
        row = [sum(v.exact for v in vs), sum(v.accepted for v in vs),
               sum(rank(v.level) > rank(v.high) for v in vs), sum(rank(v.level) < rank(v.low) for v in vs)]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{theme:20} {row[0] / len(vs):7.0%} {row[1] / len(vs):9.0%} {row[2]:9d} {row[3]:8d}")
    n = len(cases) * len(RISK_THEMES)
    print(f"{'all':20} {totals[0] / n:7.0%} {totals[1] / n:9.0%} {totals[2]:9d} {totals[3]:8d}")
    failing = [j for j in judged if not j.passes]
    print(f"cases within range with their reasons: {len(cases) - len(failing)}/{len(cases)}")
    for j in failing:
        outside = ", ".join(f"{v.theme} {v.level} (accepted {v.low}..{v.high})" for v in j.verdicts if not v.accepted)
        missing = f"; no reason from {', '.join(j.unmentioned)}" if j.unmentioned else ""
        print(f"  {j.case['id']}: {outside}{missing}")
    if args.verbose:
        for j in judged:
            print(f"{j.case['id']:34}", " ".join(f"{v.theme[:4]}={v.level}/{v.expert}" for v in j.verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
