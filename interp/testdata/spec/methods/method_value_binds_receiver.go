// A method value x.M evaluates and saves its receiver when it is bound: with a value
// receiver a copy is saved, so later changes to x are not seen; with a pointer
// receiver the pointer is saved, so they are.
package main

import "fmt"

type Temp struct{ deg int }

func (t Temp) Report() string { return fmt.Sprint("value sees ", t.deg) }

func (t *Temp) PReport() string { return fmt.Sprint("pointer sees ", t.deg) }

func main() {
	t := Temp{deg: 10}
	byValue := t.Report
	byPointer := t.PReport
	t.deg = 25
	fmt.Println(byValue())
	fmt.Println(byPointer())
	//cell
	t = Temp{deg: 99}
	fmt.Println(byValue())
	fmt.Println(byPointer())
	//cell
	p := &Temp{deg: 1}
	fromPtr := p.Report
	p.deg = 2
	fmt.Println(fromPtr())
	p = &Temp{deg: 3}
	_show(fromPtr(), p.Report())
}
