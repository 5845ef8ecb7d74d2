"""SafetyNet Workbook: the weekly CSEC case review kept in one Excel workbook."""

__version__ = "0.2.0"
