"""python-calamine on its own thread: the same rows and the same failures as one after the other."""

from __future__ import annotations

import threading

import pytest

from safetynet.model import SafetyNetError, UnreadableWorkbook
from safetynet.xlsx.read import read_rows
from safetynet.xlsx.sheet_thread import sheet_thread


class Book:
    """A stand-in for a calamine workbook that notes which thread touched it."""

    def __init__(self, sheets: dict[str, list[list[object]]]):
        self.sheets, self.threads, self.order, self.closed = sheets, set(), [], False

    def read(self, name: str) -> list[list[object]]:
        self.threads.add(threading.get_ident())
        self.order.append(name)
        if name not in self.sheets:
            raise UnreadableWorkbook(f'No sheet named "{name}".')
        return self.sheets[name]

    def close(self) -> None:
        self.threads.add(threading.get_ident())
        self.closed = True


def test_sheets_are_read_in_the_order_handed_over_on_one_other_thread():
    book = Book({"Youths": [["a"]], "Meetings": [["b"]]})
    with sheet_thread(lambda: book, lambda b, name: b.read(name)) as reader:
        reader.read("Meetings")
        reader.read("Youths")
        assert reader.rows("Youths") == [["a"]]
        assert reader.rows("Meetings") == [["b"]]
    assert book.order == ["Meetings", "Youths"]
    assert book.closed and len(book.threads) == 1
    assert threading.get_ident() not in book.threads


def test_a_sheet_that_fails_fails_only_where_it_is_asked_for():
    book = Book({"Youths": [["a"]]})
    with sheet_thread(lambda: book, lambda b, name: b.read(name)) as reader:
        reader.read("Missing")
        reader.read("Youths")
        assert reader.rows("Youths") == [["a"]]
        with pytest.raises(UnreadableWorkbook, match='No sheet named "Missing"'):
            reader.rows("Missing")


def test_a_workbook_that_will_not_open_fails_every_sheet_with_its_sentence():
    def broken():
        raise UnreadableWorkbook("SafetyNet.xlsm could not be read as a workbook.")

    with sheet_thread(broken, lambda b, name: b.read(name)) as reader:
        for name in ("Youths", "Meetings"):
            with pytest.raises(UnreadableWorkbook, match="could not be read as a workbook"):
                reader.rows(name)  # asked for without being handed over first: read all the same


def test_leaving_early_stops_the_thread_and_closes_the_workbook():
    book = Book({"Youths": [["a"]]})
    before = threading.active_count()
    with pytest.raises(RuntimeError), sheet_thread(lambda: book, lambda b, n: b.read(n)) as reader:
        reader.read("Youths")
        raise RuntimeError("the guard refused a sheet")
    assert book.closed
    assert threading.active_count() == before


def test_read_rows_reports_a_far_cell_before_a_missing_sheet_asked_for_earlier(tmp_path):
    """As when the guard checked every sheet before calamine read any."""
    import xlsxwriter

    path = tmp_path / "SafetyNet.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Youths").write(1_048_575, 0, "x")
    book.close()
    with pytest.raises(SafetyNetError, match="at A1048576 on the Youths sheet"):
        read_rows(path, ["Meetings", "Youths"])
    with pytest.raises(UnreadableWorkbook, match='has no sheet named "Meetings"'):
        read_rows(path, ["Meetings"])
