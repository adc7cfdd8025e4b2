package sparse

import "fmt"

// IDMap assigns dense indices 0, 1, 2, ... to external keys in the order they
// are first seen, so a log keyed by user names or item ids can become matrix
// rows and columns, and results can be turned back into keys.
//
// The zero value is not ready; use NewIDMap. An IDMap is not safe for
// concurrent writes.
type IDMap struct {
	keys  []string
	index map[string]int
}

// NewIDMap returns an empty map.
func NewIDMap() *IDMap { return &IDMap{index: make(map[string]int)} }

// IDMapOf returns a map with keys[i] at index i. Duplicate keys are an error.
func IDMapOf(keys []string) (*IDMap, error) {
	m := &IDMap{keys: make([]string, 0, len(keys)), index: make(map[string]int, len(keys))}
	for _, k := range keys {
		if _, dup := m.index[k]; dup {
			return nil, fmt.Errorf("sparse: duplicate key %q", k)
		}
		m.Add(k)
	}
	return m, nil
}

// Add returns the index of key, assigning the next free index if it is new.
func (m *IDMap) Add(key string) int {
	if i, ok := m.index[key]; ok {
		return i
	}
	i := len(m.keys)
	m.keys = append(m.keys, key)
	m.index[key] = i
	return i
}

// Index returns the index of key and whether it is known.
func (m *IDMap) Index(key string) (int, bool) {
	i, ok := m.index[key]
	return i, ok
}

// Key returns the key at index i. An index out of range panics: indices come
// from this map or from a matrix built with it.
func (m *IDMap) Key(i int) string {
	if i < 0 || i >= len(m.keys) {
		panic(fmt.Sprintf("sparse: IDMap index %d out of range [0, %d)", i, len(m.keys)))
	}
	return m.keys[i]
}

// Len returns the number of keys.
func (m *IDMap) Len() int { return len(m.keys) }

// Keys returns a copy of all keys in index order.
func (m *IDMap) Keys() []string { return append([]string(nil), m.keys...) }
