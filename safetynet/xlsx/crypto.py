"""Excel's Encrypt with Password (ECMA-376 agile encryption), in memory only.

An encrypted workbook is a compound file (OLE) holding an ``EncryptionInfo``
stream (how the key is kept) and an ``EncryptedPackage`` stream (the zip,
encrypted with AES-256 in 4096-byte segments). Nothing here writes a file:
bytes come in, bytes go out, and the caller decides where encrypted bytes land.

The password is turned into a key once per file (100,000 rounds of SHA-512,
about a tenth of a second): that key opens the *secret key* that encrypts the
package. A save keeps the secret key and the password's key encryptor as they
were and draws a fresh salt for the package and its integrity check, so it
need not derive the password again; ``protect`` (and a file made by another
program with other parameters) gets a fresh secret key. The container is
msoffcrypto-tool's; the ``EncryptionInfo`` text is written as Excel writes it
(one line, CRLF after the declaration), and stream times are zero as MS-CFB
asks (tests/test_crypto.py holds ours against a file Excel encrypted).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import hmac
import importlib
import io
import re
import secrets
import struct
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from ..model import SafetyNetError, UnreadableWorkbook
from .container import Container, container_of, container_of_file

__all__ = [
    "Container",
    "KeyEnvelope",
    "UnsupportedEncryption",
    "WrongPassword",
    "container_of",
    "container_of_file",
    "decrypt",
    "encrypt",
    "seal",
    "unseal",
    "unseal_with_key",
]

_ENCRYPTION = "{http://schemas.microsoft.com/office/2006/encryption}"
_PASSWORD = "{http://schemas.microsoft.com/office/2006/keyEncryptor/password}"
# The block keys of MS-OFFCRYPTO 2.3.4.11 and 2.3.4.14.
_VERIFIER_INPUT = bytes.fromhex("fea7d2763b4b9e79")
_VERIFIER_VALUE = bytes.fromhex("d7aa0f6d3061344e")
_KEY_VALUE = bytes.fromhex("146e0be7abacd0d6")
_HMAC_KEY = bytes.fromhex("5fb2ad010cb9e1f6")
_HMAC_VALUE = bytes.fromhex("a0677f02b22c8433")
SPIN_COUNT = 100_000
SEGMENT = 4096
# What Excel 2013 and later write; a save keeps a key encryptor only when it is this.
EXCEL_PARAMETERS = {
    "saltSize": "16",
    "blockSize": "16",
    "keyBits": "256",
    "hashSize": "64",
    "cipherAlgorithm": "AES",
    "cipherChaining": "ChainingModeCBC",
    "hashAlgorithm": "SHA512",
}
_HASHES = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA384": hashlib.sha384}
_HASHES["SHA512"] = hashlib.sha512


class WrongPassword(SafetyNetError):
    exit_code = 1


class UnsupportedEncryption(UnreadableWorkbook):
    exit_code = 2


class DamagedPackage(UnreadableWorkbook):
    """The encrypted file is damaged or cut short (``sealed`` names the backup to restore)."""


class KeyChanged(UnreadableWorkbook):
    """The file is kept by another key encryptor than ours: it needs the password again."""


@dataclass(frozen=True, repr=False)
class KeyEnvelope:
    """The secret key and the password's key encryptor that keeps it (repr hides both)."""

    secret_key: bytes
    key_encryptor: tuple[tuple[str, str], ...]  # the p:encryptedKey attributes, in order

    def __repr__(self) -> str:
        return "KeyEnvelope(...)"


def _streams(data: bytes, name: str) -> tuple[bytes, bytes]:
    """EncryptionInfo and EncryptedPackage, or a sentence saying the file is damaged."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            info = ole.openstream("EncryptionInfo").read()
            package = ole.openstream("EncryptedPackage").read()
        finally:
            ole.close()
    except Exception as exc:
        raise _damaged(name) from exc
    return info, package


def _damaged(name: str) -> DamagedPackage:
    return DamagedPackage(
        f"{name} is an encrypted workbook, but it is damaged or cut short, so it cannot be "
        f"opened. It is unchanged. Restore the newest copy from the backups folder beside it."
    )


def scheme_of(info: bytes) -> str:
    """'agile', 'standard', 'extensible' or 'unknown', from EncryptionInfo's version."""
    if len(info) < 8:
        return "unknown"
    major, minor = struct.unpack("<HH", info[:4])
    if (major, minor) == (4, 4):
        return "agile"
    if major in (2, 3, 4) and minor == 2:
        return "standard"
    if major in (3, 4) and minor == 3:
        return "extensible"
    return "unknown"


