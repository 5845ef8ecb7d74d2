"""The import map: which source column goes where, as a TOML file staff can read and edit.

Written by a tiny writer of its own (TOML's basic strings are JSON's, so
``json.dumps`` quotes them), read back with ``tomllib``. Comments say what
each entry means and how it was found.
"""

from __future__ import annotations

import json
import textwrap
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import SafetyNetError
from ..schema import LISTS, YOUTHS, Kind, Sheet, data_sheet
from .headers import FULL_NAME, LOOKUP_COLUMNS, LOOKUP_HOW, NOTES, NOTES_COLUMN, ColumnRule


@dataclass(frozen=True)
class ImportMap:
    sheet: str
    columns: tuple[ColumnRule, ...]
    source_sheets: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)

    def rule(self, header: str) -> ColumnRule | None:
        return next((r for r in self.columns if r.source == header), None)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


_HOW = {
    "exact": "the same name",
    "synonym": "a name other trackers use for it",
    LOOKUP_HOW: "used to find the youth's Youth ID",
    "joined": "joined with the other name column into one Name",
}


def _how(how: str) -> str:
    """The reason a column was placed, in the coordinator's words."""
    if how.startswith("near spelling"):
        return how.replace("near spelling", "a near spelling").replace("%)", "% alike)") + (
            ": check it"
        )
    if how.startswith("also looked like"):
        return f"{how}, which another of your columns already fills"
    return _HOW.get(how, how)


def _target_comment(sheet: Sheet, rule: ColumnRule) -> str:
    if rule.target == FULL_NAME:
        return "a whole name, split into First Name and Last Name"
    if rule.target == NOTES:
        home = NOTES_COLUMN.get(sheet.name)
        where = f'kept in {home} as "Header: value"' if home else "listed in the report only"
        why = "no column of the sheet matches" if rule.how in ("", "no match") else _how(rule.how)
        return f"{why}: {where}"
    return _how(rule.how)


def _choices(sheet: Sheet, rule: ColumnRule, lists: Mapping[str, Sequence[str]]) -> str:
    """The values the workbook takes in the rule's column, for the comment over its values."""
    header = rule.target if rule.target in sheet.headers else None
    column = sheet.column(header) if header else None
    if column is None and rule.target in LOOKUP_COLUMNS:
        column = YOUTHS.column(rule.target)
    if column is None:
        return ""
    if column.value_kind is Kind.YN:
        return "Y or N"
    return ", ".join(lists.get(column.list_name or "", ()))


def _missing_required(sheet: Sheet, plan: ImportMap) -> list[str]:
    """Columns every row needs that no column of the file fills (IDs aside: one for every
    row would be wrong; the import makes them, or finds the youth by name)."""
    filled = {r.target for r in plan.columns} | set(plan.defaults)
    if FULL_NAME in filled:
        filled |= {YOUTHS.cols.first_name, YOUTHS.cols.last_name}
    made = {c.header for c in sheet.columns if c.kind is Kind.ID}  # made, or found by name
    return [
        c.header
        for c in sheet.columns
        if c.required and c.kind is not Kind.COMPUTED and c.header not in filled | made
    ]


def _comment(text: str) -> list[str]:
    """A note in the map, wrapped to lines Notepad shows whole."""
    return [f"# {line}" for line in textwrap.wrap(text, 84, break_on_hyphens=False)]


def to_toml(
    plan: ImportMap, source_name: str, lists: Mapping[str, Sequence[str]] | None = None
) -> str:
    """The map as TOML text, with a comment on each line a coordinator may change."""
    sheet = data_sheet(plan.sheet)
    lists = LISTS if lists is None else lists
    home = NOTES_COLUMN.get(sheet.name)
    kinds = [
        f'"{NOTES}" (kept in {home} as "Header: value")'
        if home
        else f'"{NOTES}" (listed in the report; the {sheet.name} sheet has no notes column)'
    ]
    if YOUTHS.cols.youth_id in sheet.headers:
        kinds.append(f'"{FULL_NAME}" (a whole name, split)')
    kinds_text = ", ".join([*kinds[:-1], f"or {kinds[-1]}"])
    lines = [
        f"# Where each column of {source_name} goes on the {plan.sheet} sheet.",
        "# Made by safetynet import. Open it in Notepad or TextEdit, change what is after",
        "# an = sign (keep the quotes), save, and import again: rows already imported are",
        "# matched, not added twice. Lines starting with # are notes and change nothing.",
        "#",
        *_comment(
            "Each [columns.\"...\"] is one column of your file. Its 'to' is where it goes: "
            f"a header of the {plan.sheet} sheet, {kinds_text}. The {plan.sheet} sheet's headers: "
            + ", ".join(c.header for c in sheet.columns if c.kind is not Kind.COMPUTED)
            + "."
        ),
        '# Under [columns."...".values], the left side is a value as your file has it,',
        '# the right side what the workbook gets; "" keeps it as typed (Validate Entries',
        "# then points at it until it is one of the workbook's choices).",
        "",
        f"sheet = {_q(plan.sheet)}",
        "source_sheets = ["
        + ", ".join(_q(s) for s in plan.source_sheets)
        + "]  # the tabs of your file read (a CSV file has one)",
        "",
    ]
    for rule in plan.columns:
        lines.append(f"[columns.{_q(rule.source)}]")
        comment = _target_comment(sheet, rule)
        lines.append(f"to = {_q(rule.target)}" + (f"  # {comment}" if comment else ""))
        if rule.dates:
            lines.append(
                f'dates = {_q(rule.dates)}  # "month first": 3/4 is March 4; "day first": 3 April'
            )
        if rule.values:
            lines.append("")
            lines.append(f"[columns.{_q(rule.source)}.values]")
            choices = _choices(sheet, rule, lists)
            if choices:
                lines += _comment(f"{rule.target} takes: {choices}")
            for raw, value in rule.values.items():
                note = (
                    "  # no match: kept as typed; type one of the values above" if not value else ""
                )
                lines.append(f"{_q(raw)} = {_q(value)}{note}")
        lines.append("")
    lines.append("[defaults]  # a value for every imported row where your file leaves it blank")
    for header, value in plan.defaults.items():
        lines.append(f"{_q(header)} = {_q(value)}")
    missing = [h for h in _missing_required(sheet, plan) if h not in plan.defaults]
    if missing:
        lines.append(
            "# Every row needs these, and no column of your file has them. Fill them in the"
        )
        lines.append("# workbook after the import, or remove the # before a line and type a value:")
        for header in missing:
            choices = _choices(sheet, ColumnRule(header, header), lists)
            if choices:
                lines += _comment(f"{header} takes: {choices}")
            lines.append(f'# {_q(header)} = ""')
    return "\n".join(lines) + "\n"


