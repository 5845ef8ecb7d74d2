"""What SPEC's data dictionary is written in: kinds of value, columns, sheets, settings.

The definitions themselves (``schema.sheets``, ``schema.settings``) are made of
these; kept apart so the types can be read without scrolling past every column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

_SPACES = re.compile(r"\s+")


def normalise_header(text: Any) -> str:
    """A header as compared: spaces collapsed, case ignored ("Youth  id" is "Youth ID")."""
    return _SPACES.sub(" ", str(text if text is not None else "")).strip().casefold()


class Kind(StrEnum):
    """What a column holds, which decides how it is read, written and checked."""

    ID = "id"  # text that identifies a record (Youth ID, Referral ID)
    TEXT = "text"
    LONG_TEXT = "long text"  # free text that wraps (notes, concerns)
    DATE = "date"
    YN = "Y/N"
    LIST = "list"  # one of a dropdown list kept on the Lists sheet
    AGENCY = "agency"  # one of the agencies on the Agencies sheet
    INTEGER = "integer"
    COMPUTED = "computed"  # filled by a formula of the workbook; never typed


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    required: bool = False
    list_name: str | None = None  # for Kind.LIST: the Lists sheet column
    help: str = ""  # the input message staff see when they select the cell
    width: float | None = None
    formula: str | None = None  # for Kind.COMPUTED: the table formula
    result: Kind = Kind.INTEGER  # for Kind.COMPUTED: what the formula gives
    synonyms: tuple[str, ...] = ()  # other headers counties use for it (import matches them)
    # What Build Agenda and Print Packet make of it: "read" (an unreadable value
    # makes the agenda wrong, so it stops them) or "select" (it also decides who
    # is on the agenda, so a blank or stray value stops them too).
    agenda: str = ""
    # Personally identifying (34 U.S.C. 12291(a)(20)): left out of a packet for an agency
    # the youth has not released to, never quoted in a message. Marked here and only here.
    identifying: bool = False

    @property
    def value_kind(self) -> Kind:
        """How values of this column are typed: a computed column types as its result."""
        return self.result if self.kind is Kind.COMPUTED else self.kind

    @property
    def field(self) -> str:
        """The name of this column in templates and JSON: snake_case."""
        return field_name(self.header)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    table: str  # the Excel Table's name
    description: str = ""
    key: str | None = None  # the header whose values must be unique

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def identifying(self) -> tuple[str, ...]:
        """The headers marked identifying, in sheet order."""
        return tuple(c.header for c in self.columns if c.identifying)

    def column(self, header: str) -> Column:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(header)

    @cached_property
    def cols(self) -> Headers:
        """Checked handles on the headers: ``YOUTHS.cols.date_of_birth == "Date of Birth"``.

        Code outside the schema names a column through these, so a misspelt
        or renamed header fails at import, not on a coordinator's data.
        """
        return Headers({c.field: c.header for c in self.columns}, self.name)


class Headers:
    """Attribute access to one sheet's headers by field name; unknown names raise."""

    __slots__ = ("_by_field", "_sheet")

    def __init__(self, by_field: dict[str, str], sheet: str):
        self._by_field = by_field
        self._sheet = sheet

    def __getattr__(self, name: str) -> str:
        try:
            return self._by_field[name]
        except KeyError:
            raise AttributeError(f"The {self._sheet} sheet has no column {name!r}.") from None

    def __iter__(self):
        return iter(self._by_field.values())


@dataclass(frozen=True)
class Setting:
    label: str
    kind: Kind
    default: object
    help: str = ""
    list_name: str | None = None

    def whole_number(self, settings: Mapping[str, object], lowest: int = 0) -> int:
        """This setting's value in ``settings`` as a whole number; its default when the cell
        is blank, not a number or below ``lowest`` (validation tells staff which)."""
        try:
            value = int(str(settings.get(self.label, self.default)).strip())
        except (TypeError, ValueError):
            return int(self.default)  # type: ignore[call-overload]
        return value if value >= lowest else int(self.default)  # type: ignore[call-overload]

    @property
    def name(self) -> str:
        """The defined name of the Settings cell, e.g. ``Max_Youths_Per_Meeting``."""
        return "".join(ch if ch.isalnum() else "_" for ch in self.label).strip("_")

    @property
    def field(self) -> str:
        return field_name(self.label)


def field_name(header: str) -> str:
    """``"Risk: Runaway"`` → ``"risk_runaway"``; ``"Race/Ethnicity"`` → ``"race_ethnicity"``."""
    out: list[str] = []
    for ch in header.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "_":
            out.append("_")
    return "".join(out).strip("_")


YN_VALUES = ("Y", "N")
