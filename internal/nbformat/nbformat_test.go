package nbformat

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	nb, err := Parse([]byte(`{
 "nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gokernel"}},
 "cells": [
  {"id": "a", "cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "text"]},
  {"id": "b", "cell_type": "code", "metadata": {}, "execution_count": 3, "source": "x := 1\nx",
   "outputs": [
    {"output_type": "stream", "name": "stdout", "text": ["one\n", "two\n"]},
    {"output_type": "stream", "name": "stderr", "text": "warning\n"},
    {"output_type": "stream", "name": "stdout", "text": "three\n"},
    {"output_type": "execute_result", "execution_count": 3, "metadata": {},
     "data": {"text/plain": ["1"], "image/png": "iVBOR", "application/json": {"a": 1}}}
   ]},
  {"id": "c", "cell_type": "code", "metadata": {}, "execution_count": null, "source": [], "outputs": [
    {"output_type": "error", "ename": "panic", "evalue": "boom", "traceback": []}]}
 ]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 3 || nb.Cells[0].Source != "# Title\ntext" || nb.Cells[1].Source != "x := 1\nx" {
		t.Fatalf("cells %+v", nb.Cells)
	}
	c := nb.Cells[1]
	if c.ExecutionCount != 3 || c.ID != "b" || c.Index != 1 {
		t.Errorf("cell %+v", c)
	}
	stdout, result := c.Stdout()
	if stdout != "one\ntwo\nthree\n" || result != "1" {
		t.Errorf("Stdout() = %q, %q", stdout, result)
	}
	if _, _, failed := c.Failed(); failed {
		t.Error("cell 2 did not fail")
	}
	if ename, evalue, failed := nb.Cells[2].Failed(); !failed || ename != "panic" || evalue != "boom" {
		t.Errorf("cell 3: Failed() = %q, %q, %v", ename, evalue, failed)
	}
	if m, ok := c.Outputs[3].Data["application/json"].(map[string]any); !ok || m["a"] != float64(1) {
		t.Errorf("JSON data %#v", c.Outputs[3].Data["application/json"])
	}
}

func TestParseRefusesWhatIsNotANotebook(t *testing.T) {
	for _, in := range []string{``, `[]`, `{"cells": 3}`, `{"nbformat": 3, "worksheets": []}`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [7]}]}`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) succeeded", in)
		} else if !strings.Contains(err.Error(), "notebook") && !strings.Contains(err.Error(), "output") && !strings.Contains(err.Error(), "nbformat") {
			t.Errorf("Parse(%q): %v", in, err)
		}
	}
}
