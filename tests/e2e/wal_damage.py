"""Damaging a stopped store's RocksDB write-ahead log as a bad disk would,
for the tests of what ticketd and ticketctl do about it. Standard library
only; shared by tests/e2e and tests/tools.

A WAL file (RocksDB's doc/log_format) is a sequence of 32 KiB blocks of
physical records: a header -- masked CRC32C (4 bytes), payload length (2,
little-endian), type (1; the recyclable types 5..8 add a 4-byte log
number) -- then the payload. A block tail shorter than a header is zero
padding that recovery skips, so damage meant to be noticed must land in a
payload, which the CRC covers."""

import glob
import os
import struct

BLOCK = 32768
HEADER = 7


def newest_wal(log_dir):
    """The highest-numbered *.log file in a RocksDB directory."""
    files = sorted(glob.glob(os.path.join(log_dir, "*.log")))
    if not files:
        raise AssertionError("no write-ahead log in %s" % log_dir)
    return files[-1]


def records(path):
    """[(offset, header_bytes, payload_bytes)] of the file's physical
    records, up to a zeroed header (preallocated space) or the end."""
    with open(path, "rb") as f:
        data = f.read()
    out = []
    off = 0
    while off + HEADER <= len(data):
        left_in_block = BLOCK - off % BLOCK
        if left_in_block < HEADER:
            off += left_in_block
            continue
        _crc, length, kind = struct.unpack_from("<IHB", data, off)
        if kind == 0 and length == 0:
            break
        header = 11 if 5 <= kind <= 8 else HEADER
        if off + header + length > len(data):
            break
        out.append((off, header, length))
        off += header + length
    return out


def flip_byte(log_dir, fraction=0.5):
    """Flips one bit in the middle of the payload of the physical record at
    `fraction` of the newest WAL's records. Returns (file, offset)."""
    path = newest_wal(log_dir)
    recs = [r for r in records(path) if r[2] > 0]
    if len(recs) < 3:
        raise AssertionError("too few records in %s: %r" % (path, recs))
    off, header, length = recs[min(len(recs) - 1, int(len(recs) * fraction))]
    at = off + header + length // 2
    with open(path, "r+b") as f:
        f.seek(at)
        byte = f.read(1)
        f.seek(at)
        f.write(bytes([byte[0] ^ 0x01]))
    return path, at


def truncate(log_dir, fraction=0.5):
    """Cuts the newest WAL at the start of the record at `fraction` of its
    records: a clean end, as if the later appends had never been written.
    Returns (file, new size)."""
    path = newest_wal(log_dir)
    recs = records(path)
    if len(recs) < 3:
        raise AssertionError("too few records in %s: %r" % (path, recs))
    off = recs[min(len(recs) - 1, int(len(recs) * fraction))][0]
    os.truncate(path, off)
    return path, off
