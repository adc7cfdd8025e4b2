// Bit flags with 1 << iota, combined and tested with | & &^; and sizes with
// 1 << (10 * iota) after skipping the zero value.
package main

import "fmt"

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
)

func (p Perm) String() string {
	s := ""
	for i, c := range "rwx" {
		if p&(1<<i) != 0 {
			s += string(c)
		} else {
			s += "-"
		}
	}
	return s
}

type ByteSize float64

const (
	_           = iota
	KB ByteSize = 1 << (10 * iota)
	MB
	GB
	TB
)

func main() {
	p := Read | Exec
	fmt.Println(p, uint8(p), p&Write != 0, p&Exec != 0)
	p &^= Exec
	fmt.Println(p)
	//cell
	fmt.Println(float64(KB), float64(MB), float64(GB), float64(TB))
	fmt.Printf("%.0f\n", TB/GB)
	//cell
	_show(Read|Write|Exec, Write)
}
