"""Risk assessment of a collaboration: rule set, catalogues, country indicators and the engine.

Plain Python with no web or database imports; the service layer loads the inputs and stores
the result (``AssessmentResult.to_dict()``) with the rule-set version it was made with.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ksdesk.assessment.catalogues import Catalogues, load_catalogues
from ksdesk.assessment.countries import country_sources, load_country_indicators
from ksdesk.assessment.engine import AnswerError, assess, check_answers, what_if
from ksdesk.assessment.result import AssessmentResult, WhatIf
from ksdesk.assessment.rules import RuleSet, RuleSetError, load_rule_set


def default_rules_text() -> str:
    return resources.files("ksdesk.assessment").joinpath("default_rules.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_default_rule_set() -> RuleSet:
    return load_rule_set(default_rules_text())


__all__ = [
    "AnswerError",
    "AssessmentResult",
    "Catalogues",
    "RuleSet",
    "RuleSetError",
    "WhatIf",
    "assess",
    "check_answers",
    "country_sources",
    "default_rules_text",
    "load_catalogues",
    "load_country_indicators",
    "load_default_rule_set",
    "load_rule_set",
    "what_if",
]
