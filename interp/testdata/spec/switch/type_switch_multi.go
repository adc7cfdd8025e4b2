// In a type switch clause listing several types, the bound variable keeps the type of
// the switch expression (an interface); in a single-type clause it has that type.
package main

import "fmt"

func describe(v any) string {
	switch x := v.(type) {
	case int, int64:
		return fmt.Sprintf("integer %v (%T)", x, x)
	case string:
		return "string of length " + fmt.Sprint(len(x))
	case []int:
		return fmt.Sprintf("slice with %d ints", len(x))
	case fmt.Stringer:
		return "stringer " + x.String()
	default:
		return fmt.Sprintf("other %T", x)
	}
}

type celsius float64

func (c celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func main() {
	fmt.Println(describe(42))
	fmt.Println(describe(int64(7)))
	fmt.Println(describe("hello"))
	//cell
	fmt.Println(describe([]int{1, 2}))
	fmt.Println(describe(celsius(21.5)))
	fmt.Println(describe(3.14))
}
