// math/big: Int factorial beyond 64 bits, Exp with a modulus, string parsing with
// SetString, and Rat arithmetic kept exact with FloatString.
package main

import (
	"fmt"
	"math/big"
)

func factorial(n int64) *big.Int {
	r := big.NewInt(1)
	for i := int64(2); i <= n; i++ {
		r.Mul(r, big.NewInt(i))
	}
	return r
}

func main() {
	f := factorial(30)
	fmt.Println(f, len(f.String()), f.BitLen())
	//cell
	a, ok := new(big.Int).SetString("123456789012345678901234567890", 10)
	fmt.Println(a, ok)
	b := new(big.Int).Exp(big.NewInt(2), big.NewInt(100), nil)
	fmt.Println(b, a.Cmp(b), new(big.Int).Mod(a, big.NewInt(97)))
	_, ok = new(big.Int).SetString("12z", 10)
	fmt.Println(ok)
	//cell
	r := big.NewRat(1, 3)
	r.Add(r, big.NewRat(1, 6))
	fmt.Println(r, r.FloatString(5))
	s := new(big.Rat).Mul(r, big.NewRat(4, 5))
	fmt.Println(s, s.Num(), s.Denom(), s.Cmp(big.NewRat(2, 5)))
	_show(new(big.Rat).SetFloat64(0.75).String())
}
