"""Invented releases of information: some active youths released to one or two agencies."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import RELEASES, YOUTHS
from .agencies import Agencies
from .base import NO_DAY, Clock, typed_frame

SHARE_WITH_RELEASE = 0.3
YEAR_DAYS = 365


def make_releases(
    rng: np.random.Generator, clock: Clock, youths: pd.DataFrame, agencies: Agencies
) -> pd.DataFrame:
    """About a third of active youths have a signed, year-long release to agencies at the table;
    a few have expired or been revoked, a few are Non-identifying."""
    active = youths.loc[youths[YOUTHS.cols.status] == "Active", YOUTHS.cols.youth_id]
    chosen = active[rng.random(len(active)) < SHARE_WITH_RELEASE].astype(str).tolist()
    table = agencies.names[agencies.at_table]
    ids, names = [], []
    for youth in chosen:
        for agency in rng.choice(table, size=int(rng.integers(1, 3)), replace=False):
            ids.append(youth)
            names.append(str(agency))
    n = len(ids)
    signed = -rng.integers(1, 2 * YEAR_DAYS, n)
    expires = signed + YEAR_DAYS
    revoked = np.where(rng.random(n) < 0.05, signed + rng.integers(1, 200, n), NO_DAY)
    revoked = np.where((revoked != NO_DAY) & (revoked > 0), NO_DAY, revoked)
    scope = np.where(rng.random(n) < 0.9, "Identifying", "Non-identifying")
    columns = {
        RELEASES.cols.youth_id: np.array(ids, dtype=object),
        RELEASES.cols.agency: np.array(names, dtype=object),
        RELEASES.cols.signed: clock.dates(signed),
        RELEASES.cols.expires: clock.dates(expires),
        RELEASES.cols.revoked: clock.dates(revoked),
        RELEASES.cols.scope: scope.astype(object),
    }
    return typed_frame(RELEASES, columns, n)
