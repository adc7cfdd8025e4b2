"""Snapshots through the real kernel and jupyter_client: the session's variables survive
a crash of the worker (a goroutine's panic, os.Exit, SIGKILL from outside), %checkout
puts an earlier state back, %diff compares two states, %restore brings a notebook's
variables back in a new kernel, and a damaged store is a clear error."""
import glob
import json
import os
import random
import re
import signal
import subprocess
import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel

from gokernel_testing import KERNEL_NAME, TIMEOUT, result_text, stream_text
from test_lineage import run_in_cell

SETUP = """
type Song struct {
	Title string
	Plays int
	tags  []string
}
func (s Song) Score() float64 { return float64(s.Plays) * 1.5 }
"""

STATE = """
songs := []Song{{"a", 3, []string{"x"}}, {"b", 5, nil}}
byTitle := map[string]*Song{}
for i := range songs {
	byTitle[songs[i].Title] = &songs[i]
}
weights := make([]float64, 1000)
for i := range weights {
	weights[i] = float64(i) / 7
}
total := 0
scale := func(x float64) float64 { return x * 2 }
"""


class SnapshotCase(unittest.TestCase):
    def start(self, store, notebook=None):
        env = dict(os.environ, GOKERNEL_STORE=store)
        if notebook:
            env["JPY_SESSION_NAME"] = notebook
        km, kc = start_new_kernel(kernel_name=KERNEL_NAME, env=env)
        self.addCleanup(km.shutdown_kernel, now=True)
        self.addCleanup(kc.stop_channels)
        return km, kc

    def setUp(self):
        self.store = tempfile.mkdtemp(prefix="gokernel-store-")
        self.km, self.kc = self.start(self.store)

    def run_ok(self, code, kc=None):
        reply, outputs = run_in_cell(kc or self.kc, code)
        self.assertEqual(reply["content"]["status"], "ok", (code, outputs))
        return reply, outputs

    def value(self, expr, kc=None):
        _, outputs = self.run_ok(expr, kc)
        return result_text(outputs)

    def build_state(self, kc=None):
        self.run_ok(SETUP, kc)
        self.run_ok(STATE, kc)
        # A change through a pointer into the slice: both are stored together.
        self.run_ok('byTitle["b"].Plays = 50\ntotal = songs[0].Plays + songs[1].Plays', kc)

    def check_state(self, kc=None):
        self.assertEqual(self.value("total", kc), "53")
        self.assertEqual(self.value("songs[1].Plays", kc), "50")
        # Sharing survived: the map still points into the slice.
        self.assertEqual(self.value('byTitle["a"].Plays = 7; songs[0].Plays', kc), "7")
        self.assertEqual(self.value("songs[0].tags[0]", kc), '"x"')
        self.assertEqual(self.value("songs[1].Score()", kc), "75")
        self.assertEqual(self.value("weights[700]", kc), "100")
        # The func could not be stored: its declaration ran again.
        self.assertEqual(self.value("scale(4)", kc), "8")


class TestCrashRecovery(SnapshotCase):
    def crash_and_check(self, crash):
        self.build_state()
        reply, outputs = run_in_cell(self.kc, crash)
        self.assertEqual(reply["content"]["status"], "error")
        tb = "\n".join(reply["content"]["traceback"])
        self.assertIn("restored from its last snapshot", tb)
        self.assertRegex(tb, r"Restored \d+ variables: [^.]*byTitle[^.]*songs[^.]*total")
        self.assertIn("Recomputed by running their declaration again: scale", tb)
        self.assertNotIn("Lost", tb)
        self.check_state()

    def test_goroutine_panic(self):
        self.crash_and_check('go func() { panic("boom") }()\nselect {}')

    def test_os_exit(self):
        self.crash_and_check('os.Exit(3)')


class TestSigkill(SnapshotCase):
    def test_sigkill_between_cells(self):
        self.build_state()
        pid = int(self.value("os.Getpid()"))
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        reply, outputs = run_in_cell(self.kc, "total")
        self.assertEqual(reply["content"]["status"], "ok", outputs)
        err = stream_text(outputs, "stderr")
        self.assertIn("killed by signal", err)
        self.assertIn("restored from its last snapshot", err)
        self.assertEqual(result_text(outputs), "53")
        self.check_state()

    def test_sigkill_during_a_cell(self):
        self.build_state()
        pid = int(self.value("os.Getpid()"))
        content = dict(code='import "time"\ntime.Sleep(time.Hour)', silent=False, store_history=True,
                       user_expressions={}, allow_stdin=False, stop_on_error=True)
        msg = self.kc.session.msg("execute_request", content)
        self.kc.shell_channel.send(msg)
        time.sleep(1)
        os.kill(pid, signal.SIGKILL)
        while True:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                break
        self.assertEqual(reply["content"]["status"], "error")
        tb = "\n".join(reply["content"]["traceback"])
        self.assertIn("killed by signal", tb)
        self.assertIn("restored from its last snapshot", tb)
        self.check_state()


