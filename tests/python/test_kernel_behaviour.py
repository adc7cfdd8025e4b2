"""gokernel's behaviour through jupyter_client: the worker process, interrupts, crashes,
stdin, history, stop_on_error and bad input."""
import json
import re
import time
import unittest

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session
from jupyter_client.session import Session

from gokernel_testing import (KERNEL_NAME, TIMEOUT, result_text, run_cell, shell_reply,
                              stream_text, wait_for_iopub)


class KernelCase(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL_NAME)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def assertStillServes(self):
        reply, outputs = run_cell(self.kc, "40 + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_text(outputs), "42")


class TestExecution(KernelCase):
    def test_state_persists_between_cells(self):
        run_cell(self.kc, "a := 20")
        reply, outputs = run_cell(self.kc, "a + 22")
        self.assertEqual(result_text(outputs), "42")
        self.assertEqual(reply["content"]["execution_count"], 2)

    def test_imports_then_statements(self):
        reply, outputs = run_cell(self.kc, 'import "fmt"\nfmt.Println("hi")')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(stream_text(outputs), "hi\n")

    def test_stream_arrives_while_the_cell_runs(self):
        # The cell prints, then waits for input: the answer is given only once the
        # printed line has arrived, so the line cannot have been held until the end.
        seen = []

        def answer(msg):
            while True:
                m = self.kc.get_iopub_msg(timeout=TIMEOUT)
                if m["msg_type"] == "stream":
                    seen.append(m["content"]["text"])
                    break
            self.kc.input("go on")

        code = 'import "fmt"\nfmt.Println("before input")\nvar s string\nfmt.Scanln(&s)\ns'
        msg_id = self.kc.execute(code, allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(req["msg_type"], "input_request")
        answer(req)
        reply = shell_reply(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(seen, ["before input\n"])

    def test_user_expressions(self):
        run_cell(self.kc, "n := 21")
        reply, _ = run_cell(self.kc, "n++", user_expressions={"double": "n * 2", "bad": "nope"})
        ue = reply["content"]["user_expressions"]
        self.assertEqual(ue["double"]["status"], "ok")
        self.assertEqual(ue["double"]["data"]["text/plain"], "44")
        self.assertEqual(ue["bad"]["status"], "error")

    def test_compile_error_points_at_the_cell_line(self):
        reply, outputs = run_cell(self.kc, 'import "fmt"\n\nfmt.Println(undefinedThing)')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CompileError")
        self.assertIn("line 3:13", reply["content"]["evalue"])
        self.assertIn("undefined: undefinedThing", reply["content"]["evalue"])

    def test_silent_execution_publishes_nothing(self):
        reply, outputs = run_cell(self.kc, 'import "fmt"\nfmt.Println("quiet")\n1', silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs if m["msg_type"] != "status"], [])


class TestWorkerFailures(KernelCase):
    def test_goroutine_panic_restarts_worker(self):
        code = 'import "time"\ngo func() { panic("boom in goroutine") }()\ntime.Sleep(5 * time.Second)'
        reply, outputs = run_cell(self.kc, code)
        c = reply["content"]
        self.assertEqual(c["status"], "error")
        self.assertEqual(c["ename"], "WorkerDied")
        self.assertIn("panic: boom in goroutine", c["evalue"])
        self.assertTrue(any("variables were lost" in line for line in c["traceback"]))
        # The cell's line, and none of the interpreter's own Go stack, in the error or
        # in the cell's output.
        plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in c["traceback"]]
        self.assertIn("  cell.func1 at line 2:13", plain)
        shown = "\n".join(plain) + stream_text(outputs, "stderr") + stream_text(outputs)
        for internal in ("github.com/traefik/yaegi", "goroutine ", "[recovered"):
            self.assertNotIn(internal, shown)
        self.assertStillServes()

    def test_goroutine_runtime_error_reads_as_go(self):
        code = ('import "time"\nxs := []int{1, 2, 3}\ngo func(i int) {\n'
                '\tfmt.Println(xs[i])\n}(5)\ntime.Sleep(5 * time.Second)')
        reply, outputs = run_cell(self.kc, code)
        c = reply["content"]
        self.assertEqual(c["ename"], "WorkerDied")
        self.assertTrue(c["evalue"].endswith("panic: runtime error: index out of range"), c["evalue"])
        plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in c["traceback"]]
        self.assertIn("  cell.func1 at line 4:14", plain)
        self.assertNotIn("reflect", c["evalue"] + stream_text(outputs, "stderr"))
        self.assertStillServes()

    def test_os_exit_restarts_worker(self):
        reply, _ = run_cell(self.kc, 'import "os"\nos.Exit(3)')
        self.assertEqual(reply["content"]["ename"], "WorkerDied")
        self.assertIn("os.Exit(3)", reply["content"]["evalue"])
        self.assertStillServes()

    def test_panic_in_cell_keeps_state(self):
        run_cell(self.kc, "kept := 5")
        reply, outputs = run_cell(self.kc, 'panic("cell panic")')
        self.assertEqual(reply["content"]["ename"], "panic")
        self.assertEqual(reply["content"]["evalue"], "cell panic")
        reply, outputs = run_cell(self.kc, "kept")
        self.assertEqual(result_text(outputs), "5")


