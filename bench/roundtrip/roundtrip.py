#!/usr/bin/python3
"""Startup and execute round-trip benchmark: gokernel against ipykernel.

Both kernels are driven by the same jupyter_client code in one run:

  startup      for each of --starts fresh kernels (KernelManager.start_kernel),
               the time from just before start_kernel() to the first
               kernel_info_reply (kernel_info requests are re-sent every
               --poll seconds until one is answered), and to the execute_reply
               of a first trivial cell (the worker behind the kernel has to be
               up for it).
  round trip   on one kernel of each kind, started together, after --warmup
               runs, --runs execute_requests of a trivial cell, each timed from
               just before the request is sent to the iopub status "idle" whose
               parent is that request; each run's execute_reply is read too
               before the next request is sent. The kernels take turns in
               blocks of --block runs, so that load on a shared machine hits
               both alike; p50, p90, p99 and p99.9 are reported.

Run it with the Python that has jupyter_client and ipykernel (/usr/bin/python3 on
Debian); bench/roundtrip/run.sh sets up the kernelspecs and environment.
"""

import argparse
import json
import os
import platform
import queue
import statistics
import sys
import time
from datetime import datetime, timezone

import zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

# Cells per kernel: a trivial expression (one execute_result) and a statement
# with no output.
CELLS = {
    "gokernel": {"expr": "1", "stmt": "_ = 1"},
    "python3": {"expr": "1", "stmt": "_x = 1"},
}
LABELS = {"gokernel": "gokernel", "python3": "ipykernel"}


def cells_for(name):
    """The cells of a kernelspec: another gokernel spec (bench/lineage installs one
    with lineage off) runs gokernel's."""
    return CELLS.get(name) or CELLS["gokernel" if name.startswith("gokernel") else "python3"]

TARGET_RATIO = 1 / 3  # gokernel p50 round trip <= ipykernel's / 3
TARGET_P99_RATIO = 1 / 2  # gokernel p99 round trip <= ipykernel's / 2
TARGET_INFO_MS = 100.0  # first kernel_info_reply within this of process start


def now():
    return time.perf_counter()


def pct(xs, p):
    """Percentile p (0..100) of xs by linear interpolation between order statistics."""
    s = sorted(xs)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


def summary(xs_s):
    """Summary in milliseconds of a list of durations in seconds."""
    xs = [x * 1e3 for x in xs_s]
    return {
        "n": len(xs),
        "p50": pct(xs, 50),
        "p90": pct(xs, 90),
        "p99": pct(xs, 99),
        "p99.9": pct(xs, 99.9),
        "mean": statistics.fmean(xs),
        "min": min(xs),
        "max": max(xs),
    }


