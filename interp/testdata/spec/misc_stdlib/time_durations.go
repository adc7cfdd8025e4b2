// time.Duration arithmetic and its String form, ParseDuration, Truncate and Round on
// durations, and conversions to hours, minutes and seconds.
package main

import (
	"fmt"
	"time"
)

func main() {
	d := 90*time.Minute + 30*time.Second + 250*time.Millisecond
	fmt.Println(d, d.Hours(), d.Minutes(), d.Seconds(), int64(d))
	fmt.Println(time.Duration(1500)*time.Microsecond, 2*time.Hour/3, time.Duration(0), -d)
	//cell
	for _, s := range []string{"1h15m", "300ms", "1.5h", "-2m3s", "10", "1d"} {
		p, err := time.ParseDuration(s)
		fmt.Println(s, p, err)
	}
	//cell
	fmt.Println(d.Truncate(time.Minute), d.Round(time.Minute), d.Round(time.Hour))
	timeout := 5 * time.Second
	_show(timeout, timeout > 4*time.Second, timeout.Milliseconds())
}
