package kernelspec

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestInstallWritesSpecAndLogos(t *testing.T) {
	data := t.TempDir()
	dir, err := Install(data, "", NewSpec("/opt/bin/gokernel", ""))
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(data, "kernels", "gokernel") {
		t.Errorf("installed in %s", dir)
	}
	var spec Spec
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	want := []string{"/opt/bin/gokernel", "kernel", "-f", "{connection_file}"}
	if len(spec.Argv) != len(want) {
		t.Fatalf("argv %v", spec.Argv)
	}
	for i := range want {
		if spec.Argv[i] != want[i] {
			t.Fatalf("argv %v, want %v", spec.Argv, want)
		}
	}
	if spec.Language != "go" || spec.InterruptMode != "message" || spec.DisplayName != "Go (gokernel)" {
		t.Errorf("spec %+v", spec)
	}
	for _, logo := range []struct {
		name string
		size int
	}{{"logo-32x32.png", 32}, {"logo-64x64.png", 64}} {
		f, err := os.Open(filepath.Join(dir, logo.name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", logo.name, err)
		}
		if b := img.Bounds(); b.Dx() != logo.size || b.Dy() != logo.size {
			t.Errorf("%s is %v", logo.name, b)
		}
	}
}

func TestReinstallReplacesCleanly(t *testing.T) {
	data := t.TempDir()
	dir, err := Install(data, "go-test", NewSpec("/old/gokernel", ""))
	if err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "stale.txt")
	os.WriteFile(stale, []byte("x"), 0o644)
	if _, err := Install(data, "go-test", NewSpec("/new/gokernel", "Go (test)")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a file of the old spec survived the reinstall")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "kernel.json"))
	var spec Spec
	json.Unmarshal(b, &spec)
	if spec.Argv[0] != "/new/gokernel" || spec.DisplayName != "Go (test)" {
		t.Errorf("spec not replaced: %+v", spec)
	}
	entries, _ := os.ReadDir(filepath.Join(data, "kernels"))
	if len(entries) != 1 {
		t.Errorf("kernels dir holds %d entries, want 1 (no temporary leftovers)", len(entries))
	}
}

func TestUninstall(t *testing.T) {
	data := t.TempDir()
	if _, err := Uninstall(data, ""); err == nil {
		t.Error("uninstalling a missing spec succeeded")
	}
	if _, err := Install(data, "", NewSpec("/x", "")); err != nil {
		t.Fatal(err)
	}
	dir, err := Uninstall(data, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("spec still there")
	}
}

func TestInvalidName(t *testing.T) {
	for _, name := range []string{"../evil", "a/b", ".."} {
		if _, err := Install(t.TempDir(), name, NewSpec("/x", "")); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
}

func TestUserDataDirHonoursJupyterDataDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/somewhere/jupyter")
	if d, _ := UserDataDir(); d != "/somewhere/jupyter" {
		t.Errorf("UserDataDir() = %s", d)
	}
}
