// Numbers to strings: string(int) is not a decimal conversion (vet warns; the
// rune conversion is meant), strconv.Itoa and fmt.Sprint give decimal digits.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	n := 97
	fmt.Println(string(rune(n)), strconv.Itoa(n), fmt.Sprint(n))
	fmt.Println(strconv.FormatInt(-255, 16), strconv.FormatUint(255, 2))
	//cell
	f := 3.14159
	fmt.Println(strconv.FormatFloat(f, 'f', 2, 64), fmt.Sprintf("%.3e", f))
	v, err := strconv.ParseFloat("2.5e3", 64)
	fmt.Println(v, err)
	//cell
	_, err = strconv.Atoi("12a")
	_show(err.Error())
}
