// An unrecovered panic with an error value prints the error's message; deferred calls
// run first.
package main

import "fmt"

type ConfigError struct {
	Key string
}

func (e ConfigError) Error() string { return "missing config key " + e.Key }

func mustGet(cfg map[string]string, key string) string {
	v, ok := cfg[key]
	if !ok {
		panic(ConfigError{key})
	}
	return v
}

func main() {
	defer fmt.Println("deferred in main")
	cfg := map[string]string{"host": "localhost"}
	fmt.Println(mustGet(cfg, "host"))
	//cell
	fmt.Println(mustGet(cfg, "port"))
}
