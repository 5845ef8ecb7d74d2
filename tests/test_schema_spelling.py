"""The schema is the only speller of a SPEC header: other modules name columns by handle.

A header typed as a string elsewhere drifts the day a header changes; a handle
(``YOUTHS.cols.date_of_birth``) fails at import instead. This counts the string
literals equal to a SPEC header in ``safetynet/`` outside the schema package
(``safetynet/schema/``) and names where they are, so the count only goes down.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from safetynet.schema import DATA_SHEETS

PACKAGE = Path(__file__).resolve().parents[1] / "safetynet"
HEADERS = frozenset(h for sheet in DATA_SHEETS for h in sheet.headers)
CEILING = 25  # after the handle pass (issue 11): 21 remain, each a display word


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def header_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in HEADERS
        and id(node) not in skip
    ]


# The default templates' labels ("Youth ID", "Charges", "Notes") are words printed on a
# page for a reader, not columns read: a label may stay when a header is renamed.
PRINTED_LABELS = ("documents/default_templates.py", "documents/docx_parts.py")


def offenders(include_demo: bool) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if (
            relative.startswith("schema/")
            or relative in ("lists.py", *PRINTED_LABELS)
            or (not include_demo and relative.startswith("demo/"))
        ):
            continue
        for _line, _value in header_literals(path):
            counts[relative] += 1
    return counts


def test_header_literals_outside_the_schema_are_few():
    counts = offenders(include_demo=False)
    total = sum(counts.values())
    named = ", ".join(f"{name} {n}" for name, n in counts.most_common())
    assert total < CEILING, f"{total} header literals outside the schema: {named}"


def test_the_counter_finds_a_header_literal(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Date of Birth in a docstring is prose."""\nX = "Date of Birth"\n')
    assert header_literals(sample) == [(2, "Date of Birth")]
