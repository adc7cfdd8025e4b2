package interp

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// formatValues renders the values of a trailing expression as text/plain. Strings are
// quoted so that "" and " " are visible and a string is told apart from a number;
// several values are separated by commas, as a Go programmer writes them.
func formatValues(vals []reflect.Value) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = formatValue(v)
	}
	return strings.Join(parts, ", ")
}

func formatValue(v reflect.Value) string {
	if !v.IsValid() {
		return "<nil>"
	}
	if v.Kind() == reflect.String {
		return strconv.Quote(v.String())
	}
	if !v.CanInterface() {
		return fmt.Sprint(v)
	}
	return fmt.Sprint(v.Interface())
}
