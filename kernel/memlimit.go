package kernel

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/snapshot"
)

// MemoryLimitEnv names the environment variable that sets the worker's memory limit
// when `gokernel kernel --memory-limit` does not: a size such as "8GB" or "500MiB",
// or 0 for no limit. kernel.json's "env" can carry it.
const MemoryLimitEnv = "GOKERNEL_MEMORY_LIMIT"

// workerMemoryLimitEnv carries the limit, in bytes, from the supervisor to the worker,
// which applies it to itself at startup: Go's os/exec has no hook that runs in the
// child before exec, and the syscall package has no prlimit to set it from outside.
const workerMemoryLimitEnv = "GOKERNEL_WORKER_MEMORY_LIMIT"

// defaultMemoryFraction is the share of the machine's (or the cgroup's) memory a
// worker may use by default: enough for real work, while leaving the kernel, the
// frontend and the rest of the machine room to keep running.
const defaultMemoryFraction = 0.75

// ParseMemoryLimit reads a memory limit as a person types it ("8GB", "500 MiB"); 0,
// "none" and "off" mean no limit.
func ParseMemoryLimit(s string) (int64, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "off", "unlimited":
		return 0, nil
	}
	n, err := snapshot.ParseSize(s)
	if err != nil {
		// ParseSize's errors name the snapshot budget it was written for.
		return 0, fmt.Errorf("memory limit: %s", strings.TrimPrefix(err.Error(), "snapshot: "))
	}
	if n > 0 && n < 64<<20 {
		// The worker needs tens of MB just to start; a smaller limit is a typo
		// ("512" for "512MB") that would make every worker die at once.
		return 0, fmt.Errorf("memory limit %q: too small (at least 64 MiB, or 0 for no limit)", s)
	}
	return n, nil
}

// ResolveMemoryLimit returns the worker's memory limit: flag when it is not empty
// (from --memory-limit), else GOKERNEL_MEMORY_LIMIT, else DefaultMemoryLimit.
func ResolveMemoryLimit(flag string) (int64, error) {
	if flag != "" {
		n, err := ParseMemoryLimit(flag)
		if err != nil {
			return 0, fmt.Errorf("--memory-limit: %w", err)
		}
		return n, nil
	}
	if v, ok := os.LookupEnv(MemoryLimitEnv); ok && strings.TrimSpace(v) != "" {
		n, err := ParseMemoryLimit(v)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", MemoryLimitEnv, err)
		}
		return n, nil
	}
	return DefaultMemoryLimit(), nil
}

// DefaultMemoryLimit is 75% of the memory this process may use: the machine's
// MemTotal, or its cgroup's limit when that is lower. It is 0 (no limit) when neither
// can be read.
func DefaultMemoryLimit() int64 {
	return defaultLimit(readMemTotal("/proc/meminfo"), cgroupMemoryLimit("/proc/self/cgroup", "/sys/fs/cgroup"))
}

// defaultLimit is defaultMemoryFraction of the smaller of the known amounts (0 is
// unknown).
func defaultLimit(memTotal, cgroup int64) int64 {
	avail := memTotal
	if cgroup > 0 && (avail == 0 || cgroup < avail) {
		avail = cgroup
	}
	return int64(float64(avail) * defaultMemoryFraction)
}

