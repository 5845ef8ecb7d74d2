"""The invented place, and the phrases case notes are made of.

Everything here is fiction: the county, its towns and its agencies do not
exist. Phrases are generic enough that no real case could be recognised.
"""

from __future__ import annotations

COUNTY = "Lindenbrook County"
MAIN_CITY = "Lindenbrook"

# Towns of the invented county, with the share of youths living there and their ZIPs.
CITIES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Lindenbrook", 0.36, ("95601", "95602", "95603", "95605")),
    ("Port Alder", 0.14, ("95611", "95612")),
    ("Eastmere", 0.12, ("95620", "95621")),
    ("Crescent Hills", 0.09, ("95630",)),
    ("San Aurelio", 0.08, ("95640", "95641")),
    ("Kestrel Bay", 0.06, ("95650",)),
    ("Quarry Point", 0.05, ("95660",)),
    ("Fernhollow", 0.04, ("95670",)),
    ("Oak Terrace", 0.03, ("95680",)),
    ("Marlow Springs", 0.03, ("95690",)),
)

LANGUAGES: tuple[tuple[str, float], ...] = (
    ("English", 0.86),
    ("Spanish", 0.09),
    ("Vietnamese", 0.015),
    ("Tagalog", 0.01),
    ("Cantonese", 0.01),
    ("Tigrinya", 0.005),
    ("Arabic", 0.01),
)

CHARGES = (
    "Probation violation",
    "Petty theft",
    "Vandalism",
    "Possession of a controlled substance",
    "Simple assault",
    "Curfew violation",
    "Resisting an officer",
    "Shoplifting",
    "Trespass",
)

CURRENT_CONCERNS = (
    "Contact with an adult met online",
    "Recent runaway episodes from placement",
    "Seen with an older boyfriend known to police",
    "Posting on adult websites suspected",
    "Staying with unknown adults on weekends",
    "Not attending school since last month",
    "Gifts and phone from an unknown adult",
    "Substance use increasing",
    "Conflict with caregiver, talks of leaving home",
    "Recruiting pressure from peers",
    "Missing curfew repeatedly",
    "Unexplained cash and new clothes",
)

PAST_CONCERNS = (
    "History of running away since age 12",
    "Prior exploitation by a family associate",
    "Previous placement disruptions",
    "Sexual abuse disclosed at age 10",
    "Domestic violence in the home",
    "Past contact with a known exploiter",
    "Chronic school absence",
    "Earlier stay at an emergency shelter",
    "Prior hospital visit after an assault",
)

YOUTH_NOTES = (
    "Prefers contact through her advocate.",
    "Caregiver supportive; attends meetings.",
    "Interpreter needed for the parent.",
    "Enrolled in summer program.",
    "Likes art and music; good rapport with mentor.",
    "Recently changed schools.",
)

REFERRAL_NOTES = (
    "Intake scheduled.",
    "Waiting list of about three weeks.",
    "Youth asked for a female counselor.",
    "Caregiver to bring documents.",
    "Transport arranged by advocate.",
    "Follow-up call left with the provider.",
)

DECISIONS = (
    "Continue weekly advocate contact",
    "Update safety plan with the youth and caregiver",
    "Request placement review",
    "Coordinate with school on attendance plan",
    "Advocate to accompany youth to court",
    "Refer for trauma-focused therapy",
    "Hold for review after court date",
    "Share missing-person report with police liaison",
    "Explore relative placement",
    "Offer YWSP at the next cohort",
    "Check in with probation officer about conditions",
    "Connect caregiver to a support group",
)

ACTIONS: tuple[tuple[str, str], ...] = (
    # (action item, the kind of agency that usually owns it)
    ("Schedule forensic interview", "forensic"),
    ("Refer to mental health services", "health"),
    ("Submit Medi-Cal application", "social"),
    ("Confirm placement bed", "social"),
    ("Follow up with school counselor", "education"),
    ("Accompany youth to medical exam", "advocacy"),
    ("Update safety plan", "advocacy"),
    ("Request court progress report", "probation"),
    ("Check on victim compensation claim", "da"),
    ("Arrange legal consultation", "defense"),
    ("Locate youth and confirm safety", "police"),
    ("Provide aftercare plan to new placement", "probation"),
)

SAFETY_REASONS = (
    "Court date within two weeks",
    "Custody change",
    "Missing",
    "Safety level high",
    "Overdue action item",
)

YWSP_FEEDBACK = (
    "Loved the art sessions.",
    "Wants to be a peer mentor next cohort.",
    "Said the group felt safe.",
    "Asked for more field trips.",
    "Enjoyed the self-defense class.",
    "Made friends in the group.",
)

ROLES: dict[str, tuple[str, ...]] = {
    "da": ("Deputy District Attorney", "Victim Witness Advocate", "Investigator"),
    "defense": ("Deputy Public Defender", "Social Worker", "Investigator"),
    "probation": ("Probation Officer", "Supervising Probation Officer"),
    "social": ("Child Welfare Worker", "Social Work Supervisor"),
    "advocacy": ("Advocate", "Program Manager", "Counselor"),
    "forensic": ("Forensic Interviewer", "Program Coordinator"),
    "health": ("Nurse Practitioner", "Pediatrician", "Clinical Social Worker"),
    "education": ("School Counselor", "Attendance Coordinator"),
    "police": ("Detective", "Youth Services Officer"),
    "court": ("Court Coordinator", "Judicial Officer"),
    "other": ("Program Manager", "Case Manager", "Outreach Worker"),
}
