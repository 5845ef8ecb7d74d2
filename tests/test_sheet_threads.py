"""python-calamine on threads of its own: the same rows and failures as one after the other."""

from __future__ import annotations

import threading

import pytest

from safetynet.model import SafetyNetError, UnreadableWorkbook
from safetynet.xlsx.read import read_rows
from safetynet.xlsx.sheet_threads import sheet_threads


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


def test_each_reader_opens_uses_and_closes_its_own_workbook_off_the_main_thread():
    opened: list[Book] = []

    def open_book() -> Book:
        opened.append(Book({"Youths": [["a"]], "Meetings": [["b"]], "Lists": [["c"]]}))
        return opened[-1]

    with sheet_threads(open_book, lambda b, name: b.read(name), readers=2) as reader:
        for name in ("Lists", "Meetings", "Youths"):
            reader.read(name)
        assert [reader.rows(n) for n in ("Youths", "Meetings", "Lists")] == [
            [["a"]],
            [["b"]],
            [["c"]],
        ]
    assert 1 <= len(opened) <= 2
    assert sorted(n for book in opened for n in book.order) == ["Lists", "Meetings", "Youths"]
    for book in opened:
        assert book.closed and len(book.threads) == 1
        assert threading.get_ident() not in book.threads


def test_one_reader_reads_in_the_order_handed_over():
    book = Book({"Youths": [["a"]], "Meetings": [["b"]]})
    with sheet_threads(lambda: book, lambda b, name: b.read(name), readers=1) as reader:
        reader.read("Meetings")
        reader.read("Youths")
        assert reader.rows("Youths") == [["a"]]
    assert book.order == ["Meetings", "Youths"]


def test_a_reader_that_is_never_handed_a_sheet_opens_nothing():
    opened: list[Book] = []

    def open_book() -> Book:
        opened.append(Book({"Agenda": [["x"]]}))
        return opened[-1]

    with sheet_threads(open_book, lambda b, name: b.read(name), readers=2) as reader:
        assert reader.rows("Agenda") == [["x"]]
    assert len(opened) == 1


def test_a_sheet_that_fails_fails_only_where_it_is_asked_for():
    book = Book({"Youths": [["a"]]})
    with sheet_threads(lambda: book, lambda b, name: b.read(name)) as reader:
        reader.read("Missing")
        reader.read("Youths")
        assert reader.rows("Youths") == [["a"]]
        with pytest.raises(UnreadableWorkbook, match='No sheet named "Missing"'):
            reader.rows("Missing")


def test_a_workbook_that_will_not_open_fails_every_sheet_with_its_sentence():
    def broken():
        raise UnreadableWorkbook("SafetyNet.xlsm could not be read as a workbook.")

    with sheet_threads(broken, lambda b, name: b.read(name)) as reader:
        for name in ("Youths", "Meetings"):
            with pytest.raises(UnreadableWorkbook, match="could not be read as a workbook"):
                reader.rows(name)  # asked for without being handed over first: read all the same


def test_leaving_early_stops_the_readers_and_closes_the_workbook():
    book = Book({"Youths": [["a"]]})
    before = threading.active_count()
    with pytest.raises(RuntimeError), sheet_threads(lambda: book, lambda b, n: b.read(n)) as reader:
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
