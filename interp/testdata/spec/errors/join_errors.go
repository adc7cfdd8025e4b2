// errors.Join collects several errors (skipping nils), prints them one per line, and
// errors.Is and errors.As see every joined error; fmt.Errorf with two %w does the same.
package main

import (
	"errors"
	"fmt"
)

var ErrName = errors.New("name is empty")
var ErrAge = errors.New("age is negative")

type RangeErr struct{ Field string }

func (r RangeErr) Error() string { return r.Field + " out of range" }

type Form struct {
	Name string
	Age  int
	Size int
}

func validate(f Form) error {
	var errs []error
	if f.Name == "" {
		errs = append(errs, ErrName)
	}
	if f.Age < 0 {
		errs = append(errs, ErrAge)
	}
	if f.Size > 10 {
		errs = append(errs, RangeErr{"size"})
	}
	return errors.Join(errs...)
}

func main() {
	fmt.Println(validate(Form{"ok", 1, 1}) == nil)
	err := validate(Form{"", -1, 20})
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrName), errors.Is(err, ErrAge))
	var re RangeErr
	fmt.Println(errors.As(err, &re), re.Field)
	//cell
	j := errors.Join(nil, ErrAge, nil)
	fmt.Printf("%q\n", j.Error())
	fmt.Println(errors.Join() == nil, errors.Join(nil, nil) == nil)
	//cell
	two := fmt.Errorf("both: %w and %w", ErrName, ErrAge)
	fmt.Println(two, errors.Is(two, ErrAge), errors.Unwrap(two) == nil)
	if u, ok := two.(interface{ Unwrap() []error }); ok {
		fmt.Println(len(u.Unwrap()))
	}
}
