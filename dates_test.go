package article

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339, or "" for no date
	}{
		{"Fri, 25 Feb 2022 16:36:54 GMT", time.UTC, "2022-02-25T16:36:54Z"},
		{"Fri, 25 Feb 2022 16:36:54 +0800", time.UTC, "2022-02-25T16:36:54+08:00"},
		{"Fri, 5 Feb 2022 16:36:54 GMT", time.UTC, "2022-02-05T16:36:54Z"},
		{"Tue, 10 Jun 2003 04:00:00 PST", time.UTC, "2003-06-10T04:00:00-08:00"},
		{"Tue, 10 Jun 2003 04:00:00 EDT", time.UTC, "2003-06-10T04:00:00-04:00"},
		{"2022-02-25T16:36:54Z", time.UTC, "2022-02-25T16:36:54Z"},
		{"2022-02-25T16:36:54.123Z", time.UTC, "2022-02-25T16:36:54.123Z"},
		{"2022-02-25T16:36:54+08:00", time.UTC, "2022-02-25T16:36:54+08:00"},
		{"2022-02-25T16:36:54+0800", time.UTC, "2022-02-25T16:36:54+08:00"},
		{"2022-02-25 16:36:54 +08:00", time.UTC, "2022-02-25T16:36:54+08:00"},
		{"2021-03-29 00:26:58", time.UTC, "2021-03-29T00:26:58Z"},
		{"2021-03-29 00:26:58", shanghai, "2021-03-29T00:26:58+08:00"},
		{"2021-03-29T00:26:58", shanghai, "2021-03-29T00:26:58+08:00"},
		{"2021-03-29 00:26", time.UTC, "2021-03-29T00:26:00Z"},
		{"2021-03-29", time.UTC, "2021-03-29T00:00:00Z"},
		{"2021/03/29 08:05", time.UTC, "2021-03-29T08:05:00Z"},
		{"2021/3/9", time.UTC, "2021-03-09T00:00:00Z"},
		{"Monday, 02-Jan-06 15:04:05 MST", time.UTC, "2006-01-02T15:04:05-07:00"},
		{"Mon Jan 02 15:04:05 -0700 2006", time.UTC, "2006-01-02T15:04:05-07:00"},
		{"Mon Jan  2 15:04:05 2006", time.UTC, "2006-01-02T15:04:05Z"},
		{"January 2, 2006", time.UTC, "2006-01-02T00:00:00Z"},
		{"2022年02月25日 16:36", time.UTC, "2022-02-25T16:36:00Z"},
		{"2022年2月5日", shanghai, "2022-02-05T00:00:00+08:00"},
		{"1645807014", time.UTC, "2022-02-25T16:36:54Z"},
		{"1645807014000", time.UTC, "2022-02-25T16:36:54Z"},
		{"  2021-03-29  ", time.UTC, "2021-03-29T00:00:00Z"},
		{"Invalid Date", time.UTC, ""},
		{"", time.UTC, ""},
		{"yesterday", time.UTC, ""},
		{"2021-13-45", time.UTC, ""},
		{"12", time.UTC, ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, tt.loc)
		if tt.want == "" {
			assert.False(t, ok, "parseDate(%q) = %v, want no date", tt.in, got)
			continue
		}
		if assert.True(t, ok, "parseDate(%q): no date", tt.in) {
			assert.Equal(t, tt.want, got.Format(time.RFC3339Nano), "parseDate(%q)", tt.in)
		}
	}
}

func TestParseDateValue(t *testing.T) {
	toml := time.Date(2021, 3, 29, 0, 26, 58, 0, time.FixedZone("", 8*3600))
	tests := []struct {
		in   any
		want string
	}{
		{toml, "2021-03-29T00:26:58+08:00"},
		{1645807014, "2022-02-25T16:36:54Z"},
		{int64(1645807014000), "2022-02-25T16:36:54Z"},
		{float64(1645807014), "2022-02-25T16:36:54Z"},
		{true, ""},
		{[]any{"2021-01-01"}, ""},
	}
	for _, tt := range tests {
		got, ok := parseDateValue(tt.in, time.UTC)
		if tt.want == "" {
			assert.False(t, ok, "parseDateValue(%#v)", tt.in)
			continue
		}
		require.True(t, ok, "parseDateValue(%#v)", tt.in)
		assert.Equal(t, tt.want, got.Format(time.RFC3339), "parseDateValue(%#v)", tt.in)
	}
}

// TestParseHexoDateMatchesTime holds the fast path to time.ParseInLocation,
// on valid dates and on every kind of field out of range.
func TestParseHexoDateMatchesTime(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	var inputs []string
	for _, d := range []string{"2021-03-29", "2020-02-29", "2021-02-29", "1900-02-29", "2000-02-29", "2021-04-31", "2021-13-01", "2021-00-10", "2021-12-00", "2021-12-32", "0000-01-01", "9999-12-31", "2021-1a-01"} {
		for _, clock := range []string{"00:26:58", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "1:00:000", "12:0a:00"} {
			inputs = append(inputs, d+" "+clock, d+"T"+clock)
		}
	}
	for _, s := range inputs {
		for _, loc := range []*time.Location{time.UTC, shanghai} {
			got, ok := parseHexoDate(s, loc)
			layout := "2006-01-02 15:04:05"
			if s[10] == 'T' {
				layout = "2006-01-02T15:04:05"
			}
			want, err := time.ParseInLocation(layout, s, loc)
			assert.Equal(t, err == nil, ok, "parseHexoDate(%q): ok", s)
			if ok {
				assert.True(t, want.Equal(got) && want.Location() == got.Location(), "parseHexoDate(%q):\n got %v\n want %v", s, got, want)
			}
		}
	}
}
