"""Audit of the locked dependencies against known vulnerabilities.

pip-audit does the audit. It asks an OSV query service: the public one where it is
reachable, otherwise a loopback service that answers from the advisory snapshot kept
in this folder (advisories.json), so that the audit runs the same way offline.
"""
