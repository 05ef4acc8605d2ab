"""An Xvfb screen (the XWD file Xvfb -fbdir keeps) as a PNG, with how many colours it has.

    python3 xwd_png.py FBDIR/Xvfb_screen0 OUT.png      prints: colours=N

Only what Xvfb writes: ZPixmap, 24-bit depth in 32 bits per pixel, either byte order.
The Python standard library only (no ImageMagick on the machine).
"""

from __future__ import annotations

import struct
import sys
import zlib


def read_xwd(path: str) -> tuple[int, int, list[bytes]]:
    data = open(path, "rb").read()
    header_size = struct.unpack(">I", data[:4])[0]
    fields = struct.unpack(">25I", data[:100])
    (_, _, pixmap_format, depth, width, height, _, byte_order, _, _, _, bits_per_pixel, bytes_per_line,
     _, red_mask, green_mask, blue_mask, _, _, ncolors) = fields[:20]
    if pixmap_format != 2 or bits_per_pixel != 32 or depth != 24:
        raise SystemExit(f"unexpected XWD: format {pixmap_format}, depth {depth}, {bits_per_pixel} bpp")
    start = header_size + ncolors * 12
    order = "<" if byte_order == 0 else ">"
    shifts = [(m & -m).bit_length() - 1 for m in (red_mask, green_mask, blue_mask)]
    rows = []
    for y in range(height):
        line = data[start + y * bytes_per_line:start + y * bytes_per_line + width * 4]
        pixels = struct.unpack(f"{order}{width}I", line)
        rows.append(bytes(b for p in pixels for b in ((p >> shifts[0]) & 255, (p >> shifts[1]) & 255,
                                                        (p >> shifts[2]) & 255)))
    return width, height, rows


def write_png(path: str, width: int, height: int, rows: list[bytes]) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\0" + row for row in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    w, h, rows = read_xwd(sys.argv[1])
    write_png(sys.argv[2], w, h, rows)
    colours = {row[x:x + 3] for row in rows[::4] for x in range(0, len(row), 12)}
    print(f"colours={len(colours)}")
