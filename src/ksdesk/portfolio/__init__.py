"""Portfolio and national overview: collaborations by country, form, risk level, IKT
standing, technology area and year; screening alerts; re-assessments; brain circulation; the
desk's figures. Aggregates are computed in SQL; small groups are hidden from national readers.
"""
