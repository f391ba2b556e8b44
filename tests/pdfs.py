"""Small PDFs written by hand, byte for byte, for the upload checks: plain ones and hostile ones.

Objects are numbered: 1 catalog, 2 page tree, 3… the pages, then `objects` in order. With
`compressed`, those objects go into an object stream (optionally deflated) and the file gets a
cross-reference stream, as Acrobat and Word write them.
"""
from __future__ import annotations

import struct
import zlib


def make_pdf(catalog_extra: str = "", objects: tuple[str, ...] = (), *, page_extra: str = "", pages: int = 1,
             compressed: tuple[str, ...] = (), deflate: bool = True) -> bytes:
    """A valid PDF of `pages` blank pages; `*_extra` text goes inside the catalog's or each page's dictionary."""
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    bodies = [f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"]
    bodies += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {page_extra}>>" for _ in range(pages)]
    bodies += list(objects)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    if compressed:
        return bytes(_with_object_stream(out, offsets, compressed, deflate))
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _with_object_stream(out: bytearray, offsets: list[int], compressed: tuple[str, ...], deflate: bool) -> bytearray:
    first_number, stream_number = len(offsets) + 1, len(offsets) + len(compressed) + 1
    parts, header, position = [], [], 0
    for n, body in enumerate(compressed):
        header.append(f"{first_number + n} {position}")
        parts.append(body.encode("latin-1") + b"\n")
        position += len(parts[-1])
    head = (" ".join(header) + "\n").encode()
    data = head + b"".join(parts)
    data, filters = (zlib.compress(data), "/Filter /FlateDecode ") if deflate else (data, "")
    offsets.append(len(out))
    out += (f"{stream_number} 0 obj\n<< /Type /ObjStm /N {len(compressed)} /First {len(head)} {filters}"
            f"/Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream\nendobj\n"
    xref_number = stream_number + 1
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offset, 0) for offset in offsets[:first_number - 1]]
    rows += [struct.pack(">BIH", 2, stream_number, n) for n in range(len(compressed))]
    rows += [struct.pack(">BIH", 1, offsets[-1], 0), struct.pack(">BIH", 1, len(out), 0)]
    table = b"".join(rows)
    xref = len(out)
    out += (f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 1 0 R "
            f"/Length {len(table)} >>\nstream\n").encode() + table + b"\nendstream\nendobj\n"
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out
