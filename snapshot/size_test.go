package snapshot_test

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/snapshot"
)

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"0GB", 0},
		{"1024", 1024},
		{"12 B", 12},
		{"12b", 12},
		{"1.0", 1},
		{"2GB", 2_000_000_000},
		{"500MB", 500_000_000},
		{"1.5GiB", 1_610_612_736},
		{"750 MiB", 786_432_000},
		{"1kB", 1000},
		{"1KB", 1000},
		{"1kb", 1000},
		{"1 KiB", 1024},
		{"2gib", 2 << 30},
		{"3 TB", 3_000_000_000_000},
		{"1 TiB", 1 << 40},
		{"2 PB", 2e15},
		{"1 EiB", 1 << 60},
		{"  4\tMB ", 4_000_000},
		{"1.1GB", 1_100_000_000}, // exact: no float64 rounding
		{"0.5kB", 500},
		{".5 MB", 500_000},
		{"5. kB", 5000},
		{"1.0000004 kB", 1000}, // to the nearest byte
		{"0.0005 kB", 1},       // half a byte rounds up
		{"0.0015 KiB", 2},      // 1.536 bytes
		{"007MB", 7_000_000},
		{"9.2 EB", 9_200_000_000_000_000_000},
		{"9223372036854775807", math.MaxInt64},
		{"7.99999999999999999913 EiB", math.MaxInt64}, // 2⁶³-1 bytes, rounded
	} {
		got, err := snapshot.ParseSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseSizeErrors(t *testing.T) {
	for _, tt := range []struct {
		in, reason string
	}{
		{"", "no size"},
		{"   ", "no size"},
		{"-1GB", "negative"},
		{"-0", "negative"},
		{"+1GB", "not a number"},
		{"GB", "not a number"},
		{".", "not a number"},
		{"NaN", "not a number"},
		{"2XB", `unknown unit "XB"`},
		{"2 G", `unknown unit "G"`}, // 1000³ or 1024³: the reader cannot tell
		{"1e9", `unknown unit "e9"`},
		{"1,000", `unknown unit ",000"`},
		{"1.2.3", `unknown unit ".3"`},
		{"2 GB please", `unknown unit "GB please"`},
		{"1.5", "a fraction of a byte"},
		{"1.5 B", "a fraction of a byte"},
		{"9223372036854775808", "too large"},
		{"8 EiB", "too large"},
		{"10 EB", "too large"},
		{"100000000000000000000000000000 TB", "too large"},
	} {
		got, err := snapshot.ParseSize(tt.in)
		if err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", tt.in, got)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, strconv.Quote(tt.in)) || !strings.Contains(msg, tt.reason) {
			t.Errorf("ParseSize(%q): %q; want an error naming the input and saying %q", tt.in, msg, tt.reason)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for _, tt := range []struct {
		in   int64
		want string
	}{
		{0, "0 B"},
		{12, "12 B"},
		{999, "999 B"},
		{1000, "1 kB"},
		{1024, "1 kB"},
		{1500, "1.5 kB"},
		{9949, "9.9 kB"},
		{9950, "10 kB"}, // not "10.0"
		{312_000, "312 kB"},
		{312_499, "312 kB"},
		{999_499, "999 kB"},
		{999_500, "1 MB"}, // not "1000 kB"
		{45_000_000, "45 MB"},
		{1_500_000_000, "1.5 GB"},
		{2 << 30, "2.1 GB"},
		{1e18, "1 EB"},
		{math.MaxInt64, "9.2 EB"},
		{-1500, "-1.5 kB"},
		{-12, "-12 B"},
		{math.MinInt64, "-9.2 EB"},
	} {
		if got := snapshot.FormatSize(tt.in); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFormatSizeParses checks that ParseSize reads what FormatSize writes,
// within the rounding FormatSize documents: 5%, and exactly below 1 kB.
func TestFormatSizeParses(t *testing.T) {
	sizes := []int64{0, 1, 999, 1000, 1049, 9950, 999_500, 1 << 40, math.MaxInt64}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		sizes = append(sizes, r.Int64N(1<<(1+r.IntN(62))))
	}
	for _, n := range sizes {
		text := snapshot.FormatSize(n)
		got, err := snapshot.ParseSize(text)
		if err != nil {
			t.Errorf("FormatSize(%d) = %q, which ParseSize refuses: %v", n, text, err)
			continue
		}
		if n < 1000 && got != n || math.Abs(float64(got-n)) > 0.05*float64(n) {
			t.Errorf("FormatSize(%d) = %q, which ParseSize reads as %d", n, text, got)
		}
	}
}
