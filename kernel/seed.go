package kernel

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/gokernel/gokernel/lineage"
)

// The notebook seed: every execution's math/rand and math/rand/v2 are seeded with
// lineage.CellSeed of it and the cell's code, and the execution log records the seed
// each one got, which is what lets a replay draw the same numbers. It is 0 unless
// GOKERNEL_SEED or %seed says otherwise, so a notebook draws the same numbers in every
// session without asking.

// seedMagic is the kernel's magic for the notebook seed.
const seedMagic = "%seed"

// initialSeed is the notebook seed a kernel starts with: GOKERNEL_SEED, else 0.
func initialSeed() (uint64, error) {
	v := os.Getenv("GOKERNEL_SEED")
	if v == "" {
		return 0, nil
	}
	seed, err := lineage.ParseSeed(v)
	if err != nil {
		return 0, fmt.Errorf("GOKERNEL_SEED: %w", err)
	}
	return seed, nil
}

// runSeedMagic runs `%seed` (say the notebook seed) or `%seed N|random` (set it for
// the executions that follow).
func (k *Kernel) runSeedMagic(line string, out Output) error {
	args := strings.Fields(line)[1:]
	switch len(args) {
	case 0:
		out.Stream("stdout", fmt.Sprintf("notebook seed %d: each cell's math/rand and math/rand/v2 are seeded from it and the cell's code\n", k.seed))
		return nil
	case 1:
		seed, err := lineage.ParseSeed(args[0])
		if err != nil {
			return err
		}
		k.seed = seed
		out.Stream("stdout", fmt.Sprintf("notebook seed %d\n", seed))
		return nil
	}
	return errors.New("usage: %seed [N|random]")
}
