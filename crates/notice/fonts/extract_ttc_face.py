#!/usr/bin/env python3
"""Copy one face of a TrueType/OpenType collection (.ttc) into a standalone .otf, table
bytes unchanged (no re-compilation), so the committed font is exactly Debian's.

    python3 extract_ttc_face.py /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc 2 NotoSerifCJKsc-Regular.otf
"""
import struct
import sys


def main(src, index, dst):
    data = open(src, "rb").read()
    if data[:4] != b"ttcf":
        sys.exit(f"{src} is not a font collection")
    count = struct.unpack(">I", data[8:12])[0]
    if not 0 <= index < count:
        sys.exit(f"{src} has {count} faces, no face {index}")
    face = struct.unpack(">I", data[12 + 4 * index:16 + 4 * index])[0]
    sfnt, num = struct.unpack(">IH", data[face:face + 6])
    records = []
    for i in range(num):
        tag, checksum, offset, length = struct.unpack(">4sIII", data[face + 12 + 16 * i:face + 28 + 16 * i])
        records.append((tag, checksum, offset, length))
    records.sort()
    header_len = 12 + 16 * num
    out_tables = b""
    directory = b""
    pos = header_len
    for tag, checksum, offset, length in records:
        body = data[offset:offset + length]
        directory += struct.pack(">4sIII", tag, checksum, pos, length)
        padded = body + b"\0" * (-length % 4)
        out_tables += padded
        pos += len(padded)
    entry_selector = max(i for i in range(16) if 2 ** i <= num)
    search_range = 16 * 2 ** entry_selector
    header = struct.pack(">IHHHH", sfnt, num, search_range, entry_selector, num * 16 - search_range)
    open(dst, "wb").write(header + directory + out_tables)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
