package snapshot

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// sizeUnits maps each unit ParseSize reads, in lower case, to its bytes.
// Decimal units are powers of 1000 and binary ones powers of 1024 (IEC
// 80000-13); people type both. Units are looked up in lower case because
// what a person types in a magic is "KB", "gb" or "Mib" as often as the
// correct "kB", "GB" and "MiB", and no two units differ only in case.
var sizeUnits = map[string]int64{
	"":  1,
	"b": 1,

	"kb": 1e3,
	"mb": 1e6,
	"gb": 1e9,
	"tb": 1e12,
	"pb": 1e15,
	"eb": 1e18,

	"kib": 1 << 10,
	"mib": 1 << 20,
	"gib": 1 << 30,
	"tib": 1 << 40,
	"pib": 1 << 50,
	"eib": 1 << 60,
}

// ParseSize parses a size in bytes as a person types it, such as the budget
// of "%snapshot budget 2GB": a number, optionally with a fraction, then
// optionally a unit, with or without a space between them. Decimal units (B,
// kB, MB, GB, TB, PB, EB) are powers of 1000 and binary units (KiB, MiB, GiB,
// TiB, PiB, EiB) powers of 1024; units are read in any case, and a number
// without one counts bytes. So "2GB" is 2000000000, "1.5GiB" 1610612736 and
// "750 MiB" 786432000.
//
// A fractional size is rounded to the nearest byte, except that a fraction
// of a byte itself ("1.5" or "1.5 B") is an error. A negative or empty size,
// a size larger than the largest int64, and an unknown unit are errors naming
// the input. ParseSize reads what FormatSize writes.
func ParseSize(s string) (int64, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return 0, sizeError(s, "no size given (want a number of bytes, optionally with a unit: 2GB, 500 MiB)")
	}
	if text[0] == '-' {
		return 0, sizeError(s, "negative")
	}

	// The number: digits, then optionally a point and more digits.
	i := 0
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	whole := text[:i]
	var frac string
	if i < len(text) && text[i] == '.' {
		i++
		start := i
		for i < len(text) && isDigit(text[i]) {
			i++
		}
		frac = text[start:i]
	}
	if whole == "" && frac == "" {
		return 0, sizeError(s, "not a number (want a number of bytes, optionally with a unit: 2GB, 500 MiB)")
	}

	unit := strings.TrimLeft(text[i:], " \t")
	multiplier, ok := sizeUnits[strings.ToLower(unit)]
	if !ok {
		return 0, sizeError(s, fmt.Sprintf("unknown unit %q (want B, kB, MB, GB, TB, PB, EB, or KiB, MiB, GiB, TiB, PiB, EiB)", unit))
	}

	// Exact arithmetic, so that "1.1GB" is 1100000000 and not one byte off,
	// and so that overflow is seen rather than wrapped: the number is
	// whole.frac = digits / 10^len(frac).
	digits, _ := new(big.Int).SetString(whole+frac+"0", 10) // "0" makes "" and "." parse; divided out below
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac)+1)), nil)
	n := digits.Mul(digits, big.NewInt(multiplier))
	if multiplier == 1 && new(big.Int).Rem(n, den).Sign() != 0 {
		return 0, sizeError(s, "a fraction of a byte")
	}
	// Round half up: (2n + den) / 2den.
	n.Lsh(n, 1).Add(n, den)
	n.Quo(n, den.Lsh(den, 1))
	if !n.IsInt64() {
		return 0, sizeError(s, "too large (at most "+FormatSize(math.MaxInt64)+")")
	}
	return n.Int64(), nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func sizeError(s, reason string) error {
	return fmt.Errorf("snapshot: size %q: %s", s, reason)
}

// FormatSize returns n bytes in a short form for people to read, in decimal
// units as ParseSize reads them: "12 B", "312 kB", "45 MB", "1.5 GB". Sizes
// of a kilobyte and more have three significant digits at most (one decimal
// below 10 of a unit, dropped when it is 0), so the result is within 5% of
// n; that is what a person compares, and the width stays constant in a
// table. Negative sizes are formatted like positive ones, after a minus sign.
func FormatSize(n int64) string {
	sign := ""
	magnitude := uint64(n)
	if n < 0 {
		sign = "-"
		magnitude = -magnitude // two's complement: right for math.MinInt64 too
	}
	if magnitude < 1000 {
		return sign + strconv.FormatUint(magnitude, 10) + " B"
	}
	const units = "kMGTPE"
	x := float64(magnitude) / 1000
	u := 0
	// 999.5 and up would print as "1000": that is the next unit's 1.
	for x >= 999.5 && u < len(units)-1 {
		x /= 1000
		u++
	}
	var num string
	if x < 9.95 { // below that, "%.1f" does not round up to "10.0"
		num = strconv.FormatFloat(x, 'f', 1, 64)
		num = strings.TrimSuffix(num, ".0")
	} else {
		num = strconv.FormatFloat(x, 'f', 0, 64)
	}
	return sign + num + " " + units[u:u+1] + "B"
}