def unsupported(name: str, scheme: str) -> UnsupportedEncryption:
    return UnsupportedEncryption(
        f"{name} is encrypted in an older way ({scheme} encryption, from another program or "
        f"an old Excel) that this program cannot read. It is unchanged. Open it in Excel, "
        f"remove the password (File > Info > Protect Workbook), save it, then turn it on "
        f"again: Excel then uses today's encryption, which this program reads."
    )


def _b64(value: str | None, name: str) -> bytes:
    try:
        return base64.b64decode(value or "", validate=True)
    except ValueError as exc:
        raise _damaged(name) from exc


def _aes(key: bytes, iv: bytes, data: bytes, decrypt: bool) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    cipher = Cipher(algorithms.AES(key), modes.CBC(iv[:16]))
    worker = cipher.decryptor() if decrypt else cipher.encryptor()
    return worker.update(data) + worker.finalize()


def _pad(data: bytes, size: int, fill: bytes = b"\x36") -> bytes:
    return data[:size] if len(data) >= size else data + fill * (size - len(data))


def _block_pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 16)


@functools.lru_cache(maxsize=1)
def _counters(spin: int) -> tuple[bytes, ...]:
    return tuple(i.to_bytes(4, "little") for i in range(spin))


@functools.lru_cache(maxsize=1)
def _fast_sha512() -> Any:
    """CPython's own SHA-512, a third quicker than OpenSSL's on 68-byte inputs."""
    for module in ("_sha2", "_sha512"):  # 3.12+, 3.11
        with contextlib.suppress(ImportError, AttributeError):
            return importlib.import_module(module).sha512
    return hashlib.sha512


