"""Checks an executed notebook's outputs the way a reader would see them.

Usage: check_notebook.py EXECUTED.ipynb

Fails when a cell not tagged "raises-exception" has an error output, when a code cell
tagged "expect-output" has no output, or when an output does not decode: PNG and JPEG
must be valid images, SVG must parse as XML, HTML must have balanced tags, JSON must
be JSON. A cell's metadata may name "expect_text" (a substring of its text/plain or
stream output), "expect_mime" (MIME types its outputs must include) and "expect_table"
(column names that the header of an HTML table among its outputs must have, so that a
display.Table is really there, not only some HTML); a notebook's metadata may list
"expect_output_types" (e.g. update_display_data) that the executed notebook must contain.
"""
import base64
import json
import struct
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class TableHeaders(HTMLParser):
    """Collects the <th> texts of each <table> in an HTML document."""

    def __init__(self):
        super().__init__()
        self.tables = []
        self.in_th = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "th" and self.tables:
            self.in_th = True
            self.tables[-1].append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self.in_th = False

    def handle_data(self, data):
        if self.in_th:
            self.tables[-1][-1] += data


def table_headers(outs):
    """The header rows of the HTML tables among outs."""
    headers = []
    for out in outs:
        html = out.get("data", {}).get("text/html")
        if html is None:
            continue
        p = TableHeaders()
        p.feed("".join(html) if isinstance(html, list) else html)
        headers += p.tables
    return headers


class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.errors = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unexpected </%s> (open: %s)" % (tag, self.stack[-3:]))
            return
        self.stack.pop()


def check_png(data):
    raw = base64.b64decode(data)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    assert raw[12:16] == b"IHDR", "PNG without IHDR"
    w, h = struct.unpack(">II", raw[16:24])
    assert w > 0 and h > 0, "PNG of size %dx%d" % (w, h)
    assert raw[-8:-4] == b"IEND", "PNG without IEND (truncated)"


def check_jpeg(data):
    raw = base64.b64decode(data)
    assert raw[:2] == b"\xff\xd8" and raw[-2:] == b"\xff\xd9", "not a complete JPEG"


def check_html(text):
    p = Balance()
    p.feed(text)
    p.close()
    assert not p.errors, "; ".join(p.errors)
    assert not p.stack, "unclosed tags: %s" % p.stack


def text_of(out):
    t = out["text"] if out["output_type"] == "stream" else out.get("data", {}).get("text/plain", "")
    return "".join(t) if isinstance(t, list) else t


def main(path):
    nb = json.load(open(path))
    problems = []
    seen_types = set()
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        meta = cell.get("metadata", {})
        tags = meta.get("tags", [])
        outs = cell.get("outputs", [])
        where = "cell %d" % i
        mimes = set()
        for out in outs:
            seen_types.add(out["output_type"])
            if out["output_type"] == "error" and "raises-exception" not in tags:
                problems.append("%s: error %s: %s" % (where, out["ename"], out["evalue"]))
            for mime, value in out.get("data", {}).items():
                mimes.add(mime)
                value = "".join(value) if isinstance(value, list) else value
                try:
                    if mime == "image/png":
                        check_png(value)
                    elif mime == "image/jpeg":
                        check_jpeg(value)
                    elif mime == "image/svg+xml":
                        ET.fromstring(value)
                    elif mime == "text/html":
                        check_html(value)
                    elif mime == "application/json" and isinstance(value, str):
                        json.loads(value)
                except Exception as e:  # noqa: BLE001 - report every kind of bad output
                    problems.append("%s: bad %s: %s" % (where, mime, e))
        if "expect-output" in tags and not outs:
            problems.append("%s: no output" % where)
        if "expect_text" in meta and not any(meta["expect_text"] in text_of(o) for o in outs):
            problems.append("%s: no output contains %r" % (where, meta["expect_text"]))
        for mime in meta.get("expect_mime", []):
            if mime not in mimes:
                problems.append("%s: no %s output" % (where, mime))
        if "expect_table" in meta:
            want = meta["expect_table"]
            headers = table_headers(outs)
            if not any(all(c in h for c in want) for h in headers):
                problems.append("%s: no HTML table with columns %s (tables: %s)" % (where, want, headers))
    for t in nb.get("metadata", {}).get("expect_output_types", []):
        if t not in seen_types:
            problems.append("notebook: no %s output" % t)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("%s: %d cells checked" % (path, len(nb["cells"])))


if __name__ == "__main__":
    main(sys.argv[1])
