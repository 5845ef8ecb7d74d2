"""python-calamine on a thread of its own, reading each sheet as soon as the guard passes it.

The far-cell guard (``extent``) must see a sheet before calamine turns it into
a grid, but it need not wait for the other sheets: while it streams the next
sheet's XML, calamine (Rust, the GIL released) parses the one just passed on
the machine's other core. The calamine workbook is opened, used and closed on
that one thread. Failures are kept per sheet and raised by ``rows`` in the
order the sheets were asked for, so a run fails with the same sentence as when
everything was read one after the other.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Rows = list[list[Any]]
ReadSheet = Callable[[Any, str], Rows]  # (calamine workbook, sheet name) -> rows


class SheetThread:
    """Sheets handed over with ``read(name)`` are read in that order; ``rows(name)`` waits."""

    def __init__(self, open_book: Callable[[], Any], read_sheet: ReadSheet):
        self._open_book, self._read_sheet = open_book, read_sheet
        self._asked: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._done: dict[str, tuple[Rows | None, BaseException | None]] = {}
        self._ready = threading.Condition()
        self._sent: set[str] = set()
        self._thread = threading.Thread(target=self._work, name="safetynet-read-sheets")

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
        self._thread.start()

    def stop(self) -> None:
        """No more sheets: close the workbook once the sheet in hand is read."""
        self._asked.put(None)
        self._thread.join()

    def _work(self) -> None:
        try:
            book = self._open_book()
        except BaseException as failure:
            self._finish_all(failure)
            return
        try:
            while (name := self._asked.get()) is not None:
                try:
                    self._finish(name, self._read_sheet(book, name), None)
                except BaseException as failure:
                    self._finish(name, None, failure)
        finally:
            book.close()

    def _finish(self, name: str, found: Rows | None, failure: BaseException | None) -> None:
        with self._ready:
            self._done.setdefault(name, (found, failure))
            self._ready.notify_all()

    def _finish_all(self, failure: BaseException) -> None:
        """The workbook would not open: every sheet asked for, now or later, fails with it."""
        while (name := self._asked.get()) is not None:
            self._finish(name, None, failure)


@contextmanager
def sheet_thread(open_book: Callable[[], Any], read_sheet: ReadSheet) -> Iterator[SheetThread]:
    """A running SheetThread, stopped (after the sheet in hand) when the block ends."""
    reader = SheetThread(open_book, read_sheet)
    reader.start()
    try:
        yield reader
    finally:
        reader.stop()