class TestInterrupt(KernelCase):
    def interrupt_after_busy(self, code):
        msg_id = self.kc.execute(code)
        wait_for_iopub(self.kc, msg_id, lambda m: m["msg_type"] == "execute_input")
        time.sleep(0.3)
        self.km.interrupt_kernel()
        return shell_reply(self.kc, msg_id)

    def test_interrupt_stops_a_loop_and_keeps_state(self):
        run_cell(self.kc, "kept := 7")
        reply = self.interrupt_after_busy("for {}")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        reply, outputs = run_cell(self.kc, "kept")
        self.assertEqual(result_text(outputs), "7")

    def test_sigint_interrupts_like_the_message(self):
        import signal
        msg_id = self.kc.execute("for {}")
        wait_for_iopub(self.kc, msg_id, lambda m: m["msg_type"] == "execute_input")
        time.sleep(0.3)
        self.km.signal_kernel(signal.SIGINT)
        reply = shell_reply(self.kc, msg_id)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertStillServes()

    def test_interrupt_of_a_blocked_native_call_restarts_worker(self):
        start = time.monotonic()
        reply = self.interrupt_after_busy('import "time"\ntime.Sleep(time.Hour)')
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertIn("restarted", reply["content"]["evalue"])
        self.assertLess(time.monotonic() - start, 60)
        self.assertStillServes()


class TestStdin(KernelCase):
    def test_fmt_scan_reads_through_input_request(self):
        prompts = []

        def hook(msg):
            prompts.append(msg["content"])
            self.kc.input("gopher")

        code = 'import "fmt"\nvar name string\nfmt.Scan(&name)\nname'
        reply, outputs = run_cell(self.kc, code, allow_stdin=True, stdin_hook=hook)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_text(outputs), '"gopher"')
        self.assertEqual(len(prompts), 1)

    def test_bufio_on_os_stdin(self):
        code = ('import (\n\t"bufio"\n\t"os"\n)\n'
                'sc := bufio.NewScanner(os.Stdin)\nsc.Scan()\nsc.Text()')
        reply, outputs = run_cell(self.kc, code, allow_stdin=True,
                                  stdin_hook=lambda m: self.kc.input("a whole line"))
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_text(outputs), '"a whole line"')

    def test_stdin_not_allowed_is_a_clear_error(self):
        code = 'import "fmt"\nvar s string\n_, err := fmt.Scan(&s)\nerr'
        reply, outputs = run_cell(self.kc, code, allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("stdin is not available", result_text(outputs))


class TestQueueAndHistory(KernelCase):
    def test_stop_on_error_aborts_queued_executes(self):
        first = self.kc.execute('import "time"\ntime.Sleep(500 * time.Millisecond)\npanic("first fails")')
        second = self.kc.execute("1 + 1")
        third = self.kc.execute("2 + 2")
        self.assertEqual(shell_reply(self.kc, first)["content"]["status"], "error")
        self.assertEqual(shell_reply(self.kc, second)["content"]["status"], "aborted")
        self.assertEqual(shell_reply(self.kc, third)["content"]["status"], "aborted")
        self.assertStillServes()

    def test_history_survives_restart(self):
        marker = "history_marker_%d := 1" % int(time.time() * 1000)
        run_cell(self.kc, marker)
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL_NAME)
        msg_id = self.kc.history(hist_access_type="search", pattern="history_marker_*", output=False, raw=True)
        reply = shell_reply(self.kc, msg_id)
        inputs = [h[2] for h in reply["content"]["history"]]
        self.assertIn(marker, inputs)


