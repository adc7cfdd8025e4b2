"""Lineage through the real kernel and jupyter_client: cell ids in execute_request
metadata, stale cells in the reply metadata and in %stale, %slice reproducing a value
in a fresh kernel, the log across a kernel restart and a worker crash, and a store that
cannot be written."""
import json
import os
import re
import subprocess
import tempfile
import unittest

from jupyter_client.manager import start_new_kernel

from gokernel_testing import KERNEL_NAME, TIMEOUT, stream_text


def run_in_cell(kc, code, cell_id=None, deleted=None, timeout=TIMEOUT):
    """Execute code as the cell cell_id (metadata.cellId, as JupyterLab sends it) and
    return (reply, outputs)."""
    content = dict(code=code, silent=False, store_history=True, user_expressions={},
                   allow_stdin=False, stop_on_error=True)
    metadata = {}
    if cell_id is not None:
        metadata["cellId"] = cell_id
    if deleted:
        metadata["deletedCells"] = deleted
    msg = kc.session.msg("execute_request", content, metadata=metadata)
    kc.shell_channel.send(msg)
    msg_id = msg["header"]["msg_id"]
    outputs = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
        outputs.append(m)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply, outputs


def lineage_of(reply):
    return reply["metadata"]["gokernel"]


class LineageCase(unittest.TestCase):
    def start(self, store):
        env = dict(os.environ, GOKERNEL_STORE=store)
        km, kc = start_new_kernel(kernel_name=KERNEL_NAME, env=env)
        self.addCleanup(km.shutdown_kernel, now=True)
        self.addCleanup(kc.stop_channels)
        return km, kc

    def setUp(self):
        self.store = tempfile.mkdtemp(prefix="gokernel-store-")
        self.km, self.kc = self.start(self.store)

    def run_ok(self, code, cell_id=None, **kw):
        reply, outputs = run_in_cell(self.kc, code, cell_id, **kw)
        self.assertEqual(reply["content"]["status"], "ok", (code, outputs))
        return reply, outputs


class TestStale(LineageCase):
    def test_edit_and_rerun_marks_downstream_cells_stale(self):
        r, _ = self.run_ok("x := 1", "A")
        self.assertEqual(lineage_of(r)["defined"], ["x"])
        r, _ = self.run_ok("y := x * 10", "B")
        self.assertEqual(lineage_of(r)["read"], ["x"])
        self.run_ok("z := y + 1", "C")
        self.run_ok("other := 5", "D")
        # A is edited and run again: B used the old x, C the y built from it.
        r, _ = self.run_ok("x := 2", "A")
        self.assertEqual(lineage_of(r)["stale"], ["B", "C"])
        _, outputs = self.run_ok("%stale")
        text = stream_text(outputs)
        self.assertIn("2 stale cell(s)", text)
        self.assertRegex(text, r"\[2\] \(cell B\): x changed by \[5\]")
        self.assertRegex(text, r"\[3\] \(cell C\): y comes from stale cell \[2\]")
        # A cell reading y now is warned where y came from.
        _, outputs = self.run_ok("y + 0", "E")
        self.assertIn("y comes from cell [2], which is out of date", stream_text(outputs, "stderr"))
        self.run_ok("%lineage warn off")
        _, outputs = self.run_ok("y + 1", "E")
        self.assertEqual(stream_text(outputs, "stderr"), "")
        # Re-running in order clears it.
        r, _ = self.run_ok("y := x * 10", "B")
        self.assertEqual(lineage_of(r)["stale"], ["C", "E"])
        self.run_ok("z := y + 1", "C")
        r, _ = self.run_ok("y + 1", "E")
        self.assertEqual(lineage_of(r)["stale"], [])

    def test_reading_a_value_the_cell_just_assigned_is_not_a_stale_read(self):
        self.run_ok("x := 1", "A")
        self.run_ok("y := x + 1", "B")
        self.run_ok("x := 2", "A")
        # y is replaced before it is read: the cell reads its own y, not B's.
        r, outputs = self.run_ok("y = x * 10\nfmt.Println(y)", "C")
        self.assertEqual(stream_text(outputs, "stderr"), "")
        self.assertEqual(lineage_of(r)["read"], ["x"])
        self.assertEqual(stream_text(outputs), "20\n")

    def test_redefined_method_makes_its_callers_stale(self):
        self.run_ok("type Counter struct{ n int }\nfunc (c *Counter) Add() { c.n++ }\nctr := &Counter{}", "A")
        r, _ = self.run_ok("ctr.Add()", "B")
        self.assertEqual(lineage_of(r)["read"], ["Counter.Add", "ctr"])
        r, _ = self.run_ok("func (c *Counter) Add() { c.n += 2 }", "C")
        self.assertEqual(lineage_of(r)["stale"], ["B"])

    def test_changes_are_confirmed_by_value(self):
        self.run_ok("xs := []int{1, 2, 3}", "A")
        self.run_ok("head := xs[:2]", "B")
        r, _ = self.run_ok("head[0] = 9", "C")
        self.assertEqual(lineage_of(r)["changed"], ["head", "xs"])
        r, _ = self.run_ok("head[0] = 9", "C")
        self.assertEqual(lineage_of(r)["changed"], [])
        r, _ = self.run_ok("fmt.Println(len(xs))", "D")
        self.assertEqual(lineage_of(r)["changed"], [])

    def test_deleted_cell_is_not_stale(self):
        self.run_ok("x := 1", "A")
        self.run_ok("y := x + 1", "B")
        r, _ = self.run_ok("x := 3", "C", deleted=["B"])
        self.assertEqual(lineage_of(r)["stale"], [])

    def test_lineage_magics_answer_and_refuse_mixing(self):
        self.run_ok("a := 1", "A")
        self.run_ok("b := a + 1", "B")
        _, outputs = self.run_ok("%lineage")
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        self.assertEqual(len(shown), 1)
        self.assertTrue(shown[0]["content"]["data"]["image/svg+xml"].startswith("<svg"))
        self.assertIn("defines b", shown[0]["content"]["data"]["text/plain"])
        reply, _ = run_in_cell(self.kc, "%stale\nc := 1", "X")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("cell of their own", reply["content"]["evalue"])
        reply, _ = run_in_cell(self.kc, "%slice nothing", "X")
        self.assertEqual(reply["content"]["status"], "error")


