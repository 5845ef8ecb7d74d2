"""Bringing a county's own tracker into a data sheet: ``safetynet import``.

The pure part (``headers``, ``mapping``, ``coerce``, ``rows``) takes the
source's cells and the workbook's frames and returns rows to add, rows
matched and what could not come in, with why. Reading the source file
(``source``) and writing the "Not imported" report (``report``) sit at the
edge; ``safetynet.operations.importing`` joins them.
"""