class TestBadInput(KernelCase):
    def test_bad_signature_is_dropped_and_kernel_keeps_serving(self):
        forged = Session(key=b"not-the-key", username="mallory")
        forged.send(self.kc.shell_channel.socket, "execute_request",
                    {"code": 'panic("must never run")', "silent": False})
        # A correctly signed request right after is answered, and is the only reply.
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertStillServes()

    def test_malformed_content_gets_an_error_reply(self):
        msg = self.kc.session.msg("execute_request", {"code": 5})
        self.kc.shell_channel.send(msg)
        reply = shell_reply(self.kc, msg["header"]["msg_id"])
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "MalformedMessage")
        self.assertStillServes()

    def test_unknown_request_is_answered(self):
        msg = self.kc.session.msg("frobnicate_request", {})
        self.kc.shell_channel.send(msg)
        reply = shell_reply(self.kc, msg["header"]["msg_id"])
        self.assertEqual(reply["msg_type"], "frobnicate_reply")
        self.assertEqual(reply["content"]["status"], "error")

    def test_shell_requests_on_control_are_refused(self):
        import os
        import tempfile
        path = os.path.join(tempfile.mkdtemp(prefix="gokernel-control-"), "ran")

        def control_reply(msg_id):
            while True:
                reply = self.kc.get_control_msg(timeout=TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply

        code = 'import "os"\nos.WriteFile(%s, []byte("ran"), 0o644)' % json.dumps(path)
        msg = self.kc.session.msg("execute_request", {"code": code, "silent": False})
        self.kc.control_channel.send(msg)
        reply = control_reply(msg["header"]["msg_id"])
        self.assertEqual(reply["msg_type"], "execute_reply")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "InvalidChannel")
        self.assertIn("shell channel", reply["content"]["evalue"])

        msg = self.kc.session.msg("complete_request", {"code": "fm", "cursor_pos": 2})
        self.kc.control_channel.send(msg)
        reply = control_reply(msg["header"]["msg_id"])
        self.assertEqual(reply["msg_type"], "complete_reply")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "InvalidChannel")

        # What belongs on control is still served there.
        msg = self.kc.session.msg("kernel_info_request", {})
        self.kc.control_channel.send(msg)
        reply = control_reply(msg["header"]["msg_id"])
        self.assertEqual(reply["content"]["status"], "ok")

        # A cell on shell runs after anything the worker was given before it, so a
        # refused cell that had run anyway would have written the file by now.
        self.assertStillServes()
        self.assertFalse(os.path.exists(path), "the execute_request sent on control ran")
        # The refused cell took no execution count.
        reply, _ = run_cell(self.kc, "1")
        self.assertEqual(reply["content"]["execution_count"], 2)


class TestIPCTransport(unittest.TestCase):
    def test_kernel_over_ipc(self):
        import tempfile
        from jupyter_client.manager import KernelManager
        with tempfile.TemporaryDirectory() as tmp:
            km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=tmp + "/kernel-ipc")
            km.start_kernel()
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=TIMEOUT)
                reply, outputs = run_cell(kc, "6 * 7")
                self.assertEqual(result_text(outputs), "42")
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()


class TestOutputFloods(KernelCase):
    """A cell that floods iopub is cut off with one notice (kernel/ratelimit.go) and the
    kernel keeps serving; a huge trailing value is shortened (interp/format.go)."""

    def notices(self, outputs):
        return [m for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"
                and "output rate exceeded" in m["content"]["text"]]

    def test_printing_50mb_is_cut_off_with_one_notice(self):
        code = ('import (\n\t"fmt"\n\t"strings"\n)\n'
                'line := strings.Repeat("x", 999)\n'
                'for i := 0; i < 50000; i++ {\n\tfmt.Println(line)\n}\n"done"')
        reply, outputs = run_cell(self.kc, code, timeout=300)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_text(outputs), '"done"')
        notices = self.notices(outputs)
        self.assertEqual(len(notices), 1, [m["content"]["text"][:200] for m in notices])
        self.assertIn("GOKERNEL_IOPUB_RATE_LIMIT", notices[0]["content"]["text"])
        self.assertLess(len(stream_text(outputs)), 10_000_000)
        # The next cell starts with a fresh budget: none of its output is dropped.
        reply, outputs = run_cell(self.kc, 'fmt.Println("after the flood")\nfmt.Println(len(line))')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(stream_text(outputs), "after the flood\n999\n")
        self.assertEqual(self.notices(outputs), [])

    def test_100000_display_updates_finish(self):
        code = ('import "strconv"\nh := display.New(display.TextBundle("start"))\n'
                'for i := 1; i <= 100000; i++ {\n\th.Update(display.TextBundle(strconv.Itoa(i)))\n}\n'
                'h.ID()')
        reply, outputs = run_cell(self.kc, code, timeout=600)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(len(self.notices(outputs)), 1)
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertLess(len(updates), 50_000)
        # Updates past the limit are coalesced, not lost: the last one is sent, if not
        # before the cell's idle then just after it.
        last = updates[-1] if updates else None
        if last is None or last["content"]["data"]["text/plain"] != "100000":
            last = wait_for_iopub(
                self.kc, reply["parent_header"]["msg_id"],
                lambda m: m["msg_type"] == "update_display_data"
                and m["content"]["data"]["text/plain"] == "100000")
        self.assertEqual(last["content"]["transient"]["display_id"], json.loads(result_text(outputs)))
        self.assertStillServes()

    def test_huge_trailing_slice_is_shortened(self):
        code = "xs := make([]int, 100000)\nfor i := range xs {\n\txs[i] = i\n}\nxs"
        reply, outputs = run_cell(self.kc, code, timeout=120)
        self.assertEqual(reply["content"]["status"], "ok")
        text = result_text(outputs)
        self.assertLess(len(text), 100 * 1024)
        self.assertTrue(text.startswith("[0 1 2 3 "), text[:40])
        self.assertIn("998 999 ... (99000 more)]", text)
        self.assertIn("fmt.Println", text)


