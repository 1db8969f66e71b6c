package article

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// Date layouts, split by whether the date starts with a digit, so that a
// date is tried against the layouts that can match it. Within each group,
// layouts with a zone come first; dates without a zone take the default
// location.
var (
	zonedDigitLayouts = []string{
		"2006-01-02T15:04:05.999999999-0700",
		"2006-01-02 15:04:05.999999999 -0700",
		"2006-01-02 15:04:05.999999999 -07:00",
		"2006-01-02 15:04:05.999999999-07:00",
		"2006-01-02 15:04:05.999999999 MST",
		"2006-01-02T15:04-07:00",
		"2 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04:05 MST",
		time.RFC822Z,
		time.RFC822,
	}
	localDigitLayouts = []string{
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04",
		"2006-01-02T15:04",
		"2006-01-02",
		"2006/1/2 15:04:05",
		"2006/1/2 15:04",
		"2006/1/2",
		"2006.1.2 15:04:05",
		"2006.1.2",
		"2 January 2006",
		"2 Jan 2006",
		"2006年1月2日 15:04:05",
		"2006年1月2日 15:04",
		"2006年1月2日15:04",
		"2006年1月2日",
	}
	zonedLetterLayouts = []string{
		time.RFC1123Z,
		time.RFC1123,
		"Mon, 2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04:05 MST",
		"Mon, 2 Jan 2006 15:04 -0700",
		"Mon, 2 Jan 2006 15:04 MST",
		time.RFC850,
		time.RubyDate,
		time.UnixDate,
	}
	localLetterLayouts = []string{
		time.ANSIC,
		"January 2, 2006 15:04",
		"January 2, 2006",
		"Jan 2, 2006",
	}
)

// zoneOffsets gives the offsets of zone abbreviations that RFC 822 and
// common feeds use. Go's parser gives an unknown abbreviation a zero offset.
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600,
	"CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600,
	"PST": -8 * 3600, "PDT": -7 * 3600,
	"CET": 1 * 3600, "CEST": 2 * 3600,
	"BST": 1 * 3600, "JST": 9 * 3600, "KST": 9 * 3600, "HKT": 8 * 3600,
	"AEST": 10 * 3600, "AEDT": 11 * 3600,
}

// parseDateValue reads a front matter date: a string in any of the layouts
// above, unix seconds or milliseconds, or a time decoded by TOML.
func parseDateValue(v any, loc *time.Location) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v, true
	case string:
		return parseDate(v, loc)
	case int:
		return unixTime(int64(v)), true
	case int64:
		return unixTime(v), true
	case uint64:
		if v > math.MaxInt64 {
			return time.Time{}, false
		}
		return unixTime(int64(v)), true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
			return time.Time{}, false
		}
		return unixTime(int64(v)), true
	case json.Number:
		return parseDate(v.String(), loc)
	}
	return time.Time{}, false
}

// parseDate reads s in any of the supported layouts. A date without a zone
// is in loc.
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || len(s) < 9 || len(s) > 16 {
			return time.Time{}, false
		}
		return unixTime(n), true
	}
	if t, ok := parseHexoDate(s, loc); ok {
		return t, true
	}
	zoned, local := zonedLetterLayouts, localLetterLayouts
	if s[0] >= '0' && s[0] <= '9' {
		// RFC 3339, with or without a fraction, is the common case.
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, true
		}
		zoned, local = zonedDigitLayouts, localDigitLayouts
		if len(s) == len("2006-01-02 15:04:05") && s[10] == ' ' {
			// Hexo's default, without a zone.
			if t, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc); err == nil {
				return t, true
			}
		}
	}
	if c := s[len(s)-1]; c >= 'A' && c <= 'Z' {
		// A zone abbreviation, as RSS writes ("… 16:36:54 GMT"): try the
		// common layout first, before the failures that cost allocations.
		if strings.HasSuffix(s, " GMT") {
			// A literal GMT parses without the zone lookup's allocation.
			if t, err := time.ParseInLocation("Mon, 02 Jan 2006 15:04:05 GMT", s, time.UTC); err == nil {
				return t, true
			}
		}
		if t, err := time.Parse(time.RFC1123, s); err == nil {
			return fixZone(t), true
		}
	}
	for _, layout := range zoned {
		if t, err := time.Parse(layout, s); err == nil {
			return fixZone(t), true
		}
	}
	for _, layout := range local {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseHexoDate reads the zone-less form that Hexo and most generators
// write, "2006-01-02 15:04:05" or "2006-01-02T15:04:05", in loc, as
// time.ParseInLocation would, without its allocations. It reports false
// for anything else, including out-of-range fields, which the layouts then
// reject.
func parseHexoDate(s string, loc *time.Location) (time.Time, bool) {
	if len(s) != len("2006-01-02 15:04:05") || s[4] != '-' || s[7] != '-' ||
		s[10] != ' ' && s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	var f [6]int
	for k, at := range [6]int{0, 5, 8, 11, 14, 17} {
		n := 4
		if k > 0 {
			n = 2
		}
		for _, c := range []byte(s[at : at+n]) {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			f[k] = f[k]*10 + int(c-'0')
		}
	}
	year, month, day, hour, min, sec := f[0], f[1], f[2], f[3], f[4], f[5]
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || min > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, min, sec, 0, loc), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// unixTime reads n as unix seconds, or milliseconds when it is too large to
// be seconds (after the year 5138).
func unixTime(n int64) time.Time {
	if n > 1e11 || n < -1e11 {
		return time.UnixMilli(n).UTC()
	}
	return time.Unix(n, 0).UTC()
}

// fixZone gives a time parsed with an abbreviation Go does not know (and so
// gave a zero offset) the abbreviation's real offset.
func fixZone(t time.Time) time.Time {
	name, off := t.Zone()
	if off != 0 {
		return t
	}
	want, ok := zoneOffsets[name]
	if !ok || want == 0 {
		if name == "UTC" || name == "GMT" || name == "UT" || name == "Z" {
			return t.UTC()
		}
		return t
	}
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.FixedZone(name, want))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			if i == 0 && s[i] == '-' && len(s) > 1 {
				continue
			}
			return false
		}
	}
	return true
}
