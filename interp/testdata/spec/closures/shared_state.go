// Several closures created in the same call share the captured variables; closures
// from different calls do not.
package main

import (
	"fmt"
	"strings"
)

type account struct {
	deposit  func(int)
	withdraw func(int) bool
	balance  func() int
}

func newAccount() account {
	bal := 0
	var history []string
	return account{
		deposit: func(n int) {
			bal += n
			history = append(history, fmt.Sprint("+", n))
		},
		withdraw: func(n int) bool {
			if n > bal {
				history = append(history, fmt.Sprint("refused ", n))
				fmt.Println(strings.Join(history, ", "))
				return false
			}
			bal -= n
			history = append(history, fmt.Sprint("-", n))
			return true
		},
		balance: func() int { return bal },
	}
}

func main() {
	a, b := newAccount(), newAccount()
	a.deposit(50)
	b.deposit(5)
	fmt.Println(a.withdraw(20), a.balance(), b.balance())
	//cell
	fmt.Println(b.withdraw(10))
	_show(a.balance(), b.balance())
}