class TestProtocolLoad(KernelCase):
    """Point 2 of the reliability issue: several clients, and a deep queue."""

    def second_client(self):
        # A client of its own session, as a second front end is: clients made by one
        # KernelManager share its session id, which jupyter_client also uses as the
        # shell socket's ZeroMQ identity, so the kernel could not tell them apart.
        kc = self.km.client(session=Session(key=self.km.session.key,
                                            signature_scheme=self.km.session.signature_scheme))
        kc.start_channels()
        kc.wait_for_ready(timeout=TIMEOUT)
        self.addCleanup(kc.stop_channels)
        return kc

    def test_two_clients_interleaved_on_shell(self):
        other = self.second_client()
        sent = []
        for i in range(20):
            kc = self.kc if i % 2 == 0 else other
            sent.append((kc, kc.execute("v%d := %d\nv%d * 2" % (i, i, i))))
        # Each client gets the replies to its own requests, in the order it sent
        # them, each with its request as parent.
        for kc in (self.kc, other):
            mine = [msg_id for c, msg_id in sent if c is kc]
            got = []
            while len(got) < len(mine):
                msg = kc.get_shell_msg(timeout=TIMEOUT)
                if msg["msg_type"] == "kernel_info_reply":
                    continue  # wait_for_ready may have asked more than once
                self.assertEqual(msg["msg_type"], "execute_reply")
                self.assertEqual(msg["content"]["status"], "ok")
                got.append(msg["parent_header"]["msg_id"])
            self.assertEqual(got, mine)
        # The kernel ran them in the order they arrived: the last value holds.
        self.assertEqual(result_text(run_cell(self.kc, "v19 + v0")[1]), "19")

    def test_a_thousand_requests_queued_behind_a_long_cell(self):
        long_cell = self.kc.execute('import "time"\ntime.Sleep(2 * time.Second)\nqueued := 0')
        ids = [self.kc.execute("queued++", silent=False) for _ in range(1000)]
        self.assertEqual(shell_reply(self.kc, long_cell, timeout=120)["content"]["status"], "ok")
        got = []
        while len(got) < len(ids):
            msg = self.kc.get_shell_msg(timeout=120)
            if msg["msg_type"] == "kernel_info_reply":
                continue
            self.assertEqual(msg["content"]["status"], "ok", msg["content"])
            got.append(msg["parent_header"]["msg_id"])
        self.assertEqual(got, ids)
        self.assertEqual(result_text(run_cell(self.kc, "queued")[1]), "1000")

    def test_iopub_reaches_every_subscriber(self):
        others = [self.second_client(), self.second_client()]
        msg_id = self.kc.execute('fmt.Println("to everyone")')
        shell_reply(self.kc, msg_id)
        for kc in [self.kc] + others:
            msg = wait_for_iopub(kc, msg_id, lambda m: m["msg_type"] == "stream")
            self.assertEqual(msg["content"]["text"], "to everyone\n")
            wait_for_iopub(kc, msg_id, lambda m: m["msg_type"] == "status"
                           and m["content"]["execution_state"] == "idle")
