"""Catalogue search: one way in (`find.page`), one module per database behind it.

`text` normalises Arabic and English for the index and the query alike, `document` builds an
entry's indexed text, `plan` chooses the (administration, year) groups a search asks first,
and `sqlite` (FTS5) and `postgresql` (GIN over word beginnings) turn the plan into queries.
"""
