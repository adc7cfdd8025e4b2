// strconv.Quote, QuoteToASCII, QuoteRune, Unquote (and its error), and the Append
// functions building a byte slice; ParseBool and FormatBool.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	s := "tab\there \"quoted\" é 世 \x00"
	fmt.Println(strconv.Quote(s))
	fmt.Println(strconv.QuoteToASCII(s))
	fmt.Println(strconv.QuoteRune('☺'), strconv.QuoteRuneToASCII('☺'))
	//cell
	u, err := strconv.Unquote(`"a\tb\u00e9"`)
	fmt.Printf("%q %v\n", u, err)
	u, err = strconv.Unquote("`raw\\n`")
	fmt.Printf("%q %v\n", u, err)
	_, err = strconv.Unquote(`"unterminated`)
	fmt.Println(err)
	//cell
	buf := []byte("vals:")
	buf = strconv.AppendInt(buf, -42, 10)
	buf = append(buf, ',')
	buf = strconv.AppendQuote(buf, "x")
	buf = append(buf, ',')
	buf = strconv.AppendBool(buf, true)
	buf = append(buf, ',')
	buf = strconv.AppendFloat(buf, 1.5, 'g', -1, 64)
	fmt.Println(string(buf))
	//cell
	for _, s := range []string{"true", "T", "0", "yes"} {
		b, err := strconv.ParseBool(s)
		fmt.Println(b, err)
	}
	_show(strconv.FormatBool(false))
}
