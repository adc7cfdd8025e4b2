// sync.OnceValue and sync.OnceValues call their function once, on the first call, and
// return its results on every call (concurrent callers included); with a struct type of
// the program and from a generic function of the program.
package main

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
)

type Config struct {
	Host string
	Port int
}

var loads int

var config = sync.OnceValue(func() Config {
	loads++
	fmt.Println("loading config")
	return Config{"localhost", 8080}
})

// Memo wraps a computation of any type so it runs at most once.
func Memo[T any](name string, f func() T) func() T {
	return sync.OnceValue(func() T {
		fmt.Println("computing", name)
		return f()
	})
}

func main() {
	fmt.Println("before first use", loads)
	fmt.Println(config(), config().Port, loads)
	//cell
	parse := sync.OnceValues(func() (int, error) {
		fmt.Println("parsing")
		return strconv.Atoi("12x")
	})
	for i := 0; i < 2; i++ {
		n, err := parse()
		fmt.Println(n, err)
	}
	ok := sync.OnceValues(func() (string, bool) { return "ready", true })
	fmt.Println(ok())
	//cell
	sq := Memo("squares", func() []int { return []int{1, 4, 9} })
	fmt.Println(sq(), sq()[2])
	cfg := Memo("cfg", config)
	fmt.Println(cfg().Host, loads)
	//cell
	counted := 0
	v := sync.OnceValue(func() int { counted++; return 42 })
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = v()
		}()
	}
	wg.Wait()
	fmt.Println(results, counted)
	e := sync.OnceValues(func() (Config, error) { return Config{}, errors.New("no config") })
	_show(e())
}
