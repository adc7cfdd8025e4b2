// sync/atomic.Pointer[T] with a struct type of the program: the zero Pointer loads nil,
// Store, Swap (returns the old pointer), CompareAndSwap (compares pointers, not values),
// and a generic type of the program holding an atomic.Pointer of its type parameter.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Settings struct {
	Level string
	Limit int
}

// Latest publishes the newest value of any type.
type Latest[T any] struct {
	p       atomic.Pointer[T]
	version atomic.Int64
}

func (l *Latest[T]) Set(v T) {
	l.p.Store(&v)
	l.version.Add(1)
}

func (l *Latest[T]) Get() (T, bool) {
	if p := l.p.Load(); p != nil {
		return *p, true
	}
	var zero T
	return zero, false
}

func main() {
	var cur atomic.Pointer[Settings]
	fmt.Println(cur.Load() == nil)
	first := &Settings{"info", 10}
	cur.Store(first)
	fmt.Println(*cur.Load(), cur.Load() == first)
	//cell
	second := &Settings{"debug", 99}
	old := cur.Swap(second)
	fmt.Println(*old, old == first, *cur.Load())
	copyOfSecond := &Settings{"debug", 99}
	fmt.Println(cur.CompareAndSwap(copyOfSecond, first), cur.Load().Level)
	fmt.Println(cur.CompareAndSwap(second, first), cur.Load().Level)
	fmt.Println(cur.CompareAndSwap(nil, second))
	//cell
	var name Latest[string]
	fmt.Println(name.Get())
	name.Set("v1")
	name.Set("v2")
	fmt.Println(name.Get())
	fmt.Println(name.version.Load())
	//cell
	var s Latest[Settings]
	var wg sync.WaitGroup
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Set(Settings{"w", i})
		}()
	}
	wg.Wait()
	got, ok := s.Get()
	_show(got.Level, got.Limit >= 1 && got.Limit <= 4, ok, s.version.Load())
}
