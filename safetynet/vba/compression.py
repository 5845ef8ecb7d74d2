"""MS-OVBA 2.4.1 compression, the LZ77 variant every VBA stream uses.

Excel reads module source and the ``dir`` stream only in this form, so the
build must write it. The decompressor exists so tests can check the
compressor without trusting it.

Layout: one signature byte 0x01, then chunks. Each chunk holds at most 4096
decompressed bytes behind a 2-byte header (12-bit size minus 3, signature
0b011, a "compressed" flag). Inside a compressed chunk, a flag byte precedes
every 8 tokens: a literal byte, or a 2-byte copy token (offset back, length)
whose split between offset and length bits widens as the chunk fills.

One choice the spec leaves awkward: a final, partial chunk that does not
shrink cannot be stored raw without padding zeros that would decompress into
the module text (a raw chunk always holds 4096 bytes). Such a tail is split
into compressed chunks of at most 2048 bytes instead, which every decoder
following the spec's algorithm reads back exactly. Real VBA text always
shrinks, so this only happens for incompressible input.
"""

from __future__ import annotations

CHUNK_SIZE = 4096
_MAX_COMPRESSED_CHUNK = 4098  # header + 4096 bytes
_SPLIT_TAIL = 2048  # 2 + 2048 + 256 flag bytes fits in 4098 even if nothing matches
_MIN_MATCH = 3
_MAX_CANDIDATES = 48  # hash-chain depth: enough for VBA text, keeps 60 KB under a second


class DecompressionError(ValueError):
    """The bytes are not an MS-OVBA compressed container."""


def _copy_token_layout(position_in_chunk: int) -> tuple[int, int]:
    """Bits of offset and the longest length a copy token may hold here (2.4.1.3.19.1)."""
    bit_count = max((position_in_chunk - 1).bit_length(), 4)
    max_length = (0xFFFF >> bit_count) + 3
    return bit_count, max_length


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """Tokens for data[start:end] (at most 4096 bytes), without the chunk header."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}
    position = start
    while position < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if position >= end:
                break
            length, offset = _longest_match(data, start, end, position, heads)
            if length >= _MIN_MATCH:
                bit_count, _ = _copy_token_layout(position - start)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                for covered in range(position, position + length):
                    _remember(data, end, covered, heads)
                position += length
            else:
                out.append(data[position])
                _remember(data, end, position, heads)
                position += 1
        out[flag_index] = flags
    return bytes(out)


def _remember(data: bytes, end: int, position: int, heads: dict[bytes, list[int]]) -> None:
    if position + _MIN_MATCH <= end:
        heads.setdefault(data[position : position + _MIN_MATCH], []).append(position)


def _longest_match(
    data: bytes, start: int, end: int, position: int, heads: dict[bytes, list[int]]
) -> tuple[int, int]:
    """(length, offset) of the longest earlier match in this chunk, nearest first on ties."""
    if position + _MIN_MATCH > end:
        return 0, 0
    candidates = heads.get(data[position : position + _MIN_MATCH])
    if not candidates:
        return 0, 0
    bit_count, max_length = _copy_token_layout(position - start)
    max_offset = 1 << bit_count
    limit = min(max_length, end - position)
    best_length = best_offset = 0
    for earlier in reversed(candidates[-_MAX_CANDIDATES:]):
        offset = position - earlier
        if offset > max_offset:
            break
        length = _MIN_MATCH
        while length < limit and data[earlier + length] == data[position + length]:
            length += 1
        if length > best_length:
            best_length, best_offset = length, offset
            if length == limit:
                break
    return best_length, best_offset


def _chunk_header(size: int, compressed: bool) -> bytes:
    header = (size - 3) | (0b011 << 12) | (int(compressed) << 15)
    return header.to_bytes(2, "little")


def compress(data: bytes) -> bytes:
    """The MS-OVBA compressed container for ``data`` (same input, same bytes)."""
    data = bytes(data)
    out = bytearray(b"\x01")
    start = 0
    while start < len(data):
        end = min(start + CHUNK_SIZE, len(data))
        tokens = _compress_chunk(data, start, end)
        if len(tokens) + 2 <= _MAX_COMPRESSED_CHUNK:
            out += _chunk_header(len(tokens) + 2, compressed=True) + tokens
        elif end - start == CHUNK_SIZE:
            out += _chunk_header(_MAX_COMPRESSED_CHUNK, compressed=False) + data[start:end]
        else:
            for piece in range(start, end, _SPLIT_TAIL):
                piece_end = min(piece + _SPLIT_TAIL, end)
                tokens = _compress_chunk(data, piece, piece_end)
                out += _chunk_header(len(tokens) + 2, compressed=True) + tokens
        start = end
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The bytes an MS-OVBA compressed container holds (2.4.1.3.1)."""
    if not container or container[0] != 0x01:
        raise DecompressionError("The compressed data does not start with the signature 0x01.")
    out = bytearray()
    current = 1
    while current < len(container):
        if current + 2 > len(container):
            raise DecompressionError(f"A chunk header is cut short at byte {current}.")
        header = int.from_bytes(container[current : current + 2], "little")
        if (header >> 12) & 0b111 != 0b011:
            raise DecompressionError(f"The chunk at byte {current} has a wrong signature.")
        chunk_end = min(current + (header & 0x0FFF) + 3, len(container))
        current += 2
        if not header >> 15:
            out += container[current : current + CHUNK_SIZE]
            current += CHUNK_SIZE
            continue
        chunk_start = len(out)
        while current < chunk_end:
            flags = container[current]
            current += 1
            for bit in range(8):
                if current >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(container[current])
                    current += 1
                    continue
                token = int.from_bytes(container[current : current + 2], "little")
                current += 2
                bit_count, _ = _copy_token_layout(len(out) - chunk_start)
                length = (token & (0xFFFF >> bit_count)) + 3
                offset = (token >> (16 - bit_count)) + 1
                source = len(out) - offset
                if source < chunk_start:
                    raise DecompressionError("A copy token points before the start of its chunk.")
                for index in range(length):
                    out.append(out[source + index])
    return bytes(out)
