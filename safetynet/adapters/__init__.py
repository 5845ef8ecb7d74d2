"""Adapters: where an operation's data comes from and where its Outcome goes.

``protocol.Adapter`` is what every adapter offers; ``file.FileAdapter`` works on
the workbook file (the command line, the demo, scheduled jobs) and
``live.LiveAdapter`` on a workbook open in Excel (the buttons).
"""
