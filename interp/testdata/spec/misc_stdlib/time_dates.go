// time.Date in UTC and in a fixed zone, Format with layouts (RFC3339, custom),
// Parse, Add, AddDate normalising, Sub, Truncate, Weekday and YearDay; no time.Now.
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Date(2024, time.February, 28, 22, 30, 15, 0, time.UTC)
	fmt.Println(t)
	fmt.Println(t.Format(time.RFC3339), t.Format("2006-01-02 15:04"), t.Format("Mon Jan _2 3:04PM"))
	fmt.Println(t.Weekday(), t.YearDay(), t.Month(), int(t.Month()))
	//cell
	next := t.Add(2 * time.Hour)
	fmt.Println(next.Format(time.DateTime), next.Sub(t), t.Before(next))
	fmt.Println(t.AddDate(0, 1, 1).Format(time.DateOnly), time.Date(2023, 13, 32, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
	fmt.Println(t.Truncate(time.Hour).Format(time.Kitchen), t.Truncate(24*time.Hour).Format(time.RFC1123))
	//cell
	p, err := time.Parse("2006-01-02T15:04:05Z07:00", "2024-03-01T08:00:00+02:00")
	fmt.Println(p.UTC(), err)
	_, err = time.Parse(time.DateOnly, "2024-02-30")
	fmt.Println(err)
	zone := time.FixedZone("EST", -5*3600)
	fmt.Println(t.In(zone).Format(time.RFC822Z), t.Unix(), time.Unix(0, 0).UTC())
	_show(p.Equal(time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)))
}
