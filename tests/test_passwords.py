"""Where the workbook password comes from: stdin, the environment, the keyring, a prompt."""

from __future__ import annotations

import io
from pathlib import Path

import keyring
import pytest

from safetynet import passwords
from safetynet.passwords import NoPassword, PasswordOptions, workbook_password

BOOK = Path("/agency/SafetyNet.xlsm")


@pytest.fixture
def store(monkeypatch):
    """An in-memory keyring, so no test touches the computer's own."""
    kept: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(keyring, "get_password", lambda s, u: kept.get((s, u)))
    monkeypatch.setattr(keyring, "set_password", lambda s, u, p: kept.__setitem__((s, u), p))
    monkeypatch.setattr(keyring, "delete_password", lambda s, u: kept.pop((s, u)))
    monkeypatch.delenv("SAFETYNET_PASSWORD", raising=False)
    monkeypatch.setattr(passwords, "_interactive", lambda: False)
    return kept


def test_stdin_wins_then_the_environment_then_the_keyring(store, monkeypatch):
    passwords.remember(BOOK, "from the keyring")
    assert workbook_password(BOOK, PasswordOptions()) == "from the keyring"
    monkeypatch.setenv("SAFETYNET_PASSWORD", "from the environment")
    assert workbook_password(BOOK, PasswordOptions()) == "from the environment"
    monkeypatch.setattr("sys.stdin", io.StringIO("from stdin\nignored\n"))
    assert workbook_password(BOOK, PasswordOptions(stdin=True)) == "from stdin"


def test_the_keyring_is_never_used_for_a_new_password(store):
    passwords.remember(BOOK, "an old password")
    with pytest.raises(NoPassword, match="no password was given"):
        workbook_password(BOOK, PasswordOptions(), new=True)


def test_a_terminal_asks_twice_for_a_new_password_once_otherwise(store, monkeypatch):
    asked = []
    monkeypatch.setattr(passwords, "_interactive", lambda: True)
    monkeypatch.setattr(
        passwords, "_prompt", lambda text, twice: asked.append((text, twice)) or "typed it in"
    )
    assert workbook_password(BOOK, PasswordOptions(), new=True) == "typed it in"
    assert workbook_password(BOOK, PasswordOptions()) == "typed it in"
    assert asked == [
        ("New password for SafetyNet.xlsm", True),
        ("Password for SafetyNet.xlsm", False),
    ]


def test_forget_drops_it_and_forgetting_nothing_is_fine(store):
    passwords.remember(BOOK, "kept for a while")
    passwords.forget(BOOK)
    passwords.forget(BOOK)
    assert passwords.from_keyring(BOOK) is None
    assert store == {}
