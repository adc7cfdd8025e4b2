// maps.Copy and maps.Insert into a nil map panic with "assignment to entry in nil map"
// once there is something to insert; copying nothing into a nil map is fine.
package main

import (
	"fmt"
	"maps"
)

type Limits struct{ Min, Max int }

func Defaults[K comparable, V any](dst, src map[K]V) {
	maps.Copy(dst, src)
}

func main() {
	var cfg map[string]Limits
	Defaults(cfg, nil)
	maps.Insert(cfg, maps.All(map[string]Limits{}))
	fmt.Println(cfg == nil, len(cfg))
	//cell
	Defaults(cfg, map[string]Limits{"cpu": {1, 4}})
	fmt.Println("not reached")
}
