#!/usr/bin/python3
"""Run Go programs as single cells of fresh gokernel kernels, the way Jupyter does.

Reads one JSON object per line on stdin:

    {"id": "ken/array.go", "code": "...", "timeout": 20, "cwd": "/usr/local/go/test/ken"}

and for each starts a fresh kernel (in cwd, if given) (jupyter_client KernelManager, kernel_name
"gokernel" unless --kernel says otherwise), sends the code as one execute_request,
collects what iopub publishes for it until the kernel is idle again, shuts the kernel
down and writes one JSON object per line on stdout:

    {"id": ..., "status": "ok"|"error"|"timeout"|"start_failed", "stdout": ...,
     "stderr": ..., "ename": ..., "evalue": ..., "traceback": [...], "seconds": ...}

On timeout the kernel is interrupted, given a moment, then shut down.
Run it with the Python that has jupyter_client (/usr/bin/python3 on Debian);
bench/gotests (the Go runner) starts it.
"""

import argparse
import json
import queue
import sys
import time

from jupyter_client import KernelManager


def run_one(kernel_name, code, timeout, cwd=None):
    res = {"status": "", "stdout": "", "stderr": "", "ename": "", "evalue": "",
           "traceback": []}
    km = KernelManager(kernel_name=kernel_name)
    try:
        km.start_kernel(**({"cwd": cwd} if cwd else {}))
    except Exception as e:  # noqa: BLE001 - reported, not raised
        res.update(status="start_failed", ename=type(e).__name__, evalue=str(e))
        return res
    kc = km.client()
    kc.start_channels()
    try:
        try:
            kc.wait_for_ready(timeout=30)
        except Exception as e:  # noqa: BLE001
            res.update(status="start_failed", ename=type(e).__name__, evalue=str(e))
            return res
        msg_id = kc.execute(code, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        out, err = [], []
        idle = False
        while not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                m = kc.get_iopub_msg(timeout=min(left, 1.0))
            except queue.Empty:
                if not km.is_alive():
                    res.update(ename="KernelDied", evalue="kernel process exited")
                    break
                continue
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            t, c = m["msg_type"], m["content"]
            if t == "stream":
                (out if c.get("name") == "stdout" else err).append(c.get("text", ""))
            elif t == "error":
                res.update(ename=c.get("ename", ""), evalue=c.get("evalue", ""),
                           traceback=c.get("traceback", []))
            elif t == "status" and c.get("execution_state") == "idle":
                idle = True
        res["stdout"], res["stderr"] = "".join(out), "".join(err)
        if not idle:
            res["status"] = "timeout" if not res["ename"] else "error"
            try:
                km.interrupt_kernel()
                time.sleep(0.5)
            except Exception:  # noqa: BLE001
                pass
            return res
        try:
            reply = kc.get_shell_msg(timeout=5)
            while reply.get("parent_header", {}).get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=5)
            c = reply["content"]
            res["status"] = c.get("status", "")
            if res["status"] == "error" and not res["ename"]:
                res.update(ename=c.get("ename", ""), evalue=c.get("evalue", ""),
                           traceback=c.get("traceback", []))
        except queue.Empty:
            res["status"] = "error" if res["ename"] else "ok"
        return res
    finally:
        kc.stop_channels()
        try:
            km.shutdown_kernel(now=False, restart=False)
        except Exception:  # noqa: BLE001
            try:
                km.shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001
                pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default="gokernel")
    args = ap.parse_args()
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        t0 = time.monotonic()
        res = run_one(args.kernel, req["code"], float(req.get("timeout", 20)), req.get("cwd"))
        res["id"] = req.get("id", "")
        res["seconds"] = round(time.monotonic() - t0, 3)
        sys.stdout.write(json.dumps(res) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
