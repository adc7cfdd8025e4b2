package display_test

import (
	"github.com/gokernel/gokernel/display"
)

// Without a sink, as in a plain Go program, display writes the text form.
func ExampleTable() {
	type score struct {
		Item  string
		Score float64
	}
	display.Table([]score{{"inception", 0.93}, {"alien", 0.71}})
	// Output:
	// Item       Score
	// inception  0.93
	// alien      0.71
	// 2 rows × 2 columns
}

func ExampleNew() {
	h := display.New(display.MarkdownBundle("epoch 1: *loss 0.52*"))
	h.Update(display.MarkdownBundle("epoch 2: *loss 0.31*"))
	// Output:
	// epoch 1: *loss 0.52*
	// epoch 2: *loss 0.31*
}

func ExampleJSON() {
	display.JSON(map[string]any{"k": 10, "metric": "recall"})
	// Output:
	// {
	//   "k": 10,
	//   "metric": "recall"
	// }
}
