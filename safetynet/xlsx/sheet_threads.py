"""python-calamine on threads of its own, reading each sheet as soon as the guard passes it.

The far-cell guard (``extent``) must see a sheet before calamine turns it into
a grid, but it need not wait for the other sheets: while it streams the next
sheet's XML, calamine (Rust, the GIL released while it parses) reads the ones
already passed, two at a time on a machine with two cores. Each reader opens,
uses and closes its own calamine workbook, on its own thread, and only once
it has a sheet to read. Failures are kept per sheet and raised by ``rows`` in
the order the sheets are asked for, so a run fails with the same sentence as
when everything was read one after the other.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Rows = list[list[Any]]
ReadSheet = Callable[[Any, str], Rows]  # (calamine workbook, sheet name) -> rows
READERS = max(1, min(2, os.cpu_count() or 1))


class SheetThreads:
    """Sheets handed over with ``read(name)`` are read in that order; ``rows(name)`` waits."""

    def __init__(self, open_book: Callable[[], Any], read_sheet: ReadSheet, readers: int = READERS):
        self._open_book, self._read_sheet = open_book, read_sheet
        self._asked: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._done: dict[str, tuple[Rows | None, BaseException | None]] = {}
        self._ready = threading.Condition()
        self._sent: set[str] = set()
        self._threads = [
            threading.Thread(target=self._work, name=f"safetynet-read-sheets-{n}")
            for n in range(readers)
        ]

    def read(self, name: str) -> None:
        """Read this sheet next (the guard has passed it)."""
        if name not in self._sent:
            self._sent.add(name)
            self._asked.put(name)

    def rows(self, name: str) -> Rows:
        """The sheet's rows once read, or the failure reading it raised."""
        self.read(name)
        with self._ready:
            self._ready.wait_for(lambda: name in self._done)
            found, failure = self._done[name]
        if failure is not None:
            raise failure
        assert found is not None
        return found

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """No more sheets: each reader closes its workbook once the sheet in hand is read."""
        for _ in self._threads:
            self._asked.put(None)
        for thread in self._threads:
            thread.join()

    def _work(self) -> None:
        book: Any = None
        failed: BaseException | None = None  # the workbook would not open: every sheet fails
        try:
            while (name := self._asked.get()) is not None:
                try:
                    if failed is not None:
                        raise failed
                    if book is None:
                        book = self._open_book()
                    self._finish(name, self._read_sheet(book, name), None)
                except BaseException as failure:  # raised again by rows(), in its turn
                    if book is None:
                        failed = failure
                    self._finish(name, None, failure)
        finally:
            if book is not None:
                book.close()

    def _finish(self, name: str, found: Rows | None, failure: BaseException | None) -> None:
        with self._ready:
            self._done.setdefault(name, (found, failure))
            self._ready.notify_all()


@contextmanager
def sheet_threads(
    open_book: Callable[[], Any], read_sheet: ReadSheet, readers: int = READERS
) -> Iterator[SheetThreads]:
    """Running SheetThreads, stopped (after the sheets in hand) when the block ends."""
    reader = SheetThreads(open_book, read_sheet, readers)
    reader.start()
    try:
        yield reader
    finally:
        reader.stop()
