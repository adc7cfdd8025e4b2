package interp

import (
	"strings"
	"testing"
)

func TestParseGoStackAndReportingFrames(t *testing.T) {
	dump := "goroutine 7 [running]:\n" +
		"github.com/traefik/yaegi/interp.(*Interpreter).Execute.func1()\n\t/x/program.go:146 +0x79\n" +
		"panic({0x1, 0x2})\n\t/r/panic.go:860 +0x13a\n" +
		"github.com/traefik/yaegi/interp.runCfg.func1()\n\t/x/run.go:226 +0x1ae\n" +
		"panic({0x1?, 0x2?})\n\t/r/panic.go:860 +0x13a\n" +
		"github.com/traefik/yaegi/interp.runCfg.func1()\n\t/x/run.go:226 +0x1ae\n" +
		"panic({0x1?, 0x2?})\n\t/r/panic.go:860 +0x13a\n" +
		"reflect.Value.Index({0xd95320?, 0x3454c06c4cf0?, 0xda3a60?}, 0x3454c06c9190?)\n\t/r/value.go:1424 +0x165\n" +
		"github.com/traefik/yaegi/interp.getIndexArray.func4(0x220ff44c4210)\n\t/x/run.go:1758 +0xcc\n" +
		"github.com/traefik/yaegi/interp.runCfg(0x1, 0x2, 0x3?, 0x4?)\n\t/x/run.go:234 +0x265\n" +
		"github.com/traefik/yaegi/interp.call.func9(0x220ff44c4160)\n\t/x/run.go:1401 +0x7d8\n" +
		"github.com/traefik/yaegi/interp.runCfg(0x1, 0x2, 0x4?, 0x0?)\n\t/x/run.go:234 +0x265\n" +
		"created by testing.(*T).Run in goroutine 1\n\t/r/testing.go:2101 +0x4c5\n"
	st := parseGoStack(dump)
	if st.id != 7 || st.elided {
		t.Fatalf("id %d elided %v", st.id, st.elided)
	}
	inner, outer, complete := reportingFrames(st.fns)
	want := []string{yaegiFunc + "getIndexArray.func4", yaegiFunc + "call.func9"}
	if strings.Join(inner, " ") != strings.Join(want, " ") || outer != nil || !complete {
		t.Errorf("reportingFrames = %v %v %v, want %v", inner, outer, complete, want)
	}
	// A runCfg whose panic came out of its deferred calls reports nothing.
	deferred := []string{"panic", goRunCfgDefer, "panic", yaegiFunc + "_panic.func1", goRunCfg,
		yaegiFunc + "genFunctionWrapper.func1.1", "reflect.Value.call", "reflect.Value.Call", goRunCfgDefer, goRunCfg}
	if inner, _, _ := reportingFrames(deferred); len(inner) != 1 || opName(inner[0]) != "_panic" {
		t.Errorf("with deferred calls: %v, want the deferred function's frame only", inner)
	}
}