def from_toml(text: str, where: str) -> ImportMap:
    """Read a map back; a mistake in it is a plain sentence naming the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SafetyNetError(
            f"{where} could not be read ({exc}). Fix that line, or delete the file to have "
            f"a new map proposed.",
            2,
        ) from None
    name = data.get("sheet")
    try:
        sheet = data_sheet(str(name))
    except KeyError:
        raise SafetyNetError(
            f'{where}: sheet = "{name}" is not a data sheet. Use Youths, Referrals, Meetings, '
            f"YWSP, Agencies or Members.",
            2,
        ) from None
    allowed = {c.header for c in sheet.columns if c.kind is not Kind.COMPUTED} | {NOTES}
    if YOUTHS.cols.youth_id in allowed:
        allowed |= {FULL_NAME, *LOOKUP_COLUMNS}
    rules = []
    for source, entry in (data.get("columns") or {}).items():
        if not isinstance(entry, dict):
            raise SafetyNetError(f'{where}: [columns."{source}"] needs a line to = "...".', 2)
        target = str(entry.get("to", NOTES))
        if target not in allowed:
            raise SafetyNetError(
                f'{where}, column "{source}": "{target}" is not a column of the {sheet.name} '
                f'sheet. Use one of its headers, or "{NOTES}".',
                2,
            )
        values = {str(k): str(v) for k, v in (entry.get("values") or {}).items()}
        rules.append(
            ColumnRule(source, target, "from the map", str(entry.get("dates", "")), values)
        )
    defaults = {str(k): str(v) for k, v in (data.get("defaults") or {}).items()}
    for header in defaults:
        if header not in allowed - {NOTES, FULL_NAME}:
            raise SafetyNetError(
                f'{where}, [defaults]: "{header}" is not a column of the {sheet.name} sheet.', 2
            )
    sources = tuple(str(s) for s in data.get("source_sheets") or ())
    return ImportMap(sheet.name, tuple(rules), sources, defaults)


def propose_map(
    tables_headers: dict[str, tuple[str, ...]], sheet_name: str | None
) -> tuple[ImportMap, list[str]]:
    """A first map for a source: the sheet its headers fit (unless named), the source
    sheets that fit it, a rule per header. Returns the map and the source sheets left out.
    """
    from .headers import best_sheet, propose_rules, sheet_score

    if sheet_name:
        sheet = data_sheet(sheet_name)
    else:
        ranked = [best_sheet(h) for h in tables_headers.values()]
        sheet, score = max(ranked, key=lambda t: t[1])
        if score < 2:
            raise SafetyNetError(
                "The source's headers do not look like any sheet of the workbook. Name the "
                "sheet to import into with --sheet (Youths, Referrals, Meetings, YWSP, "
                "Agencies or Members).",
                2,
            )
    scores = {name: sheet_score(sheet, h) for name, h in tables_headers.items()}
    top = max(scores.values())
    used = [n for n, s in scores.items() if s >= max(2, top // 2)] or [
        n for n, s in scores.items() if s == top
    ]
    headers = list(dict.fromkeys(h for n in used for h in tables_headers[n]))
    rules = propose_rules(sheet, headers)
    defaults: dict[str, str] = {}
    status = YOUTHS.cols.status
    if sheet is YOUTHS and not any(r.target == status for r in rules):
        defaults[status] = LISTS[YOUTHS.column(status).list_name or ""][0]  # Active
    left_out = [n for n in tables_headers if n not in used]
    return ImportMap(sheet.name, tuple(rules), tuple(used), defaults), left_out


def with_new_headers(plan: ImportMap, headers: list[str]) -> tuple[ImportMap, list[str]]:
    """A map read from a file, with a proposed rule for any source header it does not list."""
    from .headers import propose_rules

    missing = [h for h in headers if plan.rule(h) is None]
    if not missing:
        return plan, []
    sheet = data_sheet(plan.sheet)
    taken = {r.target for r in plan.columns}
    added = []
    for rule in propose_rules(sheet, missing):
        if rule.target in taken and rule.target not in (NOTES, FULL_NAME):
            rule = ColumnRule(rule.source, NOTES, f"also looked like {rule.target}")
        added.append(rule)
    return ImportMap(
        plan.sheet, (*plan.columns, *added), plan.source_sheets, plan.defaults
    ), missing
