"""Hypothesis profiles: the same examples on every machine unless a developer asks otherwise.

- ``repeatable`` (the default, and what CI runs): derandomized, so each property
  test draws the same examples everywhere, and no example database, so nothing
  left in ``.hypothesis/`` by an earlier run changes what runs.
- ``seeded``: chosen when ``--hypothesis-seed=N`` is given, so that seed is used
  (a derandomized run would ignore it); still no database.
- ``random``: ``scripts/test-random``, fresh random seeds and more examples
  (``SAFETYNET_PROPERTY_SCALE`` times each test's count, see helpers/properties.py).
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("seeded", derandomize=False, database=None, print_blob=True)
settings.register_profile("random", derandomize=False, database=None, print_blob=True)
settings.load_profile("repeatable")


def pytest_configure(config) -> None:
    if config.getoption("--hypothesis-profile", default=None):
        return  # hypothesis' own plugin loads the profile asked for
    if config.getoption("--hypothesis-seed", default=None) is not None:
        settings.load_profile("seeded")
