package article

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		format   fmFormat
		raw      string
		line     int
		body     string
		bodyLine int
		warn     WarningCode
	}{
		{"yaml", "---\ntitle: x\n---\nbody", fmYAML, "title: x\n", 2, "body", 4, ""},
		{"yaml dots", "---\ntitle: x\n...\nbody", fmYAML, "title: x\n", 2, "body", 4, ""},
		{"leading blank lines", "\n  \n---\ntitle: x\n---\nbody", fmYAML, "title: x\n", 4, "body", 6, ""},
		{"fence with trailing space", "--- \ntitle: x\n---  \nbody", fmYAML, "title: x\n", 2, "body", 4, ""},
		{"toml", "+++\ntitle = 'x'\n+++\nbody", fmTOML, "title = 'x'\n", 2, "body", 4, ""},
		{"json fence", ";;;\n{\"title\": \"x\"}\n;;;\nbody", fmJSON, "{\"title\": \"x\"}\n", 2, "body", 4, ""},
		{"bare json", "{\"title\": \"x\"}\n\nbody", fmJSON, "{\"title\": \"x\"}", 1, "\nbody", 2, ""},
		{"bare json multiline", "{\n \"title\": \"x\"\n}\nbody", fmJSON, "{\n \"title\": \"x\"\n}", 1, "body", 4, ""},
		{"brace that is not json", "{not json}\n<p>x</p>", fmNone, "", 0, "{not json}\n<p>x</p>", 1, ""},
		{"no front matter", "<p>x</p>", fmNone, "", 0, "<p>x</p>", 1, ""},
		{"unterminated", "---\ntitle: x\n<p>x</p>", fmNone, "", 0, "---\ntitle: x\n<p>x</p>", 1, WarnFrontMatterUnterminated},
		{"empty", "", fmNone, "", 0, "", 1, ""},
		{"only blank lines", "\n\n", fmNone, "", 0, "", 3, ""},
		{"empty front matter", "---\n---\nbody", fmYAML, "", 2, "body", 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, bodyLine, w := splitFrontMatter(tt.in)
			assert.Equal(t, tt.format, fm.format, "format")
			assert.Equal(t, tt.raw, fm.raw, "raw")
			if tt.format != fmNone {
				assert.Equal(t, tt.line, fm.line, "line")
			}
			assert.Equal(t, tt.body, body, "body")
			assert.Equal(t, tt.bodyLine, bodyLine, "body line")
			if tt.warn == "" {
				assert.Nil(t, w)
			} else if assert.NotNil(t, w) {
				assert.Equal(t, tt.warn, w.Code)
			}
		})
	}
}

func TestDecodeFrontMatterErrorLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
	}{
		{"yaml", "---\ntitle: ok\nauthor: 'it's'\n---\n", 3},
		{"toml", "+++\ntitle = \"ok\"\nauthor = = \n+++\n", 3},
		{"json", ";;;\n{\n\"title\": \"ok\",\n\"x\": ]\n}\n;;;\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, _, _, _ := splitFrontMatter(tt.in)
			_, err := decodeFrontMatter(fm)
			require.Error(t, err)
			assert.Equal(t, tt.line, fm.errorLine(err))
		})
	}
}

func TestDecodeLenient(t *testing.T) {
	raw := "title: 'He said \"it's fine\"'\nauthor: \"A \\\"quoted\\\" name\"\ncategories:\n - 新媒体\n - 'ZAKER'\ntags: [a, 'b', \"c\"]\n  indented: ignored\n# comment\ncomments: false\n"
	got := decodeLenient(raw)
	assert.Equal(t, map[string]any{
		"title":      `He said "it's fine"`,
		"author":     `A "quoted" name`,
		"categories": []any{"新媒体", "ZAKER"},
		"tags":       []any{"a", "b", "c"},
		"comments":   "false",
	}, got)
}

func TestMetaMarshals(t *testing.T) {
	in := map[string]any{
		"nested":  map[any]any{"k": map[any]any{1: "one", true: []any{map[any]any{nil: "x"}}}},
		"nan":     math.NaN(),
		"inf":     math.Inf(1),
		"time":    time.Date(2021, 3, 29, 0, 26, 58, 0, time.UTC),
		"tables":  []map[string]any{{"a": 1}},
		"strings": []string{"x"},
	}
	m := meta(in)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"nested": {"k": {"1": "one", "true": [{"null": "x"}]}},
		"nan": "NaN", "inf": "+Inf",
		"time": "2021-03-29T00:26:58Z",
		"tables": [{"a": 1}],
		"strings": ["x"]
	}`, string(b))
}

func TestFrontMatterFields(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, a *Article)
	}{
		{"category string", "---\ncategory: Notes\n---\n", func(t *testing.T, a *Article) {
			assert.Equal(t, []string{"Notes"}, a.Categories)
		}},
		{"tags with commas", "---\ntags: go, html，中文\n---\n", func(t *testing.T, a *Article) {
			assert.Equal(t, []string{"go", "html", "中文"}, a.Tags)
		}},
		{"first non-empty cover", "---\nheadimg: ''\ncover: 'https://example.com/c.png'\n---\n", func(t *testing.T, a *Article) {
			require.NotNil(t, a.Cover)
			assert.Equal(t, "https://example.com/c.png", a.Cover.URL)
		}},
		{"cover map", "---\ncover:\n  image: https://example.com/m.png\n---\n", func(t *testing.T, a *Article) {
			require.NotNil(t, a.Cover)
			assert.Equal(t, "https://example.com/m.png", a.Cover.URL)
		}},
		{"numeric title", "---\ntitle: 2048\n---\n", func(t *testing.T, a *Article) {
			assert.Equal(t, "2048", a.Title)
		}},
		{"map title warns", "---\ntitle:\n  a: b\n---\n", func(t *testing.T, a *Article) {
			assert.Equal(t, "", a.Title)
			require.Len(t, a.Warnings, 1)
			assert.Equal(t, WarnField, a.Warnings[0].Code)
			assert.Equal(t, 2, a.Warnings[0].Line)
		}},
		{"byline", "---\nbyline: By Someone\n---\n", func(t *testing.T, a *Article) {
			assert.Equal(t, "By Someone", a.Author)
		}},
		{"unix date", "---\ndate: 1645807014\n---\n", func(t *testing.T, a *Article) {
			assert.Equal(t, "2022-02-25T16:36:54Z", a.Date.Format(time.RFC3339))
		}},
		{"yaml 1.1 bool in meta", "---\ncomments: no\n---\n", func(t *testing.T, a *Article) {
			assert.Equal(t, false, a.Meta["comments"])
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader(tt.in))
			require.NoError(t, err)
			tt.check(t, a)
		})
	}
}

func TestParseErrorsWrap(t *testing.T) {
	_, err := ParseBytes(make([]byte, 100), WithMaxBytes(10))
	assert.True(t, errors.Is(err, ErrTooLarge))
	var e *Error
	require.True(t, errors.As(err, &e))
}