// readMemTotal returns MemTotal from a /proc/meminfo file, in bytes, or 0.
func readMemTotal(file string) int64 {
	f, err := os.Open(file)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// cgroupMemoryLimit returns the lowest memory limit of this process's cgroup and its
// ancestors, v2 (memory.max) or v1 (memory.limit_in_bytes), or 0 for none. A cgroup's
// limit binds everything in it, so the worker should stay below it rather than be
// killed by the kernel's OOM killer with no message.
func cgroupMemoryLimit(procCgroup, root string) int64 {
	data, err := os.ReadFile(procCgroup)
	if err != nil {
		return 0
	}
	var lowest int64
	// consider reads file in dir and its parents up to top: a parent's limit binds
	// too. Within a container the path may not exist under top; top is still read.
	consider := func(top, rel, file string) {
		for dir := path.Join("/", rel); ; dir = path.Dir(dir) {
			if n := readCgroupLimit(path.Join(top, dir, file)); n > 0 && (lowest == 0 || n < lowest) {
				lowest = n
			}
			if dir == "/" {
				return
			}
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			consider(root, parts[2], "memory.max")
		case hasController(parts[1], "memory"):
			consider(path.Join(root, "memory"), parts[2], "memory.limit_in_bytes")
		}
	}
	return lowest
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// readCgroupLimit reads a cgroup memory limit file: "max", or v1's near-2^63 value,
// means none (0).
func readCgroupLimit(file string) int64 {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || n <= 0 || n >= 1<<62 {
		return 0
	}
	return n
}

// memoryLimitEnv returns what the worker's environment gets for a limit of n bytes
// (0 for none): the hard limit for the worker to apply to itself, and GOMEMLIMIT, the
// Go runtime's soft limit, a little below it so the garbage collector works harder
// before an allocation hits the hard limit. A GOMEMLIMIT the user set is kept.
func memoryLimitEnv(n int64) []string {
	if n <= 0 {
		return nil
	}
	env := []string{workerMemoryLimitEnv + "=" + strconv.FormatInt(n, 10)}
	if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok {
		env = append(env, "GOMEMLIMIT="+strconv.FormatInt(n/10*9, 10))
	}
	return env
}

// ApplyWorkerMemoryLimit is called by the worker at startup: it applies the hard
// memory limit the supervisor passed, so that an allocation beyond it fails (and the
// Go runtime ends the worker with "fatal error: out of memory", which the supervisor
// reports on the cell) instead of the machine running out of memory.
func ApplyWorkerMemoryLimit() error {
	v, ok := os.LookupEnv(workerMemoryLimitEnv)
	if !ok {
		return nil
	}
	// The cell's own child processes need not inherit it as a limit to apply.
	os.Unsetenv(workerMemoryLimitEnv)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("worker memory limit: bad %s=%q", workerMemoryLimitEnv, v)
	}
	return setMemoryRlimit(n)
}

// isOutOfMemory reports whether a dying worker's stderr says the Go runtime could not
// get memory: "fatal error: out of memory", "fatal error: runtime: out of memory",
// "fatal error: out of memory allocating heap arena metadata", or the line
// "runtime: out of memory: cannot allocate N-byte block" before them.
func isOutOfMemory(stderr string) bool {
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "runtime: out of memory") ||
			strings.HasPrefix(line, "fatal error: ") && strings.Contains(line, "out of memory") {
			return true
		}
	}
	return false
}

// threadCreateFailed reports whether the runtime could not start an OS thread for
// want of resources. Under RLIMIT_DATA that is the memory limit too: a new thread's
// stack is a private writable mapping, so near the limit the runtime's heap and a
// thread the runtime (or cgo) starts compete for the same bytes.
func threadCreateFailed(stderr string) bool {
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "runtime/cgo: pthread_create failed: Resource temporarily unavailable") ||
			strings.HasPrefix(line, "runtime: failed to create new OS thread") {
			return true
		}
	}
	return false
}

// outOfMemoryMessage is the cell's error when the worker ran out of memory with a
// limit of n bytes (0: none).
func outOfMemoryMessage(n int64) string {
	if n <= 0 {
		return "the worker process ran out of memory (it had no memory limit; the machine has no more to give)"
	}
	return fmt.Sprintf("the worker process ran out of memory: it is limited to %s (%d bytes). "+
		"To raise the limit, start the kernel with --memory-limit SIZE or set %s=SIZE in kernel.json's \"env\" (e.g. 16GB; 0 for no limit)",
		snapshot.FormatSize(n), n, MemoryLimitEnv)
}

// SetMemoryLimit sets the memory limit of the workers started from now on, in bytes;
// 0 means none. Without it, the limit is GOKERNEL_MEMORY_LIMIT's, else
// DefaultMemoryLimit.
func (s *Supervisor) SetMemoryLimit(n int64) {
	s.mu.Lock()
	s.memLimit, s.memLimitSet = n, true
	s.mu.Unlock()
}

// memoryLimit returns the limit a new worker gets; called with s.mu held.
func (s *Supervisor) memoryLimit() int64 {
	if !s.memLimitSet {
		n, err := ResolveMemoryLimit("")
		if err != nil {
			n = DefaultMemoryLimit()
			s.log.Warn("ignoring the memory limit", "err", err, "limit", n)
		}
		s.memLimit, s.memLimitSet = n, true
	}
	return s.memLimit
}
