// A chain of fmt.Errorf %w wrappers: errors.Unwrap peels one layer at a time until
// nil, %v without %w does not wrap, and the message concatenates the layers.
package main

import (
	"errors"
	"fmt"
)

var ErrDisk = errors.New("disk full")

func write() error  { return fmt.Errorf("write block 7: %w", ErrDisk) }
func save() error   { return fmt.Errorf("save file: %w", write()) }
func commit() error { return fmt.Errorf("commit: %w", save()) }

func main() {
	err := commit()
	fmt.Println(err)
	for e := err; e != nil; e = errors.Unwrap(e) {
		fmt.Printf("  %q\n", e.Error())
	}
	fmt.Println(errors.Is(err, ErrDisk))
	//cell
	flat := fmt.Errorf("flat: %v", ErrDisk)
	fmt.Println(flat, errors.Is(flat, ErrDisk), errors.Unwrap(flat) == nil)
	//cell
	_show(errors.Unwrap(ErrDisk) == nil, errors.Is(nil, ErrDisk), errors.Is(nil, nil))
}
