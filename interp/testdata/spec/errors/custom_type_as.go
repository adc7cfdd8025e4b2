// errors.As with program error types: a pointer-receiver type found as *T, a
// value-receiver type found as T, and the fields of the found error read back.
package main

import (
	"errors"
	"fmt"
)

type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

type CodeError struct {
	Code int
}

func (e CodeError) Error() string { return fmt.Sprintf("code %d", e.Code) }

func parse(s string) error {
	if s == "" {
		return &ParseError{Line: 3, Msg: "empty"}
	}
	if s == "x" {
		return fmt.Errorf("parse: %w", CodeError{Code: 42})
	}
	return nil
}

func main() {
	err := fmt.Errorf("load config: %w", parse(""))
	fmt.Println(err)
	var pe *ParseError
	if errors.As(err, &pe) {
		fmt.Println("parse error at line", pe.Line, "msg", pe.Msg)
	}
	var ce CodeError
	fmt.Println(errors.As(err, &ce))
	//cell
	err = parse("x")
	if errors.As(err, &ce) {
		fmt.Println("code", ce.Code)
	}
	fmt.Println(errors.As(err, &pe), parse("ok") == nil)
}
