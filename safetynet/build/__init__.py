"""Building SafetyNet.xlsm with XlsxWriter: sheets, tables, dropdowns, charts, buttons, VBA."""