class TestCheckoutAndDiff(SnapshotCase):
    def test_checkout_and_back(self):
        self.run_ok("xs := []float64{1, 2, 3}\nn := 1")    # [1]
        self.run_ok("xs[1] = 20\nn = 2")                   # [2]
        self.run_ok('xs = append(xs, 4)\nlabel := "late"')  # [3]
        _, outputs = self.run_ok("%checkout 1")
        self.assertIn("Checked out the state after [1]", stream_text(outputs))
        self.assertEqual(self.value("xs"), "[1 2 3]")
        self.assertEqual(self.value("n"), "1")
        reply, outputs = run_in_cell(self.kc, "label")
        self.assertEqual(reply["content"]["status"], "error", "label was declared after [1]")
        _, outputs = self.run_ok("%checkout latest")
        self.assertEqual(self.value("xs"), "[1 20 3 4]")
        self.assertEqual(self.value("label"), '"late"')

    def test_export_magic(self):
        """%export writes the session as a flow that builds and reproduces its values."""
        self.run_ok('import "math/rand"\ntype Pt struct{ X, y float64 }')
        self.run_ok("pts := make([]Pt, 100)\nfor i := range pts { pts[i] = Pt{rand.Float64(), float64(i)} }")
        self.run_ok('fmt.Println("only prints")')
        self.run_ok("sum := 0.0\nfor _, p := range pts { sum += p.X + p.y }")
        out_dir = tempfile.mkdtemp(prefix="gokernel-export-")
        root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
        _, outputs = self.run_ok("%%export %s --replace %s" % (out_dir, root))
        text = stream_text(outputs)
        self.assertRegex(text, r"flow \S+: \d+ steps")
        for f in ("main.go", "go.mod", "go.sum", "dag.json"):
            self.assertTrue(os.path.exists(os.path.join(out_dir, f)), (f, text))
        with open(os.path.join(out_dir, "dag.json")) as f:
            dag = json.load(f)
        self.assertIn("sum", dag["artifacts"])
        self.assertTrue(dag["artifacts"]["sum"]["hash"].startswith("xxh3-128:"))
        subprocess.run(["go", "build", "-o", "flow-bin", "."], cwd=out_dir, check=True)
        store = tempfile.mkdtemp(prefix="gokernel-flow-store-")
        run = subprocess.run([os.path.join(out_dir, "flow-bin"), "--verify", "--store", store],
                             capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("sum matches the notebook", run.stderr)
        self.assertIn("pts matches the notebook", run.stderr)

    def test_diff(self):
        self.run_ok("xs := []float64{1, 2, 3, 4}\nm := map[string]int{\"a\": 1, \"b\": 2}\ngone := 1")  # [1]
        self.run_ok('xs[2] = 30.5\nm["c"] = 3\ndelete(m, "a")\nadded := "new"')                  # [2]
        _, outputs = self.run_ok("%diff 1 2")
        data = [m for m in outputs if m["msg_type"] == "display_data"][0]["content"]["data"]
        text, html = data["text/plain"], data["text/html"]
        self.assertIn("[1] → [2]", text)
        self.assertRegex(text, r"added\W+added|\+ added|added: added")
        self.assertRegex(text, r"xs.*1 of 4.*27\.5")
        self.assertRegex(text, r"m.*added.*c.*removed.*a|m.*removed.*a.*added.*c")
        self.assertIn("<table", html)
        _, outputs = self.run_ok("%diff 2 now")
        self.assertIn("no differences", stream_text(outputs) + str(outputs).lower())

    def test_bad_arguments(self):
        for magic, want in [("%checkout 99", "no execution [99]"), ("%checkout x", "not an execution count"),
                            ("%diff 1", "usage"), ("%snapshot budget 2XB", "unknown unit")]:
            reply, _ = run_in_cell(self.kc, magic)
            self.assertEqual(reply["content"]["status"], "error", magic)
            self.assertIn(want, reply["content"]["evalue"], magic)


class TestRestoreInNewKernel(SnapshotCase):
    def test_restore_after_restart(self):
        store = tempfile.mkdtemp(prefix="gokernel-store-")
        km, kc = self.start(store, notebook="music.ipynb")
        self.build_state(kc)
        km.shutdown_kernel(now=False)
        kc.stop_channels()
        km2, kc2 = self.start(store, notebook="music.ipynb")
        _, outputs = self.run_ok("%restore", kc2)
        self.assertIn("Restored the snapshot of music.ipynb", stream_text(outputs))
        self.check_state(kc2)


class TestKernelKilled(SnapshotCase):
    """SIGKILL of the kernel process (its worker dies with it) while the worker writes
    a snapshot: the store verifies clean, and a new kernel restores the newest."""

    def test_kernel_killed_during_snapshot_writes(self):
        rng = random.Random()
        for trial in range(5):
            store = tempfile.mkdtemp(prefix="gokernel-store-")
            km, kc = self.start(store, notebook="crash.ipynb")
            self.run_ok("n := %d" % trial, kc)
            self.run_ok('import crand "crypto/rand"\nnoise := make([]byte, 3<<20)\ncrand.Read(noise)\nn++', kc)
            time.sleep(rng.uniform(0, 0.3))
            os.kill(km.provisioner.process.pid, signal.SIGKILL)
            kc.stop_channels()
            verify = subprocess.run(["gokernel", "store", "verify", store], capture_output=True, text=True)
            self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
            km2, kc2 = self.start(store, notebook="crash.ipynb")
            _, outputs = self.run_ok("%restore", kc2)
            self.assertNotIn("Lost", stream_text(outputs))
            self.assertIn(self.value("n", kc2), (str(trial), str(trial + 1)))


class TestSnapshotControl(SnapshotCase):
    def test_off_and_forced(self):
        self.run_ok("a := 1")
        _, outputs = self.run_ok("%snapshot off")
        self.assertIn("Snapshots are off", stream_text(outputs))
        self.run_ok("a = 2")
        _, outputs = self.run_ok("%snapshot on")
        _, outputs = self.run_ok("%snapshot")
        self.assertRegex(stream_text(outputs), r"Snapshot [0-9a-f]{12}: 1 variable stored")
        reply, _ = run_in_cell(self.kc, "os.Exit(1)")
        self.assertIn("restored", "\n".join(reply["content"]["traceback"]))
        self.assertEqual(self.value("a"), "2")

    def test_damaged_object_names_the_variable(self):
        self.run_ok("big := make([]int, 10)\nsmall := 1")
        self.run_ok("0")  # runs once the snapshot of the cell before is written
        # Damage every object of the store in its middle: the restore says what is
        # lost and why.
        for path in glob.glob(os.path.join(self.store, "objects", "*", "*")):
            with open(path, "r+b") as f:
                data = bytearray(f.read())
                for i in range(len(data) // 2, len(data) // 2 + 4):
                    data[i] ^= 0xFF
                f.seek(0)
                f.write(data)
        reply, _ = run_in_cell(self.kc, "os.Exit(1)")
        tb = "\n".join(reply["content"]["traceback"])
        self.assertRegex(tb, r"The last snapshot could not be restored: the declarations of snapshot blake3:\w+: .*corrupt")
        reply, _ = run_in_cell(self.kc, "1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_damaged_value_loses_that_variable_alone(self):
        self.run_ok("big := make([]int, 100000)\nsmall := 1")
        self.run_ok("0")  # runs once the snapshot of the cell before is written
        manifests = sorted(glob.glob(os.path.join(self.store, "snapshots", "*.json")), key=os.path.getmtime)
        with open(manifests[-1]) as f:
            ref = json.load(f)["vars"]["big"]["ref"]
        digest = ref.split(":")[-1]
        path = os.path.join(self.store, "objects", digest[:2], digest[2:])
        if not os.path.exists(path):  # a chunk list: damage it
            path = glob.glob(os.path.join(self.store, "objects", digest[:2], digest[2:] + "*"))[0]
        with open(path, "r+b") as f:
            data = bytearray(f.read())
            data[len(data) // 2] ^= 0xFF
            f.seek(0)
            f.write(data)
        reply, _ = run_in_cell(self.kc, "os.Exit(1)")
        tb = "\n".join(reply["content"]["traceback"])
        self.assertIn("Restored 1 variable: small.", tb)
        self.assertRegex(tb, r"Lost 1 variable: big \(its stored value cannot be read: .*corrupt")
        self.assertEqual(self.value("small"), "1")


if __name__ == "__main__":
    unittest.main()