def _password_keys(password: str, encryptor: dict[str, str], name: str) -> tuple[bytes, ...]:
    """The three keys the password yields for this key encryptor: one derivation.

    The 100,000 rounds are most of what opening an encrypted workbook costs.
    """
    algorithm = encryptor.get("hashAlgorithm", "")
    digest = _HASHES.get(algorithm)
    spin = int(encryptor.get("spinCount", "0") or 0)
    bits = int(encryptor.get("keyBits", "0") or 0)
    if digest is None or not 0 < spin <= 10_000_000 or bits not in (128, 192, 256):
        raise unsupported(name, "unusual agile")
    salt = _b64(encryptor.get("saltValue"), name)
    h = digest(salt + password.encode("utf-16-le")).digest()
    rounds = _fast_sha512() if algorithm == "SHA512" else digest
    for counter in _counters(spin):
        h = rounds(counter + h).digest()
    return tuple(
        _pad(digest(h + block).digest(), bits // 8, b"\x36")
        for block in (_VERIFIER_INPUT, _VERIFIER_VALUE, _KEY_VALUE)
    )


def _descriptor(info: bytes, name: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """keyData, dataIntegrity and the password's encryptedKey attributes."""
    try:
        root = ElementTree.fromstring(info[8:])
    except ElementTree.ParseError as exc:
        raise _damaged(name) from exc
    key_data = root.find(f"{_ENCRYPTION}keyData")
    integrity = root.find(f"{_ENCRYPTION}dataIntegrity")
    encrypted_key = root.find(f".//{_PASSWORD}encryptedKey")
    if key_data is None or encrypted_key is None:
        raise UnsupportedEncryption(
            f"{name} is encrypted with a certificate, not a password, so this program cannot "
            f"open it. It is unchanged. Open it in Excel and protect it with a password instead."
        )
    checks = dict(integrity.attrib) if integrity is not None else {}
    return dict(key_data.attrib), checks, dict(encrypted_key.attrib)


def unseal(data: bytes, password: str, name: str) -> tuple[bytes, KeyEnvelope]:
    """The decrypted package, and the envelope a later save reuses.

    Raises WrongPassword (exit 1) when the password does not open it, and
    UnreadableWorkbook (exit 2) when the file is damaged or encrypted in a way
    this program does not read.
    """
    info, package = _streams(data, name)
    scheme = scheme_of(info)
    if scheme != "agile":
        raise unsupported(name, "RC4 or standard" if scheme == "standard" else scheme)
    key_data, integrity, encryptor = _descriptor(info, name)
    key1, key2, key3 = _password_keys(password, encryptor, name)
    salt = _b64(encryptor.get("saltValue"), name)
    digest = _HASHES[encryptor["hashAlgorithm"]]
    verifier = _aes(key1, salt, _b64(encryptor.get("encryptedVerifierHashInput"), name), True)
    expected = _aes(key2, salt, _b64(encryptor.get("encryptedVerifierHashValue"), name), True)
    hash_size = digest().digest_size
    if not hmac.compare_digest(digest(verifier).digest(), expected[:hash_size]):
        raise WrongPassword(
            f"The password does not open {name}. It is unchanged. Type it again exactly as it "
            f"was set in Excel (capitals count); if nobody knows it, restore a copy that is not "
            f"encrypted, since nothing can recover a lost password."
        )
    secret = _aes(key3, salt, _b64(encryptor.get("encryptedKeyValue"), name), decrypt=True)
    secret = secret[: int(encryptor["keyBits"]) // 8]
    plain = _open_package(package, secret, key_data, integrity, name)
    if all(encryptor.get(k) == v for k, v in EXCEL_PARAMETERS.items()):
        return plain, KeyEnvelope(secret, tuple(encryptor.items()))
    return plain, new_envelope(password)


def _open_package(
    package: bytes, secret: bytes, key_data: dict[str, str], integrity: dict[str, str], name: str
) -> bytes:
    """Check the package's HMAC, then decrypt it segment by segment."""
    digest = _HASHES.get(key_data.get("hashAlgorithm", ""))
    if digest is None or len(package) < 8:
        raise _damaged(name)
    salt = _b64(key_data.get("saltValue"), name)
    hmac_key = _aes(
        secret, digest(salt + _HMAC_KEY).digest(), _b64(integrity.get("encryptedHmacKey"), name),
        decrypt=True,
    )[: digest().digest_size]  # fmt: skip
    hmac_value = _aes(
        secret, digest(salt + _HMAC_VALUE).digest(),
        _b64(integrity.get("encryptedHmacValue"), name), decrypt=True,
    )[: digest().digest_size]  # fmt: skip
    if integrity and not hmac.compare_digest(
        hmac.new(hmac_key, package, digest).digest(), hmac_value
    ):
        raise _damaged(name)
    (size,) = struct.unpack("<Q", package[:8])
    body = package[8:]
    if size > len(body) or len(body) % 16:
        raise _damaged(name)
    out = bytearray()
    for index, start in enumerate(range(0, len(body), SEGMENT)):
        iv = digest(salt + struct.pack("<I", index)).digest()
        out += _aes(secret, iv, body[start : start + SEGMENT], decrypt=True)
    plain = bytes(out[:size])
    if not zipfile.is_zipfile(io.BytesIO(plain)):
        raise _damaged(name)
    return plain


def new_envelope(password: str) -> KeyEnvelope:
    """A fresh secret key kept by a fresh key encryptor for ``password`` (one derivation)."""
    salt = secrets.token_bytes(16)
    encryptor = {"spinCount": str(SPIN_COUNT), **EXCEL_PARAMETERS, "saltValue": _enc(salt)}
    key1, key2, key3 = _password_keys(password, encryptor, "the new file")
    verifier = secrets.token_bytes(16)
    secret = secrets.token_bytes(32)
    encryptor["encryptedVerifierHashInput"] = _enc(_aes(key1, salt, verifier, decrypt=False))
    encryptor["encryptedVerifierHashValue"] = _enc(
        _aes(key2, salt, _block_pad(hashlib.sha512(verifier).digest()), decrypt=False)
    )
    encryptor["encryptedKeyValue"] = _enc(_aes(key3, salt, secret, decrypt=False))
    return KeyEnvelope(secret, tuple(encryptor.items()))


def _enc(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def seal(package: bytes, envelope: KeyEnvelope) -> bytes:
    """The package encrypted as Excel does: a compound file, ready to be written."""
    from msoffcrypto.method.container.ecma376_encrypted import ECMA376Encrypted

    if not zipfile.is_zipfile(io.BytesIO(package)):
        raise ValueError("only a zip package can be sealed")
    secret = envelope.secret_key
    salt = secrets.token_bytes(16)
    sha512 = hashlib.sha512
    body = bytearray(struct.pack("<Q", len(package)))
    for index, start in enumerate(range(0, len(package), SEGMENT)):
        iv = sha512(salt + struct.pack("<I", index)).digest()
        body += _aes(secret, iv, _block_pad(package[start : start + SEGMENT]), decrypt=False)
    encrypted = bytes(body)
    hmac_key = secrets.token_bytes(64)
    hmac_value = hmac.new(hmac_key, encrypted, sha512).digest()
    integrity = (
        _enc(_aes(secret, sha512(salt + _HMAC_KEY).digest(), hmac_key, decrypt=False)),
        _enc(_aes(secret, sha512(salt + _HMAC_VALUE).digest(), hmac_value, decrypt=False)),
    )
    container = ECMA376Encrypted(encrypted, _encryption_info(salt, integrity, envelope))
    for entry in getattr(container, "_dirs", []):  # MS-CFB 2.6.1: streams carry no times
        if entry.Type == 2:
            entry.CreationTime = entry.ModificationTime = 0
        elif entry.Type == 5:
            entry.CreationTime = 0
    out = io.BytesIO()
    container.write_to(out)
    return out.getvalue()


def _encryption_info(salt: bytes, integrity: tuple[str, str], envelope: KeyEnvelope) -> bytes:
    """The EncryptionInfo stream, its XML as Excel writes it."""
    params = " ".join(f'{k}="{v}"' for k, v in EXCEL_PARAMETERS.items())
    key = " ".join(f'{k}="{v}"' for k, v in envelope.key_encryptor)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" '
        'xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">'
        f'<keyData {params} saltValue="{_enc(salt)}"/>'
        f'<dataIntegrity encryptedHmacKey="{integrity[0]}" encryptedHmacValue="{integrity[1]}"/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/'
        f'keyEncryptor/password"><p:encryptedKey {key}/></keyEncryptor></keyEncryptors>'
        "</encryption>"
    )
    return struct.pack("<HHI", 4, 4, 0x40) + xml.encode("utf-8")


def unseal_with_key(data: bytes, envelope: KeyEnvelope, name: str) -> bytes:
    """Decrypt our own output with the envelope: the check before it may replace anything.

    The key encryptor must be the envelope's, byte for byte, so the password
    that opened the old file opens the new one.
    """
    info, package = _streams(data, name)
    if scheme_of(info) != "agile":
        raise _damaged(name)
    key_data, integrity, encryptor = _descriptor(info, name)
    if tuple(encryptor.items()) != envelope.key_encryptor:
        raise KeyChanged(f"{name} was encrypted again by another program.")
    return _open_package(package, envelope.secret_key, key_data, integrity, name)


def encrypt(package: bytes, password: str) -> bytes:
    """``package`` protected with ``password``: a fresh envelope (Word files, protect)."""
    return seal(package, new_envelope(password))


def decrypt(data: bytes, password: str, name: str) -> bytes:
    """The package inside an encrypted file (see ``unseal``)."""
    return unseal(data, password, name)[0]


_B64_VALUE = re.compile(r'(saltValue|encrypted\w+)="[^"]*"')


def descriptor_shape(info: bytes) -> str:
    """EncryptionInfo with every random value blanked: to compare layouts in tests."""
    return _B64_VALUE.sub(r'\1=""', info[8:].decode("utf-8"))
