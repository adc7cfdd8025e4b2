// Command gendoc writes the documentation of the packages exported to cells (their
// declarations and doc comments, from source with go/doc) as gzipped JSON, so that
// inspection works for gonum, gonum/plot, display and mllib without their sources at
// run time. Run through `go generate ./interp/symbols`.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"

	"github.com/gokernel/gokernel/internal/pkgdoc"
)

func main() {
	out := flag.String("o", "docs.json.gz", "output file")
	flag.Parse()
	docs := map[string]pkgdoc.Package{}
	for _, path := range flag.Args() {
		p, err := document(path)
		if err != nil {
			log.Fatalf("gendoc: %s: %v", path, err)
		}
		docs[path] = p
	}
	b, err := json.Marshal(docs)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

func document(path string) (pkgdoc.Package, error) {
	dir, err := exec.Command("go", "list", "-f", "{{.Dir}}", path).Output()
	if err != nil {
		return pkgdoc.Package{}, fmt.Errorf("go list: %w", err)
	}
	return pkgdoc.Read(strings.TrimSpace(string(dir)), path)
}
