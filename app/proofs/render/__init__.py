"""Review-proof rendering for joint stamp issues.

Kept as a pure library (no database, no web framework) so proofs can be rendered
deterministically from plain data in workers, tests and command-line tools alike.
The public entry points are :func:`app.proofs.render.review.render_review_proof`,
:func:`app.proofs.render.sheet.render_sheet_proof` and
:func:`app.proofs.render.press.render_press_pdf`.
"""
