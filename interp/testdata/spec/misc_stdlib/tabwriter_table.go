// text/tabwriter aligns tab-separated columns: minwidth, padding, AlignRight and
// Debug flags, over rows printed from program structs.
package main

import (
	"fmt"
	"os"
	"text/tabwriter"
)

type Row struct {
	Name  string
	Qty   int
	Price float64
}

func main() {
	rows := []Row{{"apple", 3, 0.5}, {"watermelon", 1, 3.25}, {"fig", 12, 0.2}}
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tQTY\tPRICE\t")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%d\t%.2f\t\n", r.Name, r.Qty, r.Price)
	}
	w.Flush()
	//cell
	w = tabwriter.NewWriter(os.Stdout, 5, 0, 1, '.', tabwriter.AlignRight|tabwriter.Debug)
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%d\t%.2f\t\n", r.Name, r.Qty, r.Price)
	}
	w.Flush()
}
