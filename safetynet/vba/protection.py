"""The CMG, DPB and GC values of the PROJECT stream (MS-OVBA 2.4.3 data encryption).

They say "not locked, no password, visible", obfuscated with a key derived
from the project ID. Excel checks them when it opens the project, so they
must match the ID we write. The spec lets the seed and the ignored bytes be
random; fixed ones keep the output byte-for-byte reproducible.
"""

from __future__ import annotations

_VERSION = 2
# The spec allows any seed and any "ignored" bytes; these are the ones Excel
# used in xlwings' quickstart_standalone.xlsm, so for that file's project ID
# we reproduce Excel's strings exactly (the tests check it).
_SEED = 0x8D
_IGNORED = b"\xa9\xdb\x00"


def project_key(project_id: str) -> int:
    """Sum of the bytes of the project ID string, "{...}" included, modulo 256."""
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt(project_id: str, data: bytes, seed: int = _SEED) -> str:
    """The hex string (upper case, as Excel writes it) hiding ``data``."""
    key = project_key(project_id)
    version_enc = seed ^ _VERSION
    key_enc = seed ^ key
    out = bytearray([seed, version_enc, key_enc])
    unencrypted_1, encrypted_1, encrypted_2 = key, key_enc, version_enc
    ignored = _IGNORED[: (seed & 6) // 2].ljust((seed & 6) // 2, b"\0")
    plain = [*ignored, *len(data).to_bytes(4, "little"), *data]
    for byte in plain:
        byte_enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(byte_enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    return out.hex().upper()


def decrypt(hex_text: str) -> tuple[int, bytes]:
    """(project key, data) hidden in one of those hex strings; for tests and checks."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != _VERSION:
        raise ValueError("The encrypted value has an unknown version.")
    key = seed ^ key_enc
    unencrypted_1, encrypted_1, encrypted_2 = key, key_enc, version_enc
    plain = bytearray()
    for byte_enc in raw[3:]:
        byte = byte_enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    skip = (seed & 6) // 2
    length = int.from_bytes(plain[skip : skip + 4], "little")
    data = bytes(plain[skip + 4 :])
    if len(data) != length:
        raise ValueError("The encrypted value's length does not match its data.")
    return key, data


# What an unprotected, visible project stores (2.3.1.15-2.3.1.17).
UNPROTECTED_STATE = b"\x00\x00\x00\x00"
NO_PASSWORD = b"\x00"
VISIBLE = b"\xff"
