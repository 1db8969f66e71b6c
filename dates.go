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
