"""Every fact and indicator the rules may weigh has words on the pages (never its key)."""

from ksdesk.assessment.rules import COLLABORATION_FIELDS, COUNTRY_INDICATORS
from ksdesk.assessment.wording import COLLABORATION_FACT_LABELS, INDICATOR_LABELS


def test_every_fact_and_indicator_has_a_label():
    assert set(COLLABORATION_FIELDS) - set(COLLABORATION_FACT_LABELS) == set()
    assert set(COUNTRY_INDICATORS) - set(INDICATOR_LABELS) == set()
