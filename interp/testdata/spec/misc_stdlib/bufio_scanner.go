// bufio.Scanner over a strings.Reader: lines (final line without newline, CRLF),
// words with ScanWords, runes with ScanRunes, and a custom split function.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

func main() {
	sc := bufio.NewScanner(strings.NewReader("first\r\nsecond\n\nlast"))
	n := 0
	for sc.Scan() {
		n++
		fmt.Printf("%d %q\n", n, sc.Text())
	}
	fmt.Println(sc.Err())
	//cell
	ws := bufio.NewScanner(strings.NewReader("  the quick\tbrown\n fox  "))
	ws.Split(bufio.ScanWords)
	var words []string
	for ws.Scan() {
		words = append(words, ws.Text())
	}
	fmt.Println(words, len(words))
	//cell
	rs := bufio.NewScanner(strings.NewReader("hé!"))
	rs.Split(bufio.ScanRunes)
	for rs.Scan() {
		fmt.Printf("%q ", rs.Text())
	}
	fmt.Println()
	//cell
	commas := func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, ','); i >= 0 {
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	}
	cs := bufio.NewScanner(strings.NewReader("a,bb,,ccc"))
	cs.Split(commas)
	for cs.Scan() {
		fmt.Printf("[%s]", cs.Text())
	}
	fmt.Println()
}
