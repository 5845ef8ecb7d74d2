"""Compile VBA source text into the vbaProject.bin that XlsxWriter embeds in the workbook.

Pure Python, no Office needed: MS-OVBA compression, a compound-file writer and
the VBA project streams. The result is source-only; Excel compiles it on open.
"""

from .bundled import xlwings_modules
from .project import build_vba_project
from .source import VbaModule, VbaSourceError

__all__ = ["VbaModule", "VbaSourceError", "build_vba_project", "xlwings_modules"]
