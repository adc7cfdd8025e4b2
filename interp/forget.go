package interp

import (
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// forgetSymbol removes name from the package scope of main in yi, so that a new
// declaration of it creates a new symbol. yaegi keeps the first declaration of a type
// and the first body of a method and has no API to drop one; this reaches into its
// package scope (Interpreter.scopes["main"].sym), checked against the pinned version
// v0.16.1 by TestTypeRedefinition. It reports whether it could.
func forgetSymbol(yi *interp.Interpreter, name string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false // yaegi's layout changed: redefinition falls back to the old behaviour
		}
	}()
	scopes := exported(reflect.ValueOf(yi).Elem().FieldByName("scopes"))
	if !scopes.IsValid() || scopes.Kind() != reflect.Map {
		return false
	}
	main := scopes.MapIndex(reflect.ValueOf("main"))
	if !main.IsValid() || main.IsNil() {
		return false
	}
	sym := exported(main.Elem().FieldByName("sym"))
	if !sym.IsValid() || sym.Kind() != reflect.Map {
		return false
	}
	key := reflect.ValueOf(name)
	if !sym.MapIndex(key).IsValid() {
		return false
	}
	sym.SetMapIndex(key, reflect.Value{})
	return true
}

// exported makes an unexported struct field readable and writable.
func exported(v reflect.Value) reflect.Value {
	if !v.IsValid() || !v.CanAddr() {
		return reflect.Value{}
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}
