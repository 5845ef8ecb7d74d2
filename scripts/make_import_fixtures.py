#!/usr/bin/env python3
"""Make the invented "county tracker" files under tests/data/import/ (fixed seed).

    .venv/bin/python scripts/make_import_fixtures.py            rewrite the fixtures
    .venv/bin/python scripts/make_import_fixtures.py --youths 3000 --out X.csv
                                                            a big flat tracker (the benchmark)

Three shapes a coordinator might really keep, every person invented (Faker):

* county-tracker-flat.csv: one flat CSV, US dates typed as text (some written
  "March 3, 2024"), F/M, AA/Latina, yes/no, a whole name in one column, no IDs,
  a youth entered twice, a row with no name, a birth date no one can read.
* county-tracker-two-sheets.xlsx: one tab per year, each under a merged title
  row and a blank row, the county's own IDs (LC-101), real Excel dates, an
  Excel serial typed as a number, Open/Closed, H/M/L, an x for a risk factor.
* county-tracker-spanish.csv: Spanish headers and values, day-first dates,
  semicolons, UTF-8 with a byte-order mark (as Excel saves "CSV UTF-8").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path

from faker import Faker

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "import"
SEED = 20261201
TODAY = dt.date(2026, 12, 1)

RACES = ("AA", "Black", "Latina", "Hispanic", "White", "Asian", "Native American", "Multiracial")
CITIES = ("Lindenbrook", "Marlow", "Easton Flats", "Cedar Point", "Oak Hollow")
AGENCIES = ("Probation", "DA Victim Witness", "Child Welfare", "Hospital ER", "School District")
CUSTODY = ("Home", "Juvenile Hall", "Group Home", "AWOL", "Foster Care")


def _birth(rng: random.Random) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randint(12 * 365, 19 * 365))


def _referral(rng: random.Random) -> dt.date:
    return TODAY - dt.timedelta(days=rng.randint(20, 3 * 365))


def _us(day: dt.date, rng: random.Random) -> str:
    if rng.random() < 0.15:
        return day.strftime("%B %-d, %Y")
    return f"{day.month}/{day.day}/{day.year}"


def flat_rows(youths: int, seed: int = SEED) -> list[list[str]]:
    """The flat CSV's rows, header first: ``youths`` invented youths (plus a repeat)."""
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    header = [
        "Client Name",
        "DOB",
        "Sex",
        "Race",
        "City",
        "Zip Code",
        "Date Referred",
        "Referred By",
        "Probation?",
        "Child Welfare?",
        "Custody",
        "Risk Level",
        "Advocate",
        "Mom's Phone",
        "Comments",
    ]
    rows = [header]
    for i in range(youths):
        female = rng.random() < 0.95
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name()
        name = f"{last}, {first}" if i % 3 == 0 else f"{first} {last}"
        rows.append(
            [
                name,
                _us(_birth(rng), rng),
                "F" if female else "M",
                rng.choice(RACES),
                rng.choice(CITIES),
                f"9{rng.randint(4000, 4999)}",
                _us(_referral(rng), rng),
                rng.choice(AGENCIES),
                rng.choice(("yes", "no", "Yes", "")),
                rng.choice(("yes", "no", "")),
                rng.choice(CUSTODY),
                rng.choice(("High", "Med", "Low")),
                fake.first_name_female(),
                fake.numerify("555-###-####"),
                rng.choice(("", "", "Runaway history", "Older boyfriend", "Missed school")),
            ]
        )
    return rows


def write_flat(path: Path) -> None:
    rows = flat_rows(60)
    rows.append(list(rows[5]))  # the same youth entered twice
    rows.append(["", "", "F", "AA", "Marlow", "", "1/2/2025", "", "", "", "", "", "", "", "?"])
    rows[12][1] = "13/45/2009"  # a birth date no one can read
    rows.append([""] * len(rows[0]))  # a blank line at the end, as exports leave
    _write_csv(path, rows, encoding="utf-8")