class TestSlice(LineageCase):
    def test_slice_reproduces_the_value_in_a_fresh_kernel(self):
        self.run_ok("base := []float64{1, 2, 3}", "A")
        self.run_ok("noise := 99", "N")
        self.run_ok("scaled := make([]float64, len(base))\nfor i, v := range base {\n\tscaled[i] = v * 2\n}", "B")
        self.run_ok("unrelated := noise * 2", "U")
        r, _ = self.run_ok("total := 0.0\nfor _, v := range scaled {\n\ttotal += v\n}", "C")
        want = lineage_of(r)["hashes"]["total"]
        self.assertTrue(want.startswith("xxh3-128:"), want)
        _, outputs = self.run_ok("%slice total")
        text = stream_text(outputs)
        self.assertIn("3 cell(s)", text)
        self.assertNotIn("noise", text)
        cells = [c.strip() for c in re.split(r"^// \[\d+\].*$", text, flags=re.M)[1:]]
        self.assertEqual(len(cells), 3, text)
        _, kc = self.start(tempfile.mkdtemp(prefix="gokernel-store-"))
        last = None
        for code in cells:
            last, outs = run_in_cell(kc, code)
            self.assertEqual(last["content"]["status"], "ok", (code, outs))
        self.assertEqual(lineage_of(last)["hashes"]["total"], want)


class TestLog(LineageCase):
    def gokernel_lineage(self, *args):
        out = subprocess.run(["gokernel", "lineage", self.store, *args], check=True,
                             capture_output=True, text=True, timeout=TIMEOUT)
        return out.stdout

    def test_log_survives_restart_and_crash(self):
        self.run_ok("kept := 1", "A")
        reply, _ = run_in_cell(self.kc, 'go func() { panic("boom") }()\nselect {}', "B")
        self.assertEqual(reply["content"]["status"], "error")
        self.run_ok("after := 2", "C")
        self.km.restart_kernel(now=True)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.run_ok("again := 3", "D")
        views = json.loads(self.gokernel_lineage("--json", "--all"))
        self.assertEqual(len(views), 2)
        first = [(e["cell_id"], e["status"]) for e in views[0]["executions"]]
        self.assertEqual(first, [("A", "ok"), ("B", "crashed"), ("C", "ok")])
        self.assertEqual([e["cell_id"] for e in views[1]["executions"]], ["D"])
        self.assertIn("defines again", self.gokernel_lineage())


class TestUnwritableStore(unittest.TestCase):
    def test_kernel_keeps_working_and_says_so_once(self):
        blocker = tempfile.NamedTemporaryFile(prefix="gokernel-not-a-dir-")
        self.addCleanup(blocker.close)
        env = dict(os.environ, GOKERNEL_STORE=os.path.join(blocker.name, "store"))
        km, kc = start_new_kernel(kernel_name=KERNEL_NAME, env=env)
        self.addCleanup(km.shutdown_kernel, now=True)
        self.addCleanup(kc.stop_channels)
        reply, outputs = run_in_cell(kc, "x := 1", "A")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("execution log is not being recorded", stream_text(outputs, "stderr"))
        reply, outputs = run_in_cell(kc, "y := x + 1", "B")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(stream_text(outputs, "stderr"), "")
        reply, _ = run_in_cell(kc, "x := 5", "A")
        self.assertEqual(reply["metadata"]["gokernel"]["stale"], ["B"])


if __name__ == "__main__":
    unittest.main()
