"""Helpers shared by gokernel's Python tests: the kernel name and a cell runner."""
import os
import queue
import time

KERNEL_NAME = os.environ.get("GOKERNEL_TEST_KERNEL", "gokernel")
TIMEOUT = 30


def run_cell(kc, code, timeout=TIMEOUT, allow_stdin=False, stdin_hook=None, **kw):
    """Execute code and return (reply, outputs): outputs are the iopub messages of the
    request between busy and idle, in order."""
    outputs = []

    def hook(msg):
        outputs.append(msg)

    reply = kc.execute_interactive(
        code, timeout=timeout, output_hook=hook, allow_stdin=allow_stdin,
        stdin_hook=stdin_hook, **kw)
    return reply, outputs


def stream_text(outputs, name="stdout"):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == name)


def result_text(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def wait_for_iopub(kc, parent_id, predicate, timeout=TIMEOUT):
    """Read iopub until a message of the request parent_id satisfies predicate."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == parent_id and predicate(msg):
            return msg
    raise AssertionError("no matching iopub message within %ss" % timeout)


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    """Read shell until the reply to msg_id arrives."""
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
