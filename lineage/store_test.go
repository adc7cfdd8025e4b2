package lineage

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gokernel/gokernel/internal/atomicfile"
)

func openTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := OpenStore(filepath.Join(t.TempDir(), ".gokernel"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDefaultDirStore(t *testing.T) {
	t.Setenv("GOKERNEL_STORE", "")
	if got, want := DefaultDir("/nb"), filepath.Join("/nb", ".gokernel"); got != want {
		t.Errorf("DefaultDir without $GOKERNEL_STORE = %q, want %q", got, want)
	}
	t.Setenv("GOKERNEL_STORE", "/elsewhere/store")
	if got, want := DefaultDir("/nb"), "/elsewhere/store"; got != want {
		t.Errorf("DefaultDir with $GOKERNEL_STORE = %q, want %q", got, want)
	}
}

func TestOpenStoreCreatesLayout(t *testing.T) {
	s := openTestStore(t)
	if s.Version() != StoreVersion {
		t.Errorf("Version() = %d, want %d", s.Version(), StoreVersion)
	}
	for _, name := range []string{storeMetaFile, codeDir, logDir, sessionsDir, objectsDir, snapshotsDir} {
		if _, err := os.Stat(filepath.Join(s.Dir(), name)); err != nil {
			t.Errorf("new store lacks %s: %v", name, err)
		}
	}
	// Reopening reads the same store and writes nothing new.
	before, err := os.ReadFile(filepath.Join(s.Dir(), storeMetaFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenStore(s.Dir()); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	after, err := os.ReadFile(filepath.Join(s.Dir(), storeMetaFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Errorf("reopening rewrote %s:\n%s\nthen\n%s", storeMetaFile, before, after)
	}
}

func TestStorePermissions(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.PutCode("x := 1"); err != nil {
		t.Fatal(err)
	}
	l, err := s.NewLog(SessionInfo{ID: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Append(Execution{ID: "e1"}); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = filepath.WalkDir(s.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := filePerm
		if d.IsDir() {
			want = dirPerm
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", path, got, want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The store folder, five subfolders, store.json, one code file, a log and an index.
	if n != 10 {
		t.Errorf("walked %d entries, want 10", n)
	}
}

func TestOpenStoreRefuses(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
		want    []string // in the error
	}{
		{
			name: "newer version",
			prepare: func(t *testing.T, dir string) {
				writeTestFile(t, filepath.Join(dir, storeMetaFile), fmt.Sprintf(`{"version":%d}`, StoreVersion+1))
			},
			want: []string{fmt.Sprintf("version %d", StoreVersion+1), fmt.Sprintf("version %d", StoreVersion)},
		},
		{
			name: "corrupt store.json",
			prepare: func(t *testing.T, dir string) {
				writeTestFile(t, filepath.Join(dir, storeMetaFile), `{"version":`)
			},
			want: []string{storeMetaFile, "corrupt"},
		},
		{
			name: "store.json without version",
			prepare: func(t *testing.T, dir string) {
				writeTestFile(t, filepath.Join(dir, storeMetaFile), `{}`)
			},
			want: []string{storeMetaFile, "no layout version"},
		},
		{
			name: "a folder that is not a store",
			prepare: func(t *testing.T, dir string) {
				writeTestFile(t, filepath.Join(dir, "notes.txt"), "mine")
			},
			want: []string{"not a gokernel store", "notes.txt"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.prepare(t, dir)
			_, err := OpenStore(dir)
			if err == nil {
				t.Fatal("OpenStore succeeded")
			}
			for _, w := range append(tt.want, dir) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if IsUnwritable(err) {
				t.Errorf("IsUnwritable(%v) = true", err)
			}
		})
	}
}

func TestOpenStoreAfterCrashBeforeStoreJSON(t *testing.T) {
	// A crash while store.json was being written leaves only its temporary file.
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, atomicfile.TempPrefix+storeMetaFile+"-123"), `{"vers`)
	if _, err := OpenStore(dir); err != nil {
		t.Fatal(err)
	}
}

func TestStoreUnwritable(t *testing.T) {
	tests := []struct {
		name string
		// open does what fails; dir is a fresh temporary folder.
		open     func(t *testing.T, dir string) error
		needUser bool // permissions mean nothing to root
	}{
		{
			name: "a file where the store folder should be",
			open: func(t *testing.T, dir string) error {
				writeTestFile(t, filepath.Join(dir, "blocked"), "")
				_, err := OpenStore(filepath.Join(dir, "blocked", ".gokernel"))
				return err
			},
		},
		{
			name: "a file where the log folder should be",
			open: func(t *testing.T, dir string) error {
				s, err := OpenStore(filepath.Join(dir, ".gokernel"))
				if err != nil {
					t.Fatal(err)
				}
				logs := filepath.Join(s.Dir(), logDir)
				if err := os.Remove(logs); err != nil {
					t.Fatal(err)
				}
				writeTestFile(t, logs, "")
				_, err = s.NewLog(SessionInfo{ID: "s1"})
				return err
			},
		},
		{
			name:     "read-only parent folder",
			needUser: true,
			open: func(t *testing.T, dir string) error {
				chmodForTest(t, dir, 0o500)
				_, err := OpenStore(filepath.Join(dir, ".gokernel"))
				return err
			},
		},
		{
			name:     "read-only log folder",
			needUser: true,
			open: func(t *testing.T, dir string) error {
				s, err := OpenStore(filepath.Join(dir, ".gokernel"))
				if err != nil {
					t.Fatal(err)
				}
				chmodForTest(t, filepath.Join(s.Dir(), logDir), 0o500)
				_, err = s.NewLog(SessionInfo{ID: "s1"})
				return err
			},
		},
		{
			name:     "read-only code folder",
			needUser: true,
			open: func(t *testing.T, dir string) error {
				s, err := OpenStore(filepath.Join(dir, ".gokernel"))
				if err != nil {
					t.Fatal(err)
				}
				chmodForTest(t, filepath.Join(s.Dir(), codeDir), 0o500)
				_, err = s.PutCode("x := 1")
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needUser && os.Geteuid() == 0 {
				t.Skip("root ignores permissions")
			}
			dir := t.TempDir()
			err := tt.open(t, dir)
			if err == nil {
				t.Fatal("no error")
			}
			if !IsUnwritable(err) {
				t.Errorf("IsUnwritable(%v) = false", err)
			}
			if !strings.Contains(err.Error(), "lineage store "+dir) {
				t.Errorf("error %q does not name the store", err)
			}
		})
	}
}

// chmodForTest changes the mode of dir and gives the owner its permissions back when
// the test ends, so that the temporary folder can be removed.
func chmodForTest(t *testing.T, dir string, mode fs.FileMode) {
	t.Helper()
	if err := os.Chmod(dir, mode); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
}

func TestStoreIsUnwritable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{syscall.EROFS, true},
		{syscall.EACCES, true},
		{syscall.EPERM, true},
		{syscall.ENOSPC, true},
		{syscall.EDQUOT, true},
		{syscall.ENOTDIR, true},
		{fmt.Errorf("lineage store x: %w", &fs.PathError{Op: "open", Path: "x", Err: syscall.ENOSPC}), true},
		{syscall.EIO, false},
		{fs.ErrNotExist, false},
		{ErrCorrupt, false},
		{errors.New("other"), false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := IsUnwritable(tt.err); got != tt.want {
			t.Errorf("IsUnwritable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestPutCodeStoresOnce(t *testing.T) {
	s := openTestStore(t)
	const code = "x := 1\nfmt.Println(x)\n"
	h1, err := s.PutCode(code)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(code))); h1 != want {
		t.Errorf("PutCode = %q, want %q", h1, want)
	}
	file := filepath.Join(s.Dir(), codeDir, strings.TrimPrefix(h1, codeHashPrefix))
	before, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := s.PutCode(code)
	if err != nil {
		t.Fatal(err)
	}
	if h1 != h2 {
		t.Errorf("same code, two hashes: %s, %s", h1, h2)
	}
	after, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("storing the same code again wrote its file again")
	}
	h3, err := s.PutCode("x := 2")
	if err != nil {
		t.Fatal(err)
	}
	if h3 == h1 {
		t.Error("different code, same hash")
	}
	if n := countFiles(t, filepath.Join(s.Dir(), codeDir)); n != 2 {
		t.Errorf("%d code files, want 2", n)
	}
	for hash, want := range map[string]string{h1: code, h3: "x := 2", strings.TrimPrefix(h1, codeHashPrefix): code} {
		got, err := s.Code(hash)
		if err != nil {
			t.Errorf("Code(%s): %v", hash, err)
		} else if got != want {
			t.Errorf("Code(%s) = %q, want %q", hash, got, want)
		}
	}
}

func TestPutCodeEmpty(t *testing.T) {
	s := openTestStore(t)
	h, err := s.PutCode("")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Code(h); err != nil || got != "" {
		t.Errorf("Code(%s) = %q, %v; want the empty source", h, got, err)
	}
}

func TestCodeErrors(t *testing.T) {
	s := openTestStore(t)
	hash, err := s.PutCode("x := 1")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(s.Dir(), codeDir, strings.TrimPrefix(hash, codeHashPrefix))
	absent := codeHashPrefix + strings.Repeat("0", 64)
	tests := []struct {
		name    string
		hash    string
		corrupt string // the code file's content, when set
		is      error
		want    string
	}{
		{name: "corrupt file", hash: hash, corrupt: "x := 2", is: ErrCorrupt, want: hash},
		{name: "truncated file", hash: hash, corrupt: "x :=", is: ErrCorrupt, want: hash},
		{name: "missing file", hash: absent, is: fs.ErrNotExist, want: absent},
		{name: "path outside the store", hash: "sha256:../../store.json", want: "invalid code hash"},
		{name: "upper-case hex", hash: strings.ToUpper(strings.TrimPrefix(hash, codeHashPrefix)), want: "invalid code hash"},
		{name: "other hash function", hash: "md5:" + strings.TrimPrefix(hash, codeHashPrefix), want: "invalid code hash"},
		{name: "empty", hash: "", want: "invalid code hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.corrupt != "" {
				writeTestFile(t, file, tt.corrupt)
			}
			got, err := s.Code(tt.hash)
			if err == nil {
				t.Fatalf("Code(%q) = %q, want an error", tt.hash, got)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
	// Storing the code again repairs the corrupt copy, by rename.
	if _, err := s.PutCode("x := 1"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Code(hash); err != nil || got != "x := 1" {
		t.Errorf("after repair Code = %q, %v", got, err)
	}
}

func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), filePerm); err != nil {
		t.Fatal(err)
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}
