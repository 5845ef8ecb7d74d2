"""Helpers shared by tests: small invented workbooks."""
