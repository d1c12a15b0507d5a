"""Partner screening: name normalisation, watchlist loaders, an in-memory index and scoring.

Everything in this package is pure Python over plain data: no web, no database. The
service and views that store screenings and reviewer decisions live elsewhere and call
:func:`ksdesk.screening.building.build_index` and :meth:`ScreeningIndex.screen`.
"""
