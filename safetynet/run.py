"""One way to run an operation, whatever the front end: load, run, apply.

The command line, the buttons, the demo and the benchmark each make an
adapter and call ``run``; nothing else loads a workbook for an operation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from .actions import render
from .adapters.protocol import Adapter
from .load import load
from .model import SafetyNetError
from .operations import Operation, Outcome


def run(adapter: Adapter, operation: Operation, today: dt.date, **options: Any) -> Outcome:
    """Run ``operation`` on the adapter's workbook as of ``today`` and write its Outcome.

    Documents go to the adapter's output folder unless ``out_dir`` is given.
    An operation that reports on the data also says what the adapter could
    not check where it read (formulas, merged cells on xlwings' remote engine).
    Its message, and any failure's, is in the words of the adapter's front end
    ("click Print Packet" under a button, "run safetynet packet PATH" in a terminal).
    """
    from .documents.staging import staged_documents
    from .warm import import_ahead

    import_ahead()  # pandas loads on the second core while the workbook is read
    workbook = adapter.location or "PATH"
    try:
        with adapter.session():
            book = load(adapter, operation, today)
            if operation.documents:
                options.setdefault("out_dir", adapter.output_folder(book.settings))
            with staged_documents(options, operation.documents and operation.staged) as staging:
                outcome = operation.function(book, today=today, **options)
                if operation.checks and book.notes:
                    outcome = replace(outcome, message=" ".join([outcome.message, *book.notes]))
                outcome = staging.commit(outcome, adapter.apply)  # documents only once recorded
    except SafetyNetError as failed:
        failed.message = render(failed.message, adapter.front_end, workbook)
        failed.args = (failed.message,)
        raise
    return replace(outcome, message=render(outcome.message, adapter.front_end, workbook))
