// Command soak runs the soak of package soak against a gokernel binary and prints
// the report as markdown: round trips per block of executions, the kernel's and the
// worker's memory, threads, descriptors and goroutines, and the verdicts. bench/soak/run.sh
// builds gokernel and runs it with 10,000 executions:
//
//	go run ./bench/soak/cmd/soak -gokernel /tmp/gokernel -n 10000 -json soak.json
//
// Progress goes to stderr, one line per block. The exit status is 1 when the run
// could not finish or a verdict other than a timing one failed; with -check-timing,
// also when the p99 verdict failed.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/gokernel/gokernel/bench/soak"
)

func main() {
	var cfg soak.Config
	flag.StringVar(&cfg.Binary, "gokernel", "", "the gokernel `binary` to soak (required)")
	flag.IntVar(&cfg.Executions, "n", 10000, "executions of the mix")
	flag.IntVar(&cfg.InterruptEvery, "interrupt-every", 500, "interrupt a never-ending cell every `N` executions (0: none)")
	flag.DurationVar(&cfg.InterruptAfter, "interrupt-after", 100*time.Millisecond, "how long the never-ending cell runs before the interrupt")
	flag.IntVar(&cfg.SampleEvery, "sample-every", 100, "sample the processes every `N` executions")
	flag.IntVar(&cfg.Block, "block", 1000, "executions per row of the table")
	flag.IntVar(&cfg.Warmup, "warmup", 1000, "executions before the memory baseline")
	flag.DurationVar(&cfg.Timeout, "timeout", time.Minute, "bound on one execution")
	jsonPath := flag.String("json", "", "also write the report as JSON to `FILE`")
	mdPath := flag.String("md", "", "also write the markdown report to `FILE`")
	kernelLog := flag.String("kernel-log", "", "write the kernel's own log (GOKERNEL_LOG=debug) to `FILE`")
	checkTiming := flag.Bool("check-timing", false, "exit 1 when the p99 verdict fails too")
	flag.Parse()
	if cfg.Binary == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	cfg.Progress = os.Stderr
	if *kernelLog != "" {
		f, err := os.Create(*kernelLog)
		if err != nil {
			fatal(err)
		}
		defer f.Close()
		cfg.KernelLog = f
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, runErr := soak.Run(ctx, cfg)
	md := rep.Markdown()
	fmt.Print(md)
	if *mdPath != "" {
		if err := os.WriteFile(*mdPath, []byte(md), 0o644); err != nil {
			fatal(err)
		}
	}
	if *jsonPath != "" {
		if err := writeJSON(*jsonPath, rep); err != nil {
			fatal(err)
		}
	}
	if runErr != nil {
		for _, l := range rep.KernelLogTail {
			fmt.Fprintln(os.Stderr, "kernel:", l)
		}
		fatal(runErr)
	}
	if !rep.Passed() || *checkTiming && rep.Verdict(soak.VerdictP99).Status == "FAIL" {
		fmt.Fprintln(os.Stderr, "soak: a verdict failed")
		os.Exit(1)
	}
}

func writeJSON(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "soak:", err)
	os.Exit(1)
}