def proc_tree_cpu(pid):
    """CPU seconds (user+system) used so far by pid and its live descendants (Linux)."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        children = {}
        stats = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as f:
                    s = f.read()
            except OSError:
                continue
            rest = s[s.rindex(")") + 2 :].split()
            ppid = int(rest[1])
            stats[int(d)] = (int(rest[11]) + int(rest[12])) / tick
            children.setdefault(ppid, []).append(int(d))
        total, todo = 0.0, [pid]
        while todo:
            p = todo.pop()
            total += stats.get(p, 0.0)
            todo.extend(children.get(p, []))
        return total
    except (OSError, ValueError):
        return None


def drain(kc, timeout=0.2):
    """Read and drop whatever is waiting on shell and iopub."""
    for get in (kc.get_shell_msg, kc.get_iopub_msg):
        while True:
            try:
                get(timeout=timeout)
            except queue.Empty:
                break


def start(name, poll, timeout, reconnect_ivl_ms=None):
    """Start a kernel; return (km, kc, times) with times measured from just before start_kernel.

    reconnect_ivl_ms, if set, is the client sockets' ZMQ_RECONNECT_IVL. libzmq's
    default, 100 ms, is what every jupyter_client frontend uses: a client that
    connects before the kernel has bound its ports retries only every 100 ms, so
    the first reply comes at the first retry after the bind. A short interval
    shows when the kernel itself could first have answered.
    """
    km = KernelManager(kernel_name=name)
    t0 = now()
    km.start_kernel()
    t_started = now()
    kc = km.blocking_client()
    if reconnect_ivl_ms is not None:
        kc.context.setsockopt(zmq.RECONNECT_IVL, reconnect_ivl_ms)
    kc.start_channels()
    sent = set()
    t_info = None
    deadline = t0 + timeout
    while t_info is None:
        if now() > deadline:
            raise RuntimeError(f"{name}: no kernel_info_reply within {timeout} s")
        sent.add(kc.kernel_info())
        end = now() + poll
        while t_info is None:
            left = end - now()
            if left <= 0:
                break
            try:
                msg = kc.get_shell_msg(timeout=left)
            except queue.Empty:
                break
            if msg["msg_type"] == "kernel_info_reply" and msg["parent_header"].get("msg_id") in sent:
                t_info = now()
    # The first cell, sent as soon as kernel_info has been answered; timed to its
    # execute_reply on shell, which (unlike iopub) cannot be missed while the iopub
    # subscription is still being set up.
    msg_id = kc.execute(cells_for(name)["expr"])
    t_exec = None
    while t_exec is None:
        if now() > deadline:
            raise RuntimeError(f"{name}: no execute_reply for the first cell within {timeout} s")
        try:
            msg = kc.get_shell_msg(timeout=max(0.01, deadline - now()))
        except queue.Empty:
            continue
        if msg["msg_type"] == "execute_reply" and msg["parent_header"].get("msg_id") == msg_id:
            t_exec = now()
            if msg["content"].get("status") != "ok":
                raise RuntimeError(f"{name}: first cell failed: {msg['content']}")
    return km, kc, {
        "start_kernel_call": t_started - t0,
        "kernel_info": t_info - t0,
        "first_execute": t_exec - t0,
        "kernel_info_requests": len(sent),
    }


def stop(km, kc):
    kc.stop_channels()
    t0 = now()
    km.shutdown_kernel(now=False)
    return now() - t0


def bench_startup(name, starts, warmup, poll, timeout, reconnect_ivl_ms, log):
    # Unmeasured starts first: the first KernelManager in a process pays for
    # jupyter_client's lazy set-up (provisioner entry points), and the first exec
    # of a binary or of Python's modules may read them from disk.
    for _ in range(warmup):
        km, kc, _ = start(name, poll, timeout, reconnect_ivl_ms)
        stop(km, kc)
    runs = []
    ivl = "default" if reconnect_ivl_ms is None else f"{reconnect_ivl_ms} ms"
    for i in range(starts):
        km, kc, t = start(name, poll, timeout, reconnect_ivl_ms)
        t["shutdown"] = stop(km, kc)
        runs.append(t)
        log(
            f"  {LABELS.get(name, name)} (client reconnect interval {ivl}) start {i + 1}/{starts}: kernel_info {t['kernel_info'] * 1e3:.1f} ms "
            f"(start_kernel() {t['start_kernel_call'] * 1e3:.1f} ms, {t['kernel_info_requests']} requests), "
            f"first execute {t['first_execute'] * 1e3:.1f} ms, shutdown {t['shutdown'] * 1e3:.0f} ms"
        )
    return {
        key: summary([r[key] for r in runs])
        for key in ("start_kernel_call", "kernel_info", "first_execute", "shutdown")
    } | {"runs": runs}


def run_cell(kc, code, timeout):
    """One execute round trip: seconds from send to the iopub idle of this request.

    Also reads the execute_reply, so nothing of this run is left for the next.
    Returns (seconds, reply content, iopub message types seen for this request).
    """
    c0 = time.process_time()
    w0 = datetime.now(timezone.utc)
    t0 = now()
    msg_id = kc.execute(code)
    types = []
    t_idle = None
    kernel_idle = None
    deadline = t0 + timeout
    while t_idle is None:
        left = deadline - now()
        if left <= 0:
            raise RuntimeError(f"no iopub idle for {code!r} within {timeout} s")
        try:
            msg = kc.get_iopub_msg(timeout=left)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        types.append(msg["msg_type"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            t_idle = now()
            date = msg["header"].get("date")
            if isinstance(date, datetime) and date.tzinfo is not None:
                kernel_idle = (date - w0).total_seconds()
    reply = None
    while reply is None:
        left = deadline - now()
        if left <= 0:
            raise RuntimeError(f"no execute_reply for {code!r} within {timeout} s")
        try:
            msg = kc.get_shell_msg(timeout=left)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            reply = msg["content"]
    return t_idle - t0, reply, types, kernel_idle, time.process_time() - c0


def wait_iopub_ready(kc, timeout):
    """Make sure iopub is subscribed: what jupyter_client's wait_for_ready does."""
    deadline = now() + timeout
    while now() < deadline:
        msg_id = kc.kernel_info()
        kc.get_shell_msg(timeout=timeout)
        try:
            while True:
                msg = kc.get_iopub_msg(timeout=0.2)
                if msg["parent_header"].get("msg_id") == msg_id:
                    drain(kc, 0.1)
                    return
        except queue.Empty:
            continue
    raise RuntimeError("iopub never delivered a message")


