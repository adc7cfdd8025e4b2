"""The Jupyter project's own conformance suite (jupyter_kernel_test) against gokernel."""
import unittest

import jupyter_kernel_test

from gokernel_testing import KERNEL_NAME


class GoKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")  // fmt is imported automatically'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        {"text": "fmt.Printl", "matches": {"Println"}},
        {"text": "strings.ToUpp", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": "import \"math\"\nmath.Sqr", "matches": {"Sqrt", "Sqrt2", "SqrtE", "SqrtPhi", "SqrtPi"}},
    ]

    complete_code_samples = ["x := 1", "func f() {}", 'import "fmt"', "for i := 0; i < 3; i++ {\n}"]
    incomplete_code_samples = ["func f() {", "xs := []int{1,\n", "for i := 0; i < 3; i++ {", "x := 1 +"]
    invalid_code_samples = ["x := )", "}", "func (]"]

    code_page_something = "?strings.Fields"

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "x := 20\nx + 22", "result": "42"},
        {"code": '"go" + "pher"', "result": '"gopher"'},
        {"code": "3.5 / 2", "result": "1.75"},
    ]

    code_display_data = [
        {"code": 'import "github.com/gokernel/gokernel/display"\ndisplay.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": 'import "github.com/gokernel/gokernel/display"\ndisplay.Markdown("# title")', "mime": "text/markdown"},
    ]

    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "strings.Fields"

    code_clear_output = 'import "github.com/gokernel/gokernel/display"\ndisplay.Clear(false)'


if __name__ == "__main__":
    unittest.main()
