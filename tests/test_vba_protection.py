"""CMG/DPB/GC obfuscation: checked against the values Excel wrote in xlwings' reference file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetynet.vba.protection import decrypt, encrypt, project_key

# From quickstart_standalone.xlsm's PROJECT stream, written by Excel.
REFERENCE_ID = "{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}"
REFERENCE_VALUES = {
    "8D8FA61394EA98EA98EA98EA98": b"\0\0\0\0",  # CMG: not protected
    "8D8FA61394EF95EF95EF": b"\0",  # DPB: no password
    "8D8FA61394EF95EF9510": b"\xff",  # GC: visible
}


@pytest.mark.parametrize(("hex_text", "data"), REFERENCE_VALUES.items())
def test_decrypting_excels_values_gives_the_spec_states_and_the_id_key(hex_text, data):
    assert decrypt(hex_text) == (project_key(REFERENCE_ID), data)


@pytest.mark.parametrize(("hex_text", "data"), REFERENCE_VALUES.items())
def test_encrypting_reproduces_excels_values_exactly(hex_text, data):
    assert encrypt(REFERENCE_ID, data) == hex_text


@given(
    st.text(alphabet="0123456789ABCDEF-{}", min_size=1, max_size=40),
    st.binary(max_size=40),
    st.integers(0, 255),
)
def test_encrypt_then_decrypt_gives_back_key_and_data(project_id, data, seed):
    assert decrypt(encrypt(project_id, data, seed)) == (project_key(project_id), data)


def test_a_wrong_version_byte_is_refused():
    with pytest.raises(ValueError, match="unknown version"):
        decrypt("8D00A61394EF95EF95EF")
