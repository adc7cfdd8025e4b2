// A pointer to a cell struct stored in an interface keeps pointing at the same
// variable: methods called through the interface change it, and the variable's
// changes are seen through the interface.
package main

import "fmt"

type Account struct {
	Owner   string
	Balance int
}

func (a *Account) Deposit(n int) { a.Balance += n }

func (a *Account) Total() int { return a.Balance }

type Depositor interface {
	Deposit(int)
	Total() int
}

func main() {
	acct := Account{Owner: "kim"}
	var d Depositor = &acct
	d.Deposit(50)
	d.Deposit(25)
	fmt.Println(acct.Balance, d.Total())
	//cell
	acct.Balance = 1000
	fmt.Println(d.Total())
	//cell
	ds := []Depositor{&Account{"a", 1}, &Account{"b", 2}, d}
	for _, x := range ds {
		x.Deposit(10)
	}
	for _, x := range ds {
		fmt.Println(x.(*Account).Owner, x.Total())
	}
	_show(acct)
}
