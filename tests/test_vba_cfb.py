"""The compound-file writer: olefile, a strict independent reader, must get every stream back."""

from __future__ import annotations

import random
import struct

import olefile
import pytest
from helpers.properties import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.vba.cfb import (
    MAX_SECTORS,
    NOSTREAM,
    SECTOR_SIZE,
    CompoundFileTooLarge,
    write_compound_file,
)


def open_strict(data: bytes) -> olefile.OleFileIO:
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.parsing_issues == []
    return ole


def assert_round_trip(streams: dict[str, bytes]) -> olefile.OleFileIO:
    ole = open_strict(write_compound_file(streams))
    listed = {"/".join(path) for path in ole.listdir(streams=True, storages=False)}
    assert listed == set(streams)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data, path
    return ole


def test_a_small_and_a_large_stream_land_in_the_mini_stream_and_the_fat():
    ole = assert_round_trip({"PROJECT": b"x" * 4095, "VBA/big": b"y" * 4096})
    entry = {e.name: e for e in ole.direntries if e is not None}
    assert entry["PROJECT"].is_minifat
    assert not entry["big"].is_minifat


def test_empty_streams_and_nested_storages():
    assert_round_trip({"a": b"", "s/t/u/deep": b"1", "s/other": b"", "s/t/v": b"2" * 5000})


def test_no_streams_gives_an_empty_but_valid_file():
    ole = open_strict(write_compound_file({}))
    assert ole.listdir() == []


def test_many_streams_spread_the_directory_and_fat_over_several_sectors():
    rng = random.Random(7)
    streams = {f"VBA/Module{n}": rng.randbytes(rng.choice([10, 700, 5000])) for n in range(400)}
    streams |= {f"Other/S{n}": rng.randbytes(9000) for n in range(40)}
    data = write_compound_file(streams)
    ole = assert_round_trip(streams)
    assert ole.num_fat_sectors > 1
    used = [entry for entry in directory_entries(data) if entry[1] != 0]
    assert len(used) == len(streams) + 3  # root, VBA and Other storages
    assert len(data) % SECTOR_SIZE == 0


names = st.text(alphabet="abcXYZ_19 ", min_size=1, max_size=8)
paths = st.lists(names, min_size=1, max_size=3).map("/".join)


def is_valid_tree(streams: dict[str, bytes]) -> bool:
    """No two paths equal but for case, and no stream also used as a storage."""
    folded = [path.upper() for path in streams]
    storages = {"/".join(p.split("/")[:i]) for p in folded for i in range(1, p.count("/") + 1)}
    return len(set(folded)) == len(folded) and not storages & set(folded)


@settings(max_examples=examples(40), deadline=None)
@given(st.dictionaries(paths, st.binary(max_size=9000), max_size=12))
def test_any_stream_tree_round_trips(streams):
    if not is_valid_tree(streams):
        with pytest.raises(ValueError):
            write_compound_file(streams)
        return
    assert_round_trip(streams)


def directory_entries(data: bytes) -> list[tuple[str, int, int, int, int, int]]:
    """(name, type, colour, left, right, child) for each directory entry, walking the chain."""
    first_dir = struct.unpack_from("<I", data, 48)[0]
    fat_sectors = struct.unpack_from("<109I", data, 76)
    fat: list[int] = []
    for sector in fat_sectors:
        if sector != 0xFFFFFFFF:
            fat += struct.unpack_from("<128I", data, 512 + sector * 512)
    entries = []
    sector = first_dir
    while sector != 0xFFFFFFFE:
        for index in range(4):
            raw = data[512 + sector * 512 + index * 128 :][:128]
            length = struct.unpack_from("<H", raw, 64)[0]
            name = raw[: max(length - 2, 0)].decode("utf-16-le")
            kind, colour = raw[66], raw[67]
            left, right, child = struct.unpack_from("<III", raw, 68)
            entries.append((name, kind, colour, left, right, child))
        sector = fat[sector]
    return entries


def cfb_order(name: str) -> tuple[int, str]:
    return len(name), name.upper()


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 8, 9, 30, 100])
def test_each_storage_holds_a_valid_red_black_search_tree(count):
    streams = {f"VBA/m{n:03d}{'x' * (n % 5)}": b"." for n in range(count)}
    entries = directory_entries(write_compound_file(streams))
    vba = next(e for e in entries if e[0] == "VBA")
    black_heights = set()

    def walk(node: int, low, high, blacks: int, parent_red: bool) -> None:
        if node == NOSTREAM:
            black_heights.add(blacks)
            return
        name, _, colour, left, right, _ = entries[node]
        red = colour == 0
        assert not (red and parent_red), "a red node with a red child"
        key = cfb_order(name)
        assert (low is None or low < key) and (high is None or key < high)
        walk(left, low, key, blacks + (not red), red)
        walk(right, key, high, blacks + (not red), red)

    root = entries[vba[5]]
    assert root[2] == 1, "the tree's root is black"
    walk(vba[5], None, None, 0, False)
    assert len(black_heights) == 1
    visited = [e for e in entries if e[0].startswith("m")]
    assert len(visited) == count


def test_same_streams_same_bytes_whatever_the_order_given():
    streams = {"b": b"2" * 5000, "a": b"1", "VBA/z": b"3", "VBA/y": b"4" * 100}
    reordered = dict(reversed(list(streams.items())))
    assert write_compound_file(streams) == write_compound_file(reordered)


@pytest.mark.parametrize(
    "streams",
    [
        {"x" * 32: b""},
        {"a//b": b""},
        {"": b""},
        {"a!b": b""},
        {"Dup": b"1", "DUP": b"2"},
        {"s": b"1", "s/t": b"2"},
    ],
    ids=[
        "name too long",
        "empty part",
        "empty path",
        "forbidden character",
        "case twin",
        "stream as storage",
    ],
)
def test_bad_paths_are_refused(streams):
    with pytest.raises(ValueError):
        write_compound_file(streams)


# One stream plus one directory sector: 13,842 data sectors and 109 FAT sectors fill
# the 109 * 128 = 13,952 sectors the header's FAT list can describe.
LARGEST_SINGLE_STREAM = 13_842 * SECTOR_SIZE


def test_the_largest_stream_that_fits_still_opens():
    assert MAX_SECTORS == 109 * 128
    data = bytes(range(256)) * (LARGEST_SINGLE_STREAM // 256)
    assert_round_trip({"huge": data})


def test_one_byte_more_is_refused_rather_than_written_broken():
    with pytest.raises(CompoundFileTooLarge, match="the limit is about 7,143,424"):
        write_compound_file({"huge": b"\0" * (LARGEST_SINGLE_STREAM + 1)})
