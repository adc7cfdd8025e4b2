package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// printTable prints one row per build and per sweep point: medians over
// the rounds with the min-max spread beside them, and vs_native.
func printTable(w io.Writer, all []*series, rounds int) {
	line := func(cols ...any) {
		s := fmt.Sprintf("%-13s %-42s %-15s %-20s %10s %9s %8s %-17s %s", cols...)
		fmt.Fprintln(w, strings.TrimRight(s, " "))
	}
	fmt.Fprintf(w, "\nmedian of %d round(s), (min-max) over the rounds; QPS on one thread, builds on %d\n", rounds, buildThreads(all))
	line("dataset", "contender", "params", "build_s (min-max)", "peakRSS_MB", "recall@10", "QPS(1t)", "(min-max)", "vs_native")
	fmt.Fprintln(w, strings.Repeat("-", 156))
	for _, s := range all {
		if len(s.buildS) > 0 {
			b := summarize(s.buildS)
			line(s.dataset, s.label, s.buildParams,
				fmt.Sprintf("%.1f (%.1f-%.1f)", b.med, b.lo, b.hi),
				fmt.Sprintf("%.0f", summarize(s.peakMB).med), "", "", "", "")
		}
		ref := reference(all, s)
		for _, p := range s.points {
			rec, qps := summarize(p.recall), summarize(p.qps)
			vs := ""
			if ref != nil {
				vs = "not comparable"
				if q, ok := qpsAt(ref.curve(), rec.med); ok && q > 0 {
					vs = fmt.Sprintf("%.2fx", qps.med/q)
				}
			}
			mem := ""
			if len(s.buildS) == 0 { // brute force: no build row to carry it
				mem = fmt.Sprintf("%.0f", summarize(s.peakMB).med)
			}
			line(s.dataset, s.label, p.params, "", mem,
				fmt.Sprintf("%.4f", rec.med), fmt.Sprintf("%.0f", qps.med),
				fmt.Sprintf("(%.0f-%.0f)", qps.lo, qps.hi), vs)
		}
	}
	fmt.Fprint(w, `
recall@10: distinct returned ids that are in the exact top 10, divided by 10.
peakRSS_MB: peak resident set (VmHWM) of the contender's own process, which
  includes the train and query matrices it read (the same size for all).
vs_native: QPS divided by the native reference's QPS at the same recall,
  interpolated linearly on the reference's sweep (HNSW contenders vs native
  hnswlib, gokernel-forest vs native Annoy; medians of both); "not
  comparable" where the recall lies outside the reference's sweep.
`)
}

// reference returns the series s is compared with: the native reference of
// its family on the same dataset, or nil (for the references themselves,
// brute force, or when the reference did not run).
func reference(all []*series, s *series) *series {
	if s.c.reference || s.c.fam == famExact {
		return nil
	}
	for _, r := range all {
		if r.dataset == s.dataset && r.c.reference && r.c.fam == s.c.fam {
			return r
		}
	}
	return nil
}

func buildThreads(all []*series) int {
	for _, s := range all {
		if s.threads > 0 {
			return s.threads
		}
	}
	return 0
}

// goamd64 is the GOAMD64 level the binary was built for. mllib/vec picks
// its AVX2+FMA kernels at run time whatever the level.
func goamd64() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "GOAMD64" {
				return s.Value
			}
		}
	}
	if runtime.GOARCH == "amd64" {
		return "v1"
	}
	return "n/a"
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, ok := strings.CutPrefix(sc.Text(), "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return "unknown"
}
