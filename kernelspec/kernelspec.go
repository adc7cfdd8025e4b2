// Package kernelspec writes and removes gokernel's Jupyter kernel specification: the
// kernel.json that tells Jupyter how to start the kernel, and its logos, embedded in
// the binary so that `gokernel install` needs nothing but itself.
package kernelspec

//go:generate go run genlogo.go

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

//go:embed logo-32x32.png logo-64x64.png
var logos embed.FS

// DefaultName is the kernel's directory name under kernels/.
const DefaultName = "gokernel"

// DefaultDisplayName is what Jupyter shows in its kernel picker.
const DefaultDisplayName = "Go (gokernel)"

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string       `json:"argv"`
	DisplayName   string         `json:"display_name"`
	Language      string         `json:"language"`
	InterruptMode string         `json:"interrupt_mode"`
	Env           map[string]any `json:"env,omitempty"`
	Metadata      map[string]any `json:"metadata"`
}

// NewSpec returns the spec that starts the kernel binary at exe.
func NewSpec(exe, displayName string) Spec {
	if displayName == "" {
		displayName = DefaultDisplayName
	}
	return Spec{
		Argv:          []string{exe, "kernel", "-f", "{connection_file}"},
		DisplayName:   displayName,
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false},
	}
}

// UserDataDir is the per-user Jupyter data directory, as Jupyter computes it:
// $JUPYTER_DATA_DIR, else the platform's user data location.
func UserDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("user data dir: %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if appdata := os.Getenv("APPDATA"); appdata != "" {
			return filepath.Join(appdata, "jupyter"), nil
		}
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		return filepath.Join(xdg, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// SysPrefixDataDir is the data directory of the Python environment Jupyter runs in:
// the active virtualenv or conda environment, else the prefix of the jupyter command
// on PATH (/usr for Debian's packages).
func SysPrefixDataDir() (string, error) {
	for _, env := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(env); p != "" {
			return PrefixDataDir(p), nil
		}
	}
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		return "", errors.New("--sys-prefix: no active virtualenv or conda environment and no jupyter on PATH")
	}
	if resolved, err := filepath.EvalSymlinks(jupyter); err == nil {
		jupyter = resolved
	}
	return PrefixDataDir(filepath.Dir(filepath.Dir(jupyter))), nil
}

// PrefixDataDir is the Jupyter data directory under an installation prefix.
func PrefixDataDir(prefix string) string {
	return filepath.Join(prefix, "share", "jupyter")
}

// Install writes the kernel spec named name under dataDir/kernels, replacing any
// previous one whole: the new spec is assembled beside it and renamed into place.
// It returns the spec's directory.
func Install(dataDir, name string, spec Spec) (string, error) {
	if name == "" {
		name = DefaultName
	}
	if filepath.Base(name) != name || name == "." || name == ".." {
		return "", fmt.Errorf("invalid kernel name %q", name)
	}
	kernels := filepath.Join(dataDir, "kernels")
	if err := os.MkdirAll(kernels, 0o755); err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	tmp, err := os.MkdirTemp(kernels, "."+name+"-")
	if err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		data, err := logos.ReadFile(logo)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(tmp, logo), data, 0o644); err != nil {
			return "", fmt.Errorf("install kernelspec: %w", err)
		}
	}
	dir := filepath.Join(kernels, name)
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("replace kernelspec: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", fmt.Errorf("install kernelspec: %w", err)
	}
	return dir, nil
}

// Uninstall removes the kernel spec named name from dataDir/kernels.
func Uninstall(dataDir, name string) (string, error) {
	if name == "" {
		name = DefaultName
	}
	dir := filepath.Join(dataDir, "kernels", name)
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		return "", fmt.Errorf("no kernelspec %q in %s", name, filepath.Join(dataDir, "kernels"))
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("uninstall: %w", err)
	}
	return dir, nil
}
