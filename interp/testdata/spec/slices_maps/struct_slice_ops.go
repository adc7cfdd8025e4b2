// Everyday slices operations on a slice of program structs: filtering with
// DeleteFunc on a Clone, grouping into a map of slices, and comparing with Equal
// (structs are comparable).
package main

import (
	"fmt"
	"maps"
	"slices"
)

type Order struct {
	ID       int
	Customer string
	Amount   int
}

func main() {
	orders := []Order{
		{1, "ann", 30}, {2, "bo", 5}, {3, "ann", 12}, {4, "cy", 50}, {5, "bo", 8},
	}
	big := slices.DeleteFunc(slices.Clone(orders), func(o Order) bool { return o.Amount < 10 })
	fmt.Println(big, len(orders))
	//cell
	byCustomer := map[string][]Order{}
	for _, o := range orders {
		byCustomer[o.Customer] = append(byCustomer[o.Customer], o)
	}
	for _, name := range slices.Sorted(maps.Keys(byCustomer)) {
		sum := 0
		for _, o := range byCustomer[name] {
			sum += o.Amount
		}
		fmt.Println(name, len(byCustomer[name]), sum)
	}
	//cell
	fmt.Println(slices.Equal(big, []Order{{1, "ann", 30}, {3, "ann", 12}, {4, "cy", 50}}))
	idx := slices.Index(orders, Order{4, "cy", 50})
	_show(idx, slices.Contains(orders, Order{9, "x", 1}))
}