def bench_roundtrip(names, runs, warmup, block, timeout, cells, log):
    """Round trips of every kernel in names, started together, interleaved.

    For each cell, the measured runs go in blocks of `block` runs per kernel,
    the kernels taking turns and the first alternating, so that a burst of
    load on a shared machine lands on all of them alike: the tail
    percentiles, which a burst decides, are compared under the same
    conditions.
    """
    started = {}
    try:
        for name in names:
            km, kc, _ = start(name, 0.02, timeout, None)
            started[name] = (km, kc)
            wait_iopub_ready(kc, timeout)
        out = {name: {} for name in names}
        for cell in cells:
            acc = {}
            for name in names:
                km, kc = started[name]
                code = cells_for(name)[cell]
                for _ in range(warmup):
                    _, reply, *_ = run_cell(kc, code, timeout)
                    if reply.get("status") != "ok":
                        raise RuntimeError(f"{name}: {code!r} failed: {reply}")
                acc[name] = {"code": code, "times": [], "kernel_side": [], "client_cpu": [],
                             "seen": set(), "cpu": 0.0, "wall": 0.0,
                             "pid": km.provisioner.pid if km.provisioner else None}
            nblocks = (runs + block - 1) // block
            for b in range(nblocks):
                order = names if b % 2 == 0 else list(reversed(names))
                for name in order:
                    a, (_, kc) = acc[name], started[name]
                    n = min(block, runs - b * block)
                    cpu0, wall0 = proc_tree_cpu(a["pid"]), now()
                    for _ in range(n):
                        t, reply, types, k_idle, c_cpu = run_cell(kc, a["code"], timeout)
                        if reply.get("status") != "ok":
                            raise RuntimeError(f"{name}: {a['code']!r} failed: {reply}")
                        a["times"].append(t)
                        a["client_cpu"].append(c_cpu)
                        if k_idle is not None:
                            a["kernel_side"].append(k_idle)
                        a["seen"].add(tuple(types))
                    cpu1 = proc_tree_cpu(a["pid"])
                    a["wall"] += now() - wall0
                    a["cpu"] = None if cpu0 is None or cpu1 is None or a["cpu"] is None else a["cpu"] + cpu1 - cpu0
            for name in names:
                a = acc[name]
                s = summary(a["times"])
                s["code"] = a["code"]
                s["iopub_sequences"] = sorted(list(x) for x in a["seen"])
                s["kernel_cpu_ms_per_run"] = a["cpu"] * 1e3 / runs if a["cpu"] is not None else None
                s["wall_s"] = a["wall"]
                # From the wall clock just before sending to the date in the idle
                # message's header (stamped by the kernel as it builds the message,
                # same host clock): the round trip without the client's receive path.
                s["kernel_stamped_idle"] = summary(a["kernel_side"]) if a["kernel_side"] else None
                # CPU time of this (client) process per run: jupyter_client's own cost.
                s["client_cpu"] = summary(a["client_cpu"])
                out[name][cell] = s
                log(
                    f"  {LABELS.get(name, name)} {s['code']!r}: p50 {s['p50']:.3f} ms, p90 {s['p90']:.3f}, p99 {s['p99']:.3f}, "
                    f"p99.9 {s['p99.9']:.3f}, mean {s['mean']:.3f}, max {s['max']:.1f} ms; kernel CPU "
                    + (f"{s['kernel_cpu_ms_per_run']:.3f} ms/run" if s["kernel_cpu_ms_per_run"] is not None else "n/a")
                    + f"; client CPU {s['client_cpu']['p50']:.3f} ms/run"
                    + (f"; idle stamped by kernel p50 {s['kernel_stamped_idle']['p50']:.3f} ms" if s["kernel_stamped_idle"] else "")
                    + f"; iopub {s['iopub_sequences']}"
                )
        return out
    finally:
        for km, kc in started.values():
            stop(km, kc)


def fmt(x, unit="ms"):
    if x is None:
        return "n/a"
    return f"{x:.1f} {unit}" if x >= 10 else f"{x:.2f} {unit}"


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "n/a"


