// sync.Map: Store, Load, LoadOrStore, LoadAndDelete, Delete, and Range collecting
// keys that are then sorted before printing.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Session struct {
	User  string
	Count int
}

func main() {
	var m sync.Map
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			m.Store(fmt.Sprintf("s%d", i), &Session{User: fmt.Sprint("u", i)})
		}(i)
	}
	wg.Wait()
	v, ok := m.Load("s3")
	fmt.Println(v.(*Session).User, ok)
	//cell
	actual, loaded := m.LoadOrStore("s3", &Session{User: "other"})
	fmt.Println(actual.(*Session).User, loaded)
	actual, loaded = m.LoadOrStore("s9", &Session{User: "new"})
	fmt.Println(actual.(*Session).User, loaded)
	old, ok := m.LoadAndDelete("s0")
	fmt.Println(old.(*Session).User, ok)
	m.Delete("s1")
	_, ok = m.Load("s1")
	fmt.Println(ok)
	//cell
	var keys []string
	m.Range(func(k, v any) bool {
		keys = append(keys, k.(string))
		return true
	})
	sort.Strings(keys)
	fmt.Println(keys)
}
