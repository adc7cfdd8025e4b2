// bytes.Buffer as a reader and writer: Write, WriteString, Fprintf, ReadString up to a
// delimiter, ReadByte, Next, UnreadByte, Truncate; and bytes helper functions.
package main

import (
	"bytes"
	"fmt"
	"io"
)

func main() {
	var buf bytes.Buffer
	buf.WriteString("name=ann\n")
	buf.Write([]byte("age=30\n"))
	fmt.Fprintf(&buf, "city=%s\n", "Riga")
	fmt.Println(buf.Len())
	line, err := buf.ReadString('\n')
	fmt.Printf("%q %v\n", line, err)
	b, _ := buf.ReadByte()
	buf.UnreadByte()
	fmt.Printf("%c %q\n", b, buf.Next(4))
	rest, _ := io.ReadAll(&buf)
	fmt.Printf("%q\n", rest)
	_, err = buf.ReadString('\n')
	fmt.Println(err == io.EOF)
	//cell
	b2 := bytes.NewBufferString("hello world")
	b2.Truncate(5)
	fmt.Println(b2.String())
	//cell
	data := []byte("  a,b,,c  ")
	fmt.Printf("%q\n", bytes.Split(bytes.TrimSpace(data), []byte(",")))
	fmt.Println(bytes.Equal([]byte("x"), []byte("x")), bytes.Compare([]byte("a"), []byte("b")), bytes.Contains(data, []byte("b,")))
	_show(string(bytes.ToUpper(data)), bytes.Count(data, []byte(",")))
}
