// A type switch picks the case of the dynamic type: cell struct types, pointers to
// them, named basic types, interface types, several types in one case (the variable
// keeps the interface type) and nil.
package main

import "fmt"

type Point struct{ X, Y int }

type Label string

type Sizer interface{ Size() int }

type Blob []byte

func (b Blob) Size() int { return len(b) }

func classify(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case Point:
		return fmt.Sprintf("point at %d,%d", x.X, x.Y)
	case *Point:
		return fmt.Sprintf("pointer to point %v", *x)
	case Label:
		return "label " + string(x)
	case Sizer:
		return fmt.Sprintf("sizer of %d", x.Size())
	case int, float64:
		return fmt.Sprintf("number %v (%T)", x, x)
	default:
		return fmt.Sprintf("unknown %T", x)
	}
}

func main() {
	fmt.Println(classify(Point{1, 2}))
	fmt.Println(classify(&Point{3, 4}))
	//cell
	fmt.Println(classify(Label("x")))
	fmt.Println(classify(Blob("abc")))
	fmt.Println(classify(7), classify(2.5))
	//cell
	fmt.Println(classify(nil), classify(true))
	_show(classify([]Point{}))
}