def table(res, a="gokernel", b="python3"):
    ra, rb = res["kernels"][a], res["kernels"][b]
    rows = []

    def row(label, x, y):
        rows.append(f"| {label} | {fmt(x)} | {fmt(y)} | {ratio(x, y)} |")

    for phase, what in (("startup", "Jupyter's default client"), ("startup_fast_reconnect", "client reconnecting every {ivl} ms")):
        if phase not in ra or phase not in rb:
            continue
        what = what.format(ivl=res["params"]["fast_reconnect_ms"])
        n = ra[phase]["kernel_info"]["n"]
        for key, label in (("kernel_info", "first kernel_info_reply"), ("first_execute", "first execute_reply")):
            for stat, sname in (("p50", "median"), ("max", "max")):
                row(f"{label} after start, {sname} of {n} ({what})", ra[phase][key][stat], rb[phase][key][stat])
    row("start_kernel() call itself, median", ra["startup"]["start_kernel_call"]["p50"], rb["startup"]["start_kernel_call"]["p50"])
    row("shutdown_kernel(now=False), median", ra["startup"]["shutdown"]["p50"], rb["startup"]["shutdown"]["p50"])
    for cell in ra["roundtrip"]:
        if cell not in rb["roundtrip"]:
            continue
        ca, cb = ra["roundtrip"][cell], rb["roundtrip"][cell]
        lab = f"round trip `{ca['code']}`" if ca["code"] == cb["code"] else f"round trip `{ca['code']}` / `{cb['code']}`"
        for stat in ("p50", "p90", "p99", "p99.9", "mean"):
            row(f"{lab} {stat} (n={ca['n']})", ca[stat], cb[stat])
        if ca.get("kernel_stamped_idle") and cb.get("kernel_stamped_idle"):
            row(f"{lab} to idle as stamped by kernel, p50", ca["kernel_stamped_idle"]["p50"], cb["kernel_stamped_idle"]["p50"])
        row(f"{lab} kernel CPU per run (kernel + children)", ca["kernel_cpu_ms_per_run"], cb["kernel_cpu_ms_per_run"])
        row(f"{lab} client CPU per run (jupyter_client), p50", ca["client_cpu"]["p50"], cb["client_cpu"]["p50"])
    head = [
        f"| metric | {LABELS[a]} | {LABELS[b]} | ratio {LABELS[a]}/{LABELS[b]} |",
        "|---|---:|---:|---:|",
    ]
    return "\n".join(head + rows)


