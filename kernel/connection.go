package kernel

import (
	"encoding/json"
	"fmt"
	"os"
)

// ConnectionInfo is the content of the connection file a Jupyter frontend writes before
// starting the kernel: where to listen and how to sign.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"`
	Key             string `json:"key"`
	KernelName      string `json:"kernel_name"`
}

// LoadConnectionFile reads and checks a connection file.
func LoadConnectionFile(path string) (*ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("connection file: %w", err)
	}
	var ci ConnectionInfo
	if err := json.Unmarshal(b, &ci); err != nil {
		return nil, fmt.Errorf("connection file %s: %w", path, err)
	}
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return nil, fmt.Errorf("connection file %s: unsupported transport %q", path, ci.Transport)
	}
	if ci.IP == "" {
		return nil, fmt.Errorf("connection file %s: no ip", path)
	}
	for name, port := range map[string]int{"shell_port": ci.ShellPort, "control_port": ci.ControlPort,
		"stdin_port": ci.StdinPort, "iopub_port": ci.IOPubPort, "hb_port": ci.HBPort} {
		if port <= 0 || (ci.Transport == "tcp" && port > 65535) {
			return nil, fmt.Errorf("connection file %s: %s %d out of range", path, name, port)
		}
	}
	return &ci, nil
}

// endpoint returns the ZeroMQ address of one channel. For ipc, Jupyter names the
// socket file "<ip>-<port>", with the port acting as a distinguishing number.
func (ci *ConnectionInfo) endpoint(port int) string {
	if ci.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", ci.IP, port)
	}
	ip := ci.IP
	if ip == "*" { // ZeroMQ's "all interfaces"; Go's net package spells it 0.0.0.0
		ip = "0.0.0.0"
	}
	return fmt.Sprintf("tcp://%s:%d", ip, port)
}
