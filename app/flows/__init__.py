"""Workflow steps that span domains (submit, review, issue), one function each.

The JSON API and the web pages call these, so a rule is written once. A flow works in the
caller's transaction (the request's session): it flushes, never commits.
"""
