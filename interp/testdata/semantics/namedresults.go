// Named results start at zero whatever the call's result is assigned to.
package main

import "fmt"

func words(n int) (out []string, count int) {
	for i := 0; i < n; i++ {
		out = append(out, fmt.Sprint(i))
		count++
	}
	return
}

func letters(s string) (out []string) {
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

func main() {
	got, c := words(2)
	got = letters("ab")
	fmt.Println(got, c)
	got, c = words(1)
	fmt.Println(got, c)
}
