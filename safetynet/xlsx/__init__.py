"""The workbook-file adapter: read with python-calamine, write by patching zip parts."""
