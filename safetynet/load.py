"""One staged load for every front end: check → read → inspect → type → compute.

The stages are beancount's loader's habit: each named, each adding what it
finds to one list of located problems instead of raising. Where the raw
values come from is the adapter's business (a workbook file, a live Excel
workbook); what is made of them is written here once, so a click and a
command see the same problems in the same data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .model import Problem, Workbook
from .schema import LISTS_SHEET, SETTINGS_SHEET, data_sheet

if TYPE_CHECKING:
    from .adapters.protocol import Adapter
    from .operations import Operation

Rows = list[list[Any]]


def load(adapter: Adapter, operation: Operation, today: dt.date) -> Workbook:
    """What ``operation`` needs, read through ``adapter``, typed and computed as of ``today``."""
    adapter.check()
    names = (*operation.reads, SETTINGS_SHEET, LISTS_SHEET, *operation.grids)
    with paused_gc():
        raw = adapter.rows(dict.fromkeys(names))
        inspection = adapter.inspect(operation.reads, raw)
        return typed_workbook(
            raw,
            operation.reads,
            today,
            location=adapter.location,
            grids={name: raw[name] for name in operation.grids},
            problems=inspection.problems,
            notes=inspection.notes,
        )


def typed_workbook(
    raw: Mapping[str, Rows],
    sheets: Iterable[str],
    today: dt.date,
    *,
    location: str | None = None,
    grids: dict[str, Rows] | None = None,
    problems: Iterable[Problem] = (),
    notes: Iterable[str] = (),
) -> Workbook:
    """Type the raw rows of ``sheets`` (plus Settings and Lists) and fill the computed columns."""
    from .computed import fill_computed  # pandas: imported while the file was being read
    from .tables import frame_from_rows
    from .xlsx.read import read_lists, read_settings  # pure functions of rows

    found: list[Problem] = list(problems)
    frames = {}
    with paused_gc():
        for name in sheets:
            frame, typing_problems = frame_from_rows(data_sheet(name), raw[name])
            frames[name] = frame
            found.extend(typing_problems)
    settings, setting_problems = read_settings(raw[SETTINGS_SHEET])
    found.extend(setting_problems)
    lists = read_lists(raw[LISTS_SHEET])
    fill_computed(frames, settings, today)
    return Workbook(frames, settings, lists, tuple(found), location, grids or {}, tuple(notes))


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Hold Python's cycle collector while a workbook is read and its cells become frames.

    Reading and typing allocate hundreds of thousands of small objects and none of them
    form cycles, yet each allocation burst makes the collector walk every
    object alive; pausing it saves 5–15% of reading.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