def _write_csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_two_sheets(path: Path) -> None:
    import xlsxwriter

    rng = random.Random(SEED + 1)
    fake = Faker("en_US")
    fake.seed_instance(SEED + 1)
    book = xlsxwriter.Workbook(str(path))
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2"})
    date = book.add_format({"num_format": "mm/dd/yyyy"})
    header = [
        "Youth #",
        "First",
        "Last",
        "Birthdate",
        "Gender",
        "Ethnicity",
        "Referral Date",
        "Status",
        "Safety",
        "Runaway",
        "Substance Use",
        "Notes",
    ]
    number = 100
    for year in (2024, 2025):
        sheet = book.add_worksheet(str(year))
        sheet.merge_range(
            0, 0, 0, len(header) - 1, f"Lindenbrook County CSEC Tracker {year}", title
        )
        sheet.write_row(2, 0, header, bold)
        for r in range(3, 3 + 25):
            number += 1
            sheet.write_string(r, 0, f"LC-{number}")
            sheet.write_string(r, 1, fake.first_name_female())
            sheet.write_string(r, 2, fake.last_name())
            sheet.write_datetime(r, 3, dt.datetime.combine(_birth(rng), dt.time()), date)
            sheet.write_string(r, 4, rng.choice(("Female", "female", "F", "Trans female")))
            sheet.write_string(r, 5, rng.choice(RACES))
            referred = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            if r == 7:  # typed as a number: Excel's serial for the date
                sheet.write_number(r, 6, (referred - dt.date(1899, 12, 30)).days)
            else:
                sheet.write_datetime(r, 6, dt.datetime.combine(referred, dt.time()), date)
            sheet.write_string(r, 7, rng.choice(("Open", "Open", "Closed")))
            sheet.write_string(r, 8, rng.choice(("H", "M", "L")))
            sheet.write_string(r, 9, rng.choice(("x", "")))
            sheet.write_string(r, 10, rng.choice(("x", "", "")))
            sheet.write_string(r, 11, rng.choice(("", "Court in March", "Needs placement")))
        sheet.set_column(0, len(header) - 1, 14)
    book.close()


def write_spanish(path: Path) -> None:
    rng = random.Random(SEED + 2)
    fake = Faker("es_MX")
    fake.seed_instance(SEED + 2)
    header = [
        "Nombre",
        "Apellidos",
        "Fecha de nacimiento",
        "Sexo",
        "Raza/Etnia",
        "Idioma",
        "Ciudad",
        "Fecha de remisión",
        "Libertad condicional",
        "Estado",
        "Nivel de riesgo",
        "Observaciones",
    ]
    rows = [header]
    for _ in range(30):
        born, referred = _birth(rng), _referral(rng)
        rows.append(
            [
                fake.first_name_female(),
                f"{fake.last_name()} {fake.last_name()}",
                born.strftime("%d/%m/%Y"),
                rng.choice(("Femenino", "Mujer", "F")),
                rng.choice(("Hispana", "Latina", "Afroamericana", "Blanca", "Indígena")),
                rng.choice(("Español", "Inglés", "Mixteco")),
                rng.choice(CITIES),
                referred.strftime("%d/%m/%Y"),
                rng.choice(("sí", "no", "Sí", "")),
                rng.choice(("Activa", "Activa", "Cerrada")),
                rng.choice(("Alto", "Medio", "Bajo")),
                rng.choice(("", "Habla poco inglés", "Vive con su tía")),
            ]
        )
    _write_csv(path, rows, encoding="utf-8-sig", delimiter=";")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--youths", type=int, help="write one flat tracker of this many youths")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.youths:
        _write_csv(args.out or Path("tracker.csv"), flat_rows(args.youths), encoding="utf-8")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    write_flat(OUT / "county-tracker-flat.csv")
    write_two_sheets(OUT / "county-tracker-two-sheets.xlsx")
    write_spanish(OUT / "county-tracker-spanish.csv")


if __name__ == "__main__":
    main()
