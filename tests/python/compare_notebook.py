"""Compares a freshly executed example notebook with its committed copy.

Usage:
  compare_notebook.py COMMITTED.ipynb EXECUTED.ipynb
      exit 1, naming the cells that differ, when the committed outputs are stale;
  compare_notebook.py --carry COMMITTED.ipynb EXECUTED.ipynb
      (for examples/notebooks/regenerate) rewrite EXECUTED without volatile metadata,
      and with the committed outputs when the new ones differ from them only in
      volatile parts, so that a regeneration changes nothing where nothing changed.

The example notebooks are committed with their outputs; CI executes each one and
compares it with the committed copy, cell by cell:

- the same number of cells, the same sources and the same execution counts;
- for each code cell, the same outputs in the same order: output types, stream names
  and MIME types. Stdout stays in order with displays (the kernel holds it for them),
  but stderr is a separate pipe: it is compared as one text per cell, not by position;
- text (streams, text/plain, text/html, text/markdown, text/latex, JSON, error values)
  equal once the volatile parts below are normalised;
- images by MIME type and pixel size (PNG and JPEG headers, SVG width/height), not by
  bytes: a timing plot differs in its pixels on every run.

Volatile parts, found by executing every example notebook twice and diffing:
durations (Go's time.Duration: "172ms", "1.2s", "124.6µs", and %time's "Time: ..."),
rates ("87.7/s" in progress bars, "25244/s" in query benchmarks), UUIDs (the execution
ids in %lineage's text), timestamps, and temporary folders with random names; and, as
tables pad columns to their widest value, the width of runs of spaces. Floats printed
at full precision (%diff's) may differ in their last digits, which depend on the CPU's
vector instructions. Nothing else is ignored: numbers, tables and messages must match.

A committed code cell without outputs or an execution count that produces them when
run was never regenerated: that is reported as such.
"""
import base64
import difflib
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET

REGENERATE = "run examples/notebooks/regenerate and commit the notebooks"

# Order matters: UUIDs and timestamps contain digits the later rules would eat.
VOLATILE = [
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), "<uuid>"),
    # %lineage's graph cuts long labels with an ellipsis, UUIDs too.
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F-]*…"), "<uuid>…"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"), "<timestamp>"),
    # os.MkdirTemp and t.TempDir names: a random run of digits in a folder under a temp root.
    (re.compile(r"(/tmp|/var/tmp|/private/var/folders/[^\s/]+/[^\s/]+/T)/[\w.-]*?\d{5,}[\w.-]*"), "<tmpdir>"),
    (re.compile(r"(?<![\w.])\d+(\.\d+)?/s\b"), "<rate>/s"),
    # Go durations, one or more unit groups: 1h2m3.5s, 200ms, 124.6µs, 500ns.
    (re.compile(r"(?<![\w.])(\d+(\.\d+)?(h|ms|m|s|µs|μs|us|ns))+(?![\w])"), "<duration>"),
]


NUMBER = re.compile(r"(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)")


def significant_digits(number):
    mantissa = re.split(r"[eE]", number.lstrip("-"))[0]
    return len(mantissa.replace(".", "").lstrip("0"))


def close(old, new):
    """Whether two texts differ only in the last digits of full-precision floats (10 or
    more significant digits, as %diff prints them): ALS and the vector kernels round
    differently on AVX2, AVX-512 and portable code (see package mllib/als), so such
    digits depend on the CPU. Floats printed rounded, and every other number, must be
    equal."""
    a, b = NUMBER.split(old), NUMBER.split(new)
    if len(a) != len(b):
        return False
    for i, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        if i % 2 == 0 or min(significant_digits(x), significant_digits(y)) < 10:
            return False
        fx, fy = float(x), float(y)
        if abs(fx - fy) > 1e-6 * max(abs(fx), abs(fy)):
            return False
    return True


def normalise(text):
    for pattern, repl in VOLATILE:
        text = pattern.sub(repl, text)
    # Tables pad their columns to the widest value, and a volatile value's width varies.
    return re.sub(r"[ \t]+", " ", text)


def joined(v):
    return "".join(v) if isinstance(v, list) else v


def png_size(data):
    raw = base64.b64decode(data)
    if raw[:8] != b"\x89PNG\r\n\x1a\n" or raw[12:16] != b"IHDR":
        return "not a PNG"
    return "%dx%d" % struct.unpack(">II", raw[16:24])


def jpeg_size(data):
    raw = base64.b64decode(data)
    i = 2
    while i + 9 < len(raw):
        if raw[i] != 0xFF:
            return "bad JPEG"
        marker, length = raw[i + 1], struct.unpack(">H", raw[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", raw[i + 5:i + 9])
            return "%dx%d" % (w, h)
        i += 2 + length
    return "JPEG without a frame header"


def svg_size(text):
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        return "bad SVG: %s" % e
    return "%sx%s" % (root.get("width"), root.get("height"))


def describe(mime, value):
    """The comparable form of one MIME value: text normalised, images by size."""
    if mime == "application/json" or mime.endswith("+json"):  # nbformat keeps it parsed
        return normalise(json.dumps(value, sort_keys=True, indent=1))
    value = joined(value)
    if mime == "image/png":
        return "PNG " + png_size(value)
    if mime == "image/jpeg":
        return "JPEG " + jpeg_size(value)
    if mime == "image/svg+xml":
        return "SVG " + svg_size(value)
    return normalise(value)


def comparable(outputs):
    """A cell's outputs as (ordered outputs, stderr text): each ordered output is a
    (kind, {part: text}) pair, consecutive stdout merged."""
    ordered, stderr = [], ""
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            text = normalise(joined(out["text"]))
            if out["name"] == "stderr":
                stderr += text
                continue
            if ordered and ordered[-1][0] == "stream stdout":
                ordered[-1][1]["text"] += text
            else:
                ordered.append(("stream stdout", {"text": text}))
        elif kind == "error":
            ordered.append(("error", {"ename": out["ename"], "evalue": normalise(out["evalue"])}))
        else:
            data = out.get("data", {})
            ordered.append(("%s %s" % (kind, ", ".join(sorted(data))),
                            {mime: describe(mime, v) for mime, v in sorted(data.items())}))
    return ordered, stderr


def diff_lines(old, new, limit=30):
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), "committed", "executed",
                                      n=1, lineterm=""))[2:]
    if len(lines) > limit:
        lines = lines[:limit] + ["... (%d more lines)" % (len(lines) - limit)]
    return lines


