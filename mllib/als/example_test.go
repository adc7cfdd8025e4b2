package als_test

import (
	"context"
	"fmt"

	"github.com/gokernel/gokernel/mllib/als"
	"github.com/gokernel/gokernel/mllib/dataset"
	"github.com/gokernel/gokernel/mllib/metrics"
)

// Fit a model on synthetic data with known structure, follow the loss, and
// compare held-out precision with the popularity baseline.
func ExampleFit() {
	data, err := dataset.GenerateSynthetic(dataset.SyntheticOptions{
		Users: 500, Items: 300, Interactions: 20000, MinPerUser: 10, Seed: 1,
	})
	if err != nil {
		panic(err)
	}
	train, test, err := dataset.SplitRatio(data.Matrix, 0.2, 1)
	if err != nil {
		panic(err)
	}
	var losses []float64
	model, err := als.Fit(context.Background(), train, als.Options{
		Factors: 16, Iterations: 8, Alpha: 2, Lambda: 0.1, ComputeLoss: true,
		Progress: func(it als.Iteration) { losses = append(losses, it.Loss) },
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	got, _ := metrics.Evaluate(ctx, model, train, test, 10)
	base, _ := metrics.Evaluate(ctx, metrics.NewPopularity(train), train, test, 10)
	recs, _ := model.Recommend(0, 5, true)

	fmt.Println("iterations reported:", len(losses))
	fmt.Println("loss went down:", losses[len(losses)-1] < losses[0])
	fmt.Println("recommendations:", len(recs))
	fmt.Println("beats popularity:", got.Precision > base.Precision)
	// Output:
	// iterations reported: 8
	// loss went down: true
	// recommendations: 5
	// beats popularity: true
}
