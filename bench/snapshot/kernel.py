"""What snapshots cost a notebook user, through the real kernel and jupyter_client:

  - the reply to a cell that makes a new 100 MB variable, with snapshots on and off
    (GOKERNEL_SNAPSHOT=off), and how long the cell after it waits for the write;
  - the reply to a small cell with those 100 MB in the session, on and off;
  - crash recovery: the reply to os.Exit(1) in a session holding 100 MB, which
    includes starting a new worker and restoring the snapshot, and the first cell after.

Kernels with snapshots on and off run in alternating rounds; medians and ranges are
printed. Usage: kernel.py ROUNDS (the kernelspec "gokernel" must be installed).
"""
import os
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import start_new_kernel

MB100 = """import "gonum.org/v1/gonum/floats"
big := floats.Span(make([]float64, 12_500_000), 0, 1)
for i := 0; i < len(big); i += 4096 {
	big[i] = float64(i % 977)
}"""


def timed(kc, code):
    start = time.perf_counter()
    reply = kc.execute(code, reply=True, timeout=300)
    took = time.perf_counter() - start
    if reply["content"]["status"] != "ok" and "os.Exit" not in code:
        raise RuntimeError(f"{code!r}: {reply['content']}")
    return took, reply


def round_(snapshots):
    env = dict(os.environ, GOKERNEL_STORE=tempfile.mkdtemp(prefix="gokernel-bench-"))
    if not snapshots:
        env["GOKERNEL_SNAPSHOT"] = "off"
    km, kc = start_new_kernel(kernel_name="gokernel", env=env)
    try:
        timed(kc, "warm := 1")
        out = {}
        out["new 100 MB variable: reply"], _ = timed(kc, MB100)
        out["the cell after it (waits for the write)"], _ = timed(kc, "n := 1")
        small = [timed(kc, f"n = {i}")[0] for i in range(20)]
        out["small cell beside 100 MB: reply"] = statistics.median(small)
        if snapshots:
            took, reply = timed(kc, "os.Exit(1)")
            tb = "\n".join(reply["content"].get("traceback", []))
            if "Restored" not in tb:
                raise RuntimeError("no restore: " + tb)
            out["crash with 100 MB: reply incl. restore"] = took
            out["first cell after the crash"], _ = timed(kc, "len(big)")
        return out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    results = {True: [], False: []}
    for _ in range(rounds):
        for on in (True, False):
            results[on].append(round_(on))
    print(f"{'measure':45} {'snapshots on':>22} {'snapshots off':>22}")
    for key in results[True][0]:
        cells = []
        for on in (True, False):
            vals = [r[key] * 1000 for r in results[on] if key in r]
            if not vals:
                cells.append(f"{'-':>22}")
                continue
            cells.append(f"{statistics.median(vals):9.1f} ms ({min(vals):.0f}-{max(vals):.0f})".rjust(22))
        print(f"{key:45} {cells[0]} {cells[1]}")


if __name__ == "__main__":
    main()