def compare_cell(old, new):
    """The differences between a committed and an executed code cell, as lines."""
    problems = []
    if old.get("execution_count") is None and new.get("execution_count") is not None:
        return ["never run in the committed notebook (no execution count): the notebook was not regenerated"]
    if old.get("execution_count") != new.get("execution_count"):
        problems.append("execution count [%s] committed, [%s] when run" %
                        (old.get("execution_count"), new.get("execution_count")))
    old_outs, new_outs = old.get("outputs", []), new.get("outputs", [])
    if not old_outs and new_outs:
        return ["no outputs committed, %d when run: the notebook was never regenerated with this cell" %
                len(new_outs)]
    (old_ordered, old_err), (new_ordered, new_err) = comparable(old_outs), comparable(new_outs)
    kinds = [k for k, _ in old_ordered], [k for k, _ in new_ordered]
    if kinds[0] != kinds[1]:
        problems.append("outputs differ in kind:")
        problems += ["  " + line for line in diff_lines("\n".join(kinds[0]), "\n".join(kinds[1]))]
    else:
        for n, ((kind, old_parts), (_, new_parts)) in enumerate(zip(old_ordered, new_ordered), 1):
            for part in old_parts:
                if old_parts[part] != new_parts[part] and not close(old_parts[part], new_parts[part]):
                    problems.append("output %d (%s), %s:" % (n, kind, part))
                    problems += ["  " + line for line in diff_lines(old_parts[part], new_parts[part])]
    if old_err != new_err and not close(old_err, new_err):
        problems.append("stderr:")
        problems += ["  " + line for line in diff_lines(old_err, new_err)]
    return problems


def first_line(cell):
    lines = joined(cell.get("source", "")).strip().splitlines()
    return lines[0][:60] if lines else ""


def compare(committed, executed, name):
    """Lines describing every difference; empty when the committed copy is current."""
    old, new = json.load(open(committed)), json.load(open(executed))
    if len(old["cells"]) != len(new["cells"]):
        return ["%s: %d cells committed, %d executed" % (name, len(old["cells"]), len(new["cells"]))]
    problems = []
    for i, (a, b) in enumerate(zip(old["cells"], new["cells"]), 1):
        where = "%s cell %d" % (name, i)
        if a["cell_type"] != b["cell_type"] or joined(a.get("source", "")) != joined(b.get("source", "")):
            problems.append("%s: the executed notebook has another cell here (%s %r, committed %s %r)" %
                            (where, b["cell_type"], first_line(b), a["cell_type"], first_line(a)))
            continue
        if a["cell_type"] != "code":
            continue
        found = compare_cell(a, b)
        if found:
            problems.append("%s [%s] %r:" % (where, b.get("execution_count"), first_line(a)))
            problems += ["    " + line for line in found]
    return problems


def carry(committed, executed):
    """Rewrites executed without volatile metadata; when its outputs differ from the
    committed ones only in volatile parts, and its images are the same (bitmaps byte
    for byte), with the committed outputs instead. All cells or none: a table of
    timings kept from the last run beside a plot of this run's would disagree."""
    import nbformat  # only the regenerate script needs it

    new = nbformat.read(executed, as_version=4)
    for cell in new.cells:
        cell.metadata.pop("execution", None)  # nbclient's timestamps
    # The Go toolchain's patch version changes under the notebooks without them changing.
    new.metadata.get("language_info", {}).pop("version", None)
    try:
        old = nbformat.read(committed, as_version=4)
    except (OSError, ValueError):
        old = None
    if old is not None and len(old.cells) == len(new.cells) and all(
            a.cell_type == b.cell_type and a.source == b.source and a.get("id") == b.get("id") and
            (a.cell_type != "code" or (not compare_cell(a, b) and images(a) == images(b)))
            for a, b in zip(old.cells, new.cells)):
        for a, b in zip(old.cells, new.cells):
            if b.cell_type == "code":
                b.outputs = a.outputs
    nbformat.write(new, executed)


def images(cell):
    """A cell's images as carry compares them: bitmaps by their bytes, SVG (text, such as
    %lineage's graph with its execution ids) normalised."""
    return [normalise(joined(v)) if mime == "image/svg+xml" else joined(v)
            for out in cell.get("outputs", []) for mime, v in sorted(out.get("data", {}).items())
            if mime.startswith("image/")]


def main(argv):
    if argv[:1] == ["--carry"] and len(argv) == 3:
        carry(argv[1], argv[2])
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    committed, executed = argv
    name = committed
    if "examples/notebooks/" in name:
        name = "examples/notebooks/" + name.split("examples/notebooks/", 1)[1]
    problems = compare(committed, executed, name)
    if problems:
        print("%s: the committed outputs are not what the notebook gives now; %s" % (name, REGENERATE))
        print("\n".join(problems))
        return 1
    print("%s: outputs match the committed notebook" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