def targets(res, a="gokernel", b="python3"):
    ra, rb = res["kernels"][a], res["kernels"][b]
    out = []
    if "expr" in ra["roundtrip"] and "expr" in rb["roundtrip"]:
        x, y = ra["roundtrip"]["expr"]["p50"], rb["roundtrip"]["expr"]["p50"]
        out.append({
            "target": f"p50 round trip of `1`: gokernel <= ipykernel / 3",
            "value": x, "limit": y * TARGET_RATIO, "pass": x <= y * TARGET_RATIO,
            "detail": f"gokernel {fmt(x)}, ipykernel {fmt(y)}, ratio {x / y:.2f} (target <= 0.33, i.e. <= {fmt(y / 3)})",
        })
        x, y = ra["roundtrip"]["expr"]["p99"], rb["roundtrip"]["expr"]["p99"]
        out.append({
            "target": f"p99 round trip of `1`: gokernel <= ipykernel / 2",
            "value": x, "limit": y * TARGET_P99_RATIO, "pass": x <= y * TARGET_P99_RATIO,
            "detail": f"gokernel {fmt(x)}, ipykernel {fmt(y)}, ratio {x / y:.2f} (target <= 0.5, i.e. <= {fmt(y / 2)})",
        })
    s = ra["startup"]["kernel_info"]
    out.append({
        "target": f"gokernel first kernel_info_reply within {TARGET_INFO_MS:.0f} ms of process start, median",
        "value": s["p50"], "limit": TARGET_INFO_MS, "pass": s["p50"] <= TARGET_INFO_MS,
        "detail": f"median {fmt(s['p50'])} over {s['n']} starts (Jupyter's default client)",
    })
    out.append({
        "target": f"gokernel first kernel_info_reply within {TARGET_INFO_MS:.0f} ms of process start, every start (max)",
        "value": s["max"], "limit": TARGET_INFO_MS, "pass": s["max"] <= TARGET_INFO_MS,
        "detail": f"max {fmt(s['max'])} over {s['n']} starts (Jupyter's default client)",
    })
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernels", default="gokernel,python3", help="kernelspec names, comma-separated (default %(default)s)")
    ap.add_argument("--starts", type=int, default=10, help="measured fresh starts per kernel (default %(default)s)")
    ap.add_argument("--start-warmup", type=int, default=1, help="unmeasured starts per kernel first (default %(default)s)")
    ap.add_argument("--fast-reconnect-ms", type=int, default=1,
                    help="also time the starts with the client's ZMQ_RECONNECT_IVL at this many ms; 0: don't (default %(default)s)")
    ap.add_argument("--runs", type=int, default=5000,
                    help="measured executes per cell and kernel; p99.9 needs thousands (default %(default)s)")
    ap.add_argument("--block", type=int, default=250,
                    help="runs per kernel before the other kernel takes its turn (default %(default)s)")
    ap.add_argument("--warmup", type=int, default=50, help="unmeasured executes first (default %(default)s)")
    ap.add_argument("--cells", default="expr,stmt", help="expr (`1`), stmt (no output), comma-separated (default %(default)s)")
    ap.add_argument("--poll", type=float, default=0.005, help="kernel_info re-send interval during startup, s (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=60.0, help="give up on a kernel after this many s (default %(default)s)")
    ap.add_argument("--json", help="write the results to this file")
    ap.add_argument("--check", action="store_true", help="exit 1 if a target fails")
    args = ap.parse_args()

    def log(s):
        print(s, file=sys.stderr, flush=True)

    kernels = [k for k in args.kernels.split(",") if k]
    cells = [c for c in args.cells.split(",") if c]
    ksm = KernelSpecManager()
    import jupyter_client

    res = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": {
            "python": sys.executable, "python_version": platform.python_version(),
            "jupyter_client": jupyter_client.__version__, "pyzmq": zmq.__version__, "libzmq": zmq.zmq_version(),
            "cpus": os.cpu_count(), "cpu": cpu_model(), "loadavg_before": loadavg(),
        },
        "params": vars(args),
        "kernels": {},
    }
    for name in kernels:
        spec = ksm.get_kernel_spec(name)
        log(f"{LABELS.get(name, name)}: kernelspec {spec.resource_dir}: {' '.join(spec.argv)}")
        res["kernels"][name] = {"argv": spec.argv, "resource_dir": spec.resource_dir}
    # Each phase runs for every kernel before the next phase starts, so that
    # background load on a shared machine hits both alike.
    for name in kernels:
        log(f"startup: {LABELS.get(name, name)}, {args.start_warmup} unmeasured + {args.starts} fresh starts")
        res["kernels"][name]["startup"] = bench_startup(name, args.starts, args.start_warmup, args.poll, args.timeout, None, log)
    if args.fast_reconnect_ms > 0:
        for name in kernels:
            log(f"startup, client reconnect interval {args.fast_reconnect_ms} ms: {LABELS.get(name, name)}")
            res["kernels"][name]["startup_fast_reconnect"] = bench_startup(
                name, args.starts, 0, args.poll, args.timeout, args.fast_reconnect_ms, log)
    log(f"round trip: {', '.join(LABELS.get(n, n) for n in kernels)} side by side, {args.warmup} warm-up + "
        f"{args.runs} runs per cell each, in turns of {args.block}")
    for name, rt in bench_roundtrip(kernels, args.runs, args.warmup, args.block, args.timeout, cells, log).items():
        res["kernels"][name]["roundtrip"] = rt
    res["host"]["loadavg_after"] = loadavg()

    if "gokernel" in kernels and "python3" in kernels:
        res["targets"] = targets(res)
        h = res["host"]
        print(f"Python {h['python_version']} {h['python']}, jupyter_client {h['jupyter_client']}, "
              f"pyzmq {h['pyzmq']} (libzmq {h['libzmq']}); {h['cpus']} CPUs ({h['cpu']}); "
              f"load average {h['loadavg_before']} before, {h['loadavg_after']} after")
        print()
        print(table(res))
        print()
        for t in res["targets"]:
            print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['target']}: {t['detail']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1, default=str)
        log(f"wrote {args.json}")
    if args.check and "targets" in res and not all(t["pass"] for t in res["targets"]):
        return 1
    return 0


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
