"""Tiny hand-written PDFs for tests: text pages, page labels, no pages, 100 000 pages, encrypted.

Why by hand: each is a few hundred bytes built in the test's tmp_path, so the tests need no PDF
writer library and no binary fixtures in the repository, and each shows exactly the structure
it exercises.
"""
from __future__ import annotations

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def build(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose object n (1-based) is ``objects[n - 1]``, object 1 being the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def text_pdf(pages: list[list[str]], page_labels: bytes = b"") -> bytes:
    """One page per item, each a list of text lines set in Helvetica 12 from the top-left.

    ``page_labels`` is the body of a /PageLabels number tree, e.g. b"<< /Nums [0 << /S /r >>] >>".
    """
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    labels = b" /PageLabels %s" % page_labels if page_labels else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R%s >>" % labels,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        _FONT,
    ]
    for i, lines in enumerate(pages):
        content = b"BT /F1 12 Tf 14 TL 72 720 Td " + b" ".join(b"(%s) '" % _escape(line) for line in lines) + b" ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    return build(objects)


def no_pages_pdf() -> bytes:
    return build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def many_pages_pdf(levels: int = 5, fanout: int = 10) -> bytes:
    """``fanout ** levels`` pages (100 000 by default) in a few hundred bytes: every node of the
    page tree lists the same child ``fanout`` times, and all leaves are one page object."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        kids = b" ".join([b"%d 0 R" % (3 + level)] * fanout)  # object 2 + level lists its child
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, fanout ** (levels - level)))
    objects.append(b"<< /Type /Page /MediaBox [0 0 612 792] >>")
    return build(objects)


def encrypted_pdf() -> bytes:
    """Standard security handler, revision 2, whose user password is not the empty one."""
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <%s> /U <%s> >>"
               % (b"11" * 32, b"22" * 32))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
               encrypt]
    return build(objects, trailer=b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16))


def _escape(text: str) -> bytes:
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
