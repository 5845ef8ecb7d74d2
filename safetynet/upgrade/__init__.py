"""Year two: a workbook of this version from one made by any earlier version.

``version`` reads the version a workbook carries and says what upgrading
does; ``carry`` (pure) carries every typed value over by header; ``file``
builds the new workbook beside the old one and swaps them, keeping the old.
"""
