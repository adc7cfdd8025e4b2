package ann

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenForestSharedByProcesses maps one index file in this process and
// in a child process at the same time; both must answer identically.
func TestOpenForestSharedByProcesses(t *testing.T) {
	if os.Getenv("GOKERNEL_ANN_CHILD_FOREST") != "" {
		t.Skip("running as the child")
	}
	d := smallData(2000, 13)
	f := buildForest(t, d, ForestConfig{Trees: 8, Seed: 5})
	path := filepath.Join(t.TempDir(), "shared.ann")
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	m, err := OpenForest(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOpenForestChild$", "-test.v")
	cmd.Env = append(os.Environ(), "GOKERNEL_ANN_CHILD_FOREST="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	want := forestAnswers(m, 13)
	if !strings.Contains(string(out), "answers: "+want+"\n") {
		t.Fatalf("child answered differently; want %q in:\n%s", want, out)
	}
}

// TestOpenForestChild is the child half of the test above.
func TestOpenForestChild(t *testing.T) {
	path := os.Getenv("GOKERNEL_ANN_CHILD_FOREST")
	if path == "" {
		t.Skip("only runs as a child of TestOpenForestSharedByProcesses")
	}
	m, err := OpenForest(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	fmt.Printf("answers: %s\n", forestAnswers(m, 13))
}

// forestAnswers searches with queries both processes can regenerate.
func forestAnswers(f *Forest, seed uint64) string {
	d := smallData(2000, seed)
	var b strings.Builder
	for i := 0; i < 10; i++ {
		for _, n := range f.Search(d.TestRow(i), 3) {
			fmt.Fprintf(&b, "%d,", n.ID)
		}
	}
	return b.String()
}
