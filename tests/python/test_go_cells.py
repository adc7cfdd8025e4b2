"""Go cells through the real kernel, as JupyterLab sends them: auto-import,
redefinition, generics, error positions, completion, inspection, output from
goroutines and the log package, magics, and values rendered through their methods."""
import unittest

from jupyter_client.manager import start_new_kernel

from gokernel_testing import KERNEL_NAME, result_text, run_cell, shell_reply, stream_text


class GoCells(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL_NAME)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def ok(self, code, **kw):
        reply, outputs = run_cell(self.kc, code, **kw)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))
        return outputs

    def test_auto_import_and_mixed_cell(self):
        out = self.ok('func shout(s string) string { return strings.ToUpper(s) + "!" }\n'
                      'msg := shout("go")\nfmt.Println(msg)\nmath.Sqrt(81)')
        self.assertEqual(stream_text(out), "GO!\n")
        self.assertEqual(result_text(out), "9")

    def test_redefinition_reaches_callers(self):
        self.ok("func rate() float64 { return 0.1 }\nfunc price(x float64) float64 { return x * (1 + rate()) }")
        self.ok("func rate() float64 { return 0.5 }")
        self.assertEqual(result_text(self.ok("price(10)")), "15")

    def test_type_and_method_redefinition(self):
        self.ok("type Rec struct{ A int }\nr := Rec{1}\nfunc (r Rec) Describe() string { return \"old\" }")
        out = self.ok("type Rec struct{ A, B int }\nfunc (r Rec) Describe() string { return fmt.Sprint(\"A=\", r.A, \" B=\", r.B) }")
        self.assertEqual(result_text(self.ok("Rec{1, 2}.B")), "2")
        self.assertEqual(result_text(self.ok("r.Describe()")), '"A=1 B=0"')

    def test_generics(self):
        self.assertEqual(result_text(self.ok("min(3, 1, 2), max(2.5, 1)")), "1, 2.5")
        out = self.ok("func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\n"
                      "Map([]int{1, 2, 3}, func(i int) int { return i * i })")
        self.assertEqual(result_text(out), "[1 4 9]")
        self.assertEqual(result_text(self.ok("slices.Contains([]string{\"a\", \"b\"}, \"b\")")), "true")
        self.assertEqual(result_text(self.ok("total := 0\nfor i := range 4 {\n\ttotal += i\n}\ntotal")), "6")

    def test_runtime_error_names_kind_and_stack(self):
        reply, _ = run_cell(self.kc, "func at(xs []int, i int) int { return xs[i] }\nat([]int{1}, 5)")
        c = reply["content"]
        self.assertEqual(c["ename"], "runtime error")
        self.assertIn("index out of range", c["evalue"])
        self.assertTrue(any("at line" in line for line in c["traceback"]), c["traceback"])

    def test_compile_error_quotes_the_line(self):
        reply, _ = run_cell(self.kc, "x := 1\ny := x +\n\"s\"")
        c = reply["content"]
        self.assertEqual(c["ename"], "CompileError")
        self.assertTrue(any("^" in line for line in c["traceback"]))

    def test_output_from_goroutines_log_and_os_stdout(self):
        out = self.ok('var wg sync.WaitGroup\nwg.Add(1)\ngo func() { defer wg.Done(); fmt.Println("from goroutine") }()\nwg.Wait()\n'
                      'log.SetFlags(0)\nlog.Print("from log")\nos.Stdout.Write([]byte("raw write\\n"))')
        self.assertIn("from goroutine\n", stream_text(out))
        self.assertIn("raw write\n", stream_text(out))
        self.assertIn("from log", stream_text(out, "stderr"))

    def test_completion_before_running_and_fields(self):
        msg_id = self.kc.complete("var total int\ntot", 17)
        matches = shell_reply(self.kc, msg_id)["content"]["matches"]
        self.assertIn("total", matches)
        self.ok("type user struct{ Name string; Age int }\nu := user{\"ada\", 36}")
        reply = shell_reply(self.kc, self.kc.complete("u.Na", 4))["content"]
        self.assertEqual(reply["matches"], ["Name"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (2, 4))
        types = reply["metadata"]["_jupyter_types_experimental"]
        self.assertEqual(types[0]["type"], "field")

    def test_inspect_stdlib_and_session(self):
        reply = shell_reply(self.kc, self.kc.inspect("strings.Fields", 10))["content"]
        self.assertTrue(reply["found"])
        self.assertIn("func Fields(s string) []string", reply["data"]["text/plain"])
        self.ok("answer := 42")
        reply = shell_reply(self.kc, self.kc.inspect("answer", 3))["content"]
        self.assertIn("var answer int", reply["data"]["text/plain"])

    # An editor that knows your types: completion and inspection after cells declared
    # types with methods and doc comments.
    EDITOR_CELL = ("// Inner is embedded.\ntype Inner struct{ Depth int }\n"
                   "// Hello greets.\nfunc (i Inner) Hello() string { return \"hi\" }\n"
                   "// Stats holds counts.\ntype Stats struct{ N int }\n"
                   "// Add adds one.\nfunc (s *Stats) Add() { s.N++ }\n"
                   "// Get returns the count.\nfunc (s Stats) Get() int { return s.N }\n"
                   "type Tally struct {\n\tStats\n\tInner\n\t*strings.Builder\n}\n"
                   "// Limit caps the count.\nconst Limit = 10\n"
                   "st := &Stats{}\nsv := Stats{}\nta := Tally{Builder: &strings.Builder{}}")

    def complete(self, code, cursor=None):
        cursor = len(code) if cursor is None else cursor
        reply = shell_reply(self.kc, self.kc.complete(code, cursor))["content"]
        self.assertEqual(reply["status"], "ok")
        sigs = {t["text"]: t.get("signature", "") for t in reply["metadata"]["_jupyter_types_experimental"]}
        self.assertEqual(sorted(sigs), sorted(reply["matches"]))
        return reply, sigs

    def inspect(self, code, cursor=None, detail=0):
        cursor = len(code) if cursor is None else cursor
        reply = shell_reply(self.kc, self.kc.inspect(code, cursor, detail))["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(reply["found"], code)
        return reply["data"]["text/plain"]

    def test_completion_lists_methods_of_cell_types(self):
        self.ok(self.EDITOR_CELL)
        # A pointer variable: the methods of both receivers and the fields.
        _, sigs = self.complete("st.")
        for name, sig in {"Add": "func()", "Get": "func() int", "N": "int"}.items():
            self.assertEqual(sigs.get(name), sig, sigs)
        # A value variable: addressable, so the pointer methods too, as gopls offers.
        reply, sigs = self.complete("sv.")
        self.assertTrue({"Add", "Get", "N"} <= set(sigs), sigs)
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (3, 3))
        # What embedded fields promote: from cell types and from a compiled one.
        _, sigs = self.complete("ta.")
        for name in ["Add", "Get", "N", "Hello", "Depth", "WriteString", "Len", "Stats", "Inner", "Builder"]:
            self.assertIn(name, sigs)
        self.assertEqual(sigs["WriteString"], "func(string) (int, error)")
        reply, _ = self.complete("ta.He")
        self.assertEqual(reply["matches"], ["Hello"])

    def test_inspect_shows_cell_declarations_with_doc_comments(self):
        self.ok(self.EDITOR_CELL)
        text = self.inspect("Stats")
        self.assertIn("type Stats struct{ N int }", text)
        self.assertIn("Stats holds counts.", text)
        text = self.inspect("st.Add")
        self.assertTrue(text.startswith("func (s *Stats) Add()"), text)
        self.assertIn("Add adds one.", text)
        self.assertIn("Hello greets.", self.inspect("ta.Hello"))
        self.assertIn("func (b *Builder) WriteString(s string) (int, error)", self.inspect("ta.WriteString"))
        text = self.inspect("Limit")
        self.assertIn("const Limit untyped int = 10", text)
        self.assertIn("Limit caps the count.", text)
        # Detail level 1 (?? in a notebook) is the source, comment included.
        self.assertIn("// Add adds one.\nfunc (s *Stats) Add() { s.N++ }", self.inspect("st.Add", detail=1))

    def test_inspect_inside_call_parentheses(self):
        self.ok(self.EDITOR_CELL)
        for code in ["strings.Split(", "strings.Split(s, ", "strings.Split(s, se"]:
            text = self.inspect(code)
            self.assertTrue(text.startswith("func Split(s, sep string) []string"), (code, text))
            self.assertIn("Split slices s into all substrings", text)
        text = self.inspect("st.Add(")
        self.assertTrue(text.startswith("func (s *Stats) Add()"), text)
        self.assertIn("Add adds one.", text)
        # The cursor on an argument in the middle of the code.
        code = "parts := strings.Split(line, \",\")\nlen(parts)"
        self.assertIn("func Split(", self.inspect(code, code.index("line") + 2))

    def test_completion_of_import_paths(self):
        for code, start in [('import "encoding/', 8), ('import (\n\t"fmt"\n\t"encoding/', 18),
                            ('import (\n\tj "encoding/', 13)]:
            reply, sigs = self.complete(code)
            self.assertIn("encoding/json", reply["matches"])
            self.assertIn("encoding/csv", reply["matches"])
            self.assertNotIn("fmt", reply["matches"])
            self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (start, len(code)))
            self.assertEqual(sigs["encoding/json"], "package json")
        # The editor's closing quote after the cursor.
        reply, _ = self.complete('import "gonum.org/v1/gonum/ma"', 29)
        self.assertEqual(reply["matches"], ["gonum.org/v1/gonum/mat"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (8, 29))

    def test_completion_signatures_are_go(self):
        self.ok(self.EDITOR_CELL)
        _, sigs = self.complete("math.P")
        self.assertEqual(sigs["Pi"], "const Pi untyped float = 3.141592653589793")
        self.assertEqual(sigs["Pow"], "func(float64, float64) float64")
        _, sigs = self.complete("math.MaxInt6")
        self.assertEqual(sigs["MaxInt64"], "const MaxInt64 untyped int = 9223372036854775807")
        _, sigs = self.complete("time.Seco")
        self.assertEqual(sigs["Second"], "const Second time.Duration = 1000000000")
        _, sigs = self.complete("Lim")
        self.assertEqual(sigs["Limit"], "const Limit untyped int = 10")
        # A method: no receiver as first parameter.
        self.ok("var editorSB strings.Builder")
        _, sigs = self.complete("editorSB.WriteS")
        self.assertEqual(sigs["WriteString"], "func(string) (int, error)")
        for sig in sigs.values():
            self.assertNotIn("*strings.Builder,", sig)

    def test_magics(self):
        out = self.ok("!echo shell says hi\n%time\nn := 0\nfor i := 0; i < 1000; i++ { n += i }\nn")
        self.assertIn("shell says hi\n", stream_text(out))
        self.assertIn("Time: ", stream_text(out))
        self.assertEqual(result_text(out), "499500")
        reply, _ = run_cell(self.kc, "%bogus")
        self.assertEqual(reply["content"]["ename"], "MagicError")

    def test_values_render_through_their_methods(self):
        out = self.ok('type temp float64\nfunc (t temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }\ntemp(21.5)')
        self.assertEqual(result_text(out), "21.5°C")
        out = self.ok('type badge string\nfunc (b badge) HTML() string { return "<b>" + string(b) + "</b>" }\nbadge("go")')
        results = [m for m in out if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/html"], "<b>go</b>")

    def test_plot_as_last_line(self):
        out = self.ok("p := plot.New()\np.Title.Text = \"empty\"\np")
        results = [m for m in out if m["msg_type"] == "execute_result"]
        self.assertIn("image/png", results[0]["content"]["data"])


if __name__ == "__main__":
    unittest.main()
