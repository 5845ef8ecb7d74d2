"""Other headers county trackers use for SPEC's columns, which ``safetynet import`` matches.

Long lists of words that change as counties send their trackers, so they live
apart from the column definitions that attach them (``schema.sheets``).
"""

from __future__ import annotations

# Headers county trackers use for SPEC's columns, in English and Spanish: written
# once here, matched by ``safetynet import`` (case, accents and punctuation aside).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Youth ID": ("ID", "Client ID", "Youth Number", "Participant ID", "Client Number", "ID Joven"),
    "First Name": ("First", "Given Name", "FName", "Nombre", "Primer Nombre", "Nombre de Pila"),
    "Last Name": ("Last", "Surname", "Family Name", "LName", "Apellido", "Apellidos"),
    "Date of Birth": (
        "DOB",
        "D.O.B.",
        "Birthdate",
        "Birth Date",
        "Birthday",
        "Fecha de Nacimiento",
        "Fecha Nacimiento",
        "F. Nac.",
    ),
    "Gender": ("Sex", "Gender Identity", "Sexo", "Género"),
    "Race/Ethnicity": ("Race", "Ethnicity", "Race/Ethnic", "Raza", "Etnia", "Raza/Etnia"),
    "Primary Language": ("Language", "Idioma", "Lengua"),
    "City": ("Town", "Ciudad"),
    "ZIP": ("Zip Code", "Zipcode", "Postal Code", "Código Postal"),
    "Referral Date": (
        "Date Referred",
        "Intake Date",
        "Date of Referral",
        "Fecha de Referencia",
        "Fecha de Remisión",
    ),
    "Referral Source": (
        "Referring Agency",
        "Referred By",
        "Source",
        "Fuente de Referencia",
        "Agencia que Refiere",
    ),
    "Exploitation Status": ("CSEC Status", "Exploitation", "Estado de Explotación"),
    "Custody Status": ("Custody", "Placement Status", "Custodia"),
    "Probation": ("Probation?", "On Probation", "Libertad Condicional", "Probatoria"),
    "Child Welfare": ("CWS", "DCFS", "Child Welfare?", "Dependency", "Bienestar Infantil"),
    "Girls Court": ("Girls Court?", "Corte de Niñas"),
    "Case Number": ("Case #", "Case No", "Case No.", "Docket Number", "Número de Caso"),
    "Next Court Date": ("Court Date", "Next Court", "Próxima Audiencia", "Fecha de Corte"),
    "Attorney": ("Lawyer", "Defense Attorney", "Abogado", "Abogada"),
    "Safety Level": ("Risk Level", "Safety", "Nivel de Seguridad", "Nivel de Riesgo"),
    "Current Safety Concerns": ("Safety Concerns", "Concerns", "Preocupaciones"),
    "Advocate": ("Case Manager", "Advocate/Case Manager", "Intercesora", "Defensora"),
    "Status": ("Case Status", "Open/Closed", "Estado", "Estatus"),
    "Closed Date": ("Date Closed", "Close Date", "Fecha de Cierre"),
    "Closed Reason": ("Reason Closed", "Closure Reason", "Motivo de Cierre"),
    "Notes": ("Comments", "Comment", "Notas", "Comentarios", "Observaciones"),
    "Meeting Date": ("Date of Meeting", "MDT Date", "Review Date", "Fecha de Reunión"),
    "Service": ("Service Type", "Referred For", "Servicio"),
    "Referred To": ("Provider", "Agency Referred To", "Referido A"),
    "Agency": ("Agency Name", "Organization", "Agencia", "Organización"),
    "Name": ("Member", "Member Name", "Full Name"),
    "Email": ("E-mail", "Email Address", "Correo", "Correo Electrónico"),
    "Phone": ("Telephone", "Phone Number", "Teléfono"),
    "Role": ("Title", "Position", "Cargo"),
    "Cohort": ("Cohorte", "Group"),
    "Start Date": ("Cohort Start", "First Saturday", "Fecha de Inicio"),
}
# A whole name in one column ("Jane Doe", "Doe, Jane"): split into First and Last Name.
FULL_NAME_SYNONYMS: tuple[str, ...] = (
    "Name",
    "Full Name",
    "Client Name",
    "Youth Name",
    "Participant Name",
    "Nombre Completo",
    "Nombre del Joven",
    "Nombre de la Joven",
)


def synonyms_of(header: str) -> tuple[str, ...]:
    """The synonyms of ``header``; a risk factor's also its bare name and "... History"."""
    risk = header.removeprefix("Risk: ")
    return SYNONYMS.get(header, ()) + ((risk, f"{risk} History") if risk != header else ())
