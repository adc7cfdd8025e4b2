package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/gokernel/gokernel/internal/workerproto"
	"github.com/gokernel/gokernel/interp"
	"github.com/gokernel/gokernel/kernel"
	"github.com/gokernel/gokernel/kernelspec"
)

func runKernel(args []string) error {
	fs := newFlagSet("kernel -f CONNECTION_FILE")
	connFile := fs.String("f", "", "the connection `FILE` Jupyter wrote")
	memLimit := fs.String("memory-limit", "", "the worker's memory limit, such as 8GB or 500MiB; 0 for none (default: $"+kernel.MemoryLimitEnv+", else 75% of the machine's or the cgroup's memory)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *connFile == "" {
		return usageError{"-f CONNECTION_FILE is required"}
	}
	limit, err := kernel.ResolveMemoryLimit(*memLimit)
	if err != nil {
		return usageError{err.Error()}
	}
	ci, err := kernel.LoadConnectionFile(*connFile)
	if err != nil {
		return err
	}
	// The front end may close the pipe it reads the kernel's log from (a Jupyter server
	// restarted, a terminal gone). Go ends a program whose write to fds 1 or 2 meets a
	// broken pipe with SIGPIPE; ignored, the write fails with EPIPE, the log line is
	// lost, and the kernel goes on serving the notebook.
	signal.Ignore(syscall.SIGPIPE)
	// The kernel process only moves messages between sockets, pipes and files; user
	// code runs in the worker, which keeps every core. On one P a goroutine that wakes
	// another (a frame read, a reply to publish) hands over without waking a second
	// thread through the OS: on the 2-core VM that took the kernel's CPU per trivial
	// cell from 2.10 to 1.77 ms and the round trip's p50 from 2.92 to 2.73 ms
	// (bench/roundtrip, same run, 3000 executions each), p99 unchanged within noise.
	// An explicit GOMAXPROCS still wins.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))

	var historyPath string
	if dir, err := kernelspec.UserDataDir(); err == nil {
		historyPath = filepath.Join(dir, "gokernel", "history.jsonl")
	}
	sup := kernel.NewSupervisor(nil, log)
	sup.SetMemoryLimit(limit)
	log.Info("worker memory limit", "bytes", limit)
	// The first worker starts as soon as the sockets are bound, so the first cell
	// does not wait for it.
	startWorker := func() {
		if err := sup.Start(); err != nil {
			log.Error("start worker", "err", err)
		}
	}
	k, err := kernel.New(ci, sup, kernel.Options{Version: gokernelVersion(), HistoryPath: historyPath, Log: log, OnListening: startWorker})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := k.Run(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// runWorker is the child process that runs user code. Its fd 3 carries requests from
// the kernel and fd 4 its answers; fds 1 and 2 are read by the kernel as the cell's
// stdout and stderr; fd 5 is the kernel's own log stream.
func runWorker(args []string) error {
	if len(args) > 0 {
		return usageError{"worker takes no arguments"}
	}
	// Ctrl-C belongs to the kernel, which turns it into an interrupt message.
	signal.Ignore(os.Interrupt)
	// The memory limit comes first, before the cell's code can allocate.
	memErr := kernel.ApplyWorkerMemoryLimit()
	token := os.Getenv(workerproto.SyncTokenEnv)
	os.Unsetenv(workerproto.SyncTokenEnv)
	requests := pollableFile(3, "requests")
	events := pollableFile(4, "events")
	if requests == nil || events == nil {
		return fmt.Errorf("worker: fds 3 and 4 are not open; the worker is started by the kernel")
	}
	log := slog.New(slog.DiscardHandler)
	if logs := os.NewFile(5, "log"); logs != nil {
		log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: logLevel()})).With("process", "worker")
	}
	if memErr != nil {
		// Running without the hard limit beats not running: GOMEMLIMIT still applies.
		log.Warn("memory limit not applied", "err", memErr)
	}
	return interp.ServeWorker(workerproto.NewConn(requests, events), os.Stdout, os.Stderr, token, log)
}

// logLevel is the level of the kernel's and the worker's logs: GOKERNEL_LOG=debug
// shows what the cell pipeline did to each cell.
func logLevel() slog.Level {
	if os.Getenv("GOKERNEL_LOG") == "debug" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}
