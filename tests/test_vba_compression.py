"""MS-OVBA compression: what we write must come back exactly, through our reader and olevba's."""

from __future__ import annotations

import random
import struct

import pytest
from helpers.properties import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from safetynet.vba.bundled import xlwings_folder
from safetynet.vba.compression import DecompressionError, compress, decompress


def chunk_headers(container: bytes) -> list[tuple[int, bool]]:
    """(total chunk size, compressed?) of each chunk, walking the headers."""
    found = []
    position = 1
    while position < len(container):
        header = struct.unpack_from("<H", container, position)[0]
        assert (header >> 12) & 0b111 == 0b011
        size = (header & 0x0FFF) + 3
        found.append((size, bool(header >> 15)))
        position += size
    assert position == len(container)
    return found


def round_trips(data: bytes) -> None:
    container = compress(data)
    assert decompress(container) == data
    assert bytes(decompress_stream(bytearray(container))) == data
    assert all(size <= 4098 for size, _ in chunk_headers(container))


# MS-OVBA 3.2.1 and 3.2.3, the spec's own examples.
def test_spec_example_without_matches():
    assert compress(b"abcdefghijklmnopqrstuv.") == bytes.fromhex(
        "0119B000616263646566676800696A6B6C6D6E6F7000717273747576 2E".replace(" ", "")
    )


def test_spec_example_of_maximum_compression():
    assert compress(b"a" * 73) == bytes.fromhex("0103B002614500")
    assert decompress(bytes.fromhex("0103B002614500")) == b"a" * 73


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4095, 4096, 4097, 8192, 12289])
@pytest.mark.parametrize("kind", ["text", "repetitive", "random"])
def test_round_trip_at_chunk_boundaries(size, kind):
    rng = random.Random(size)
    if kind == "text":
        words = ["Dim", "As", "Long", "If", "Then", "End", "Sub", "x", "=", "1", "\r\n"]
        data = " ".join(rng.choice(words) for _ in range(size)).encode()[:size]
    elif kind == "repetitive":
        data = (b"RunPython " * (size // 10 + 1))[:size]
    else:
        data = rng.randbytes(size)
    assert len(data) == size
    round_trips(data)


def test_empty_input_is_just_the_signature():
    assert compress(b"") == b"\x01"


def test_a_full_incompressible_chunk_is_stored_raw():
    data = random.Random(1).randbytes(4096)
    assert chunk_headers(compress(data)) == [(4098, False)]
    round_trips(data)


def test_an_incompressible_tail_is_split_rather_than_padded():
    # A raw chunk always decompresses to 4096 bytes, which would add zeros to the text.
    data = random.Random(2).randbytes(4096 + 3900)
    headers = chunk_headers(compress(data))
    assert headers[0] == (4098, False)
    assert all(compressed for _, compressed in headers[1:])
    assert len(headers) == 3
    round_trips(data)


def test_a_60_kb_module_round_trips_and_shrinks():
    lines = [f'    Cells({n}, 1).Value = "Row {n}" \' keep going\r\n' for n in range(1500)]
    data = ("Sub Fill()\r\n" + "".join(lines) + "End Sub\r\n").encode("cp1252")
    assert len(data) > 60_000
    container = compress(data)
    round_trips(data)
    assert len(container) < len(data) // 2


def test_the_installed_xlwings_module_round_trips():
    data = (xlwings_folder() / "xlwings.bas").read_bytes()
    assert len(data) > 40_000
    round_trips(data)


def test_highly_repetitive_text_compresses_to_a_few_percent():
    data = b"Option Explicit\r\n" * 4000
    assert len(compress(data)) < len(data) * 0.08
    round_trips(data)


def test_same_input_same_bytes():
    data = random.Random(5).randbytes(9000) + b"abc" * 3000
    assert compress(data) == compress(data)


@settings(max_examples=examples(60), deadline=None)
@given(st.binary(max_size=10_000))
def test_any_bytes_round_trip(data):
    round_trips(data)


@settings(max_examples=examples(60), deadline=None)
@given(st.text(alphabet="ab \r\nSubEnd()=", max_size=9000))
def test_any_low_entropy_text_round_trips(text):
    round_trips(text.encode("ascii"))


@pytest.mark.parametrize(
    "container",
    [b"", b"\x00abc", b"\x01\x00", b"\x01\x03\x00", b"\x01\x03\xb0\x02\x61\x45\xf0"],
    ids=["empty", "no signature", "short header", "bad chunk signature", "points before start"],
)
def test_malformed_containers_are_refused(container):
    with pytest.raises(DecompressionError):
        decompress(container)
