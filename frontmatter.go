package article

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
)

type fmFormat uint8

const (
	fmNone fmFormat = iota
	fmYAML
	fmTOML
	fmJSON
)

func (f fmFormat) String() string {
	switch f {
	case fmYAML:
		return "YAML"
	case fmTOML:
		return "TOML"
	case fmJSON:
		return "JSON"
	}
	return "none"
}

// frontMatter is the front matter found at the start of a post.
type frontMatter struct {
	format fmFormat
	raw    string // the text between the fences; for bare JSON, the object
	line   int    // 1-based line of the first line of raw
}

// fences maps an opening line to its format and closing lines.
var fences = []struct {
	open   string
	format fmFormat
	close  []string
}{
	{"---", fmYAML, []string{"---", "..."}},
	{"---yaml", fmYAML, []string{"---", "..."}},
	{"---yml", fmYAML, []string{"---", "..."}},
	{"+++", fmTOML, []string{"+++"}},
	{"---toml", fmTOML, []string{"---"}},
	{";;;", fmJSON, []string{";;;"}},
	{"---json", fmJSON, []string{"---"}},
}

// splitFrontMatter finds the front matter at the start of s, after any blank
// lines. It returns the front matter (format fmNone when there is none), the
// body, and the 1-based line the body starts on. An opening fence that is
// never closed gives no front matter and a warning.
func splitFrontMatter(s string) (fm frontMatter, body string, bodyLine int, warn *Warning) {
	pos, line := 0, 1
	for pos < len(s) {
		l, next := lineAt(s, pos)
		if strings.TrimSpace(l) != "" {
			break
		}
		pos, line = next, line+1
	}
	if pos >= len(s) {
		return fm, "", line, nil
	}
	first, next := lineAt(s, pos)
	first = strings.TrimRight(first, " \t")
	if strings.HasPrefix(first, "{") {
		return splitJSONObject(s, pos, line)
	}
	for _, f := range fences {
		if first != f.open {
			continue
		}
		start, startLine := next, line+1
		p, l := start, startLine
		for p < len(s) {
			text, after := lineAt(s, p)
			text = strings.TrimRight(text, " \t")
			for _, c := range f.close {
				if text == c {
					fm = frontMatter{format: f.format, raw: s[start:p], line: startLine}
					return fm, s[after:], l + 1, nil
				}
			}
			p, l = after, l+1
		}
		return frontMatter{}, s, 1, &Warning{Code: WarnFrontMatterUnterminated, Line: line,
			Message: fmt.Sprintf("%q opens a front matter that is never closed; the whole input is read as the body", f.open)}
	}
	return frontMatter{}, s, 1, nil
}

// splitJSONObject reads a bare JSON object front matter that starts at pos.
// Text that does not decode as a JSON object is body, not front matter.
func splitJSONObject(s string, pos, line int) (frontMatter, string, int, *Warning) {
	dec := json.NewDecoder(strings.NewReader(s[pos:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return frontMatter{}, s, 1, nil
	}
	end := pos + int(dec.InputOffset())
	fm := frontMatter{format: fmJSON, raw: s[pos:end], line: line}
	bodyLine := line + strings.Count(s[pos:end], "\n")
	// The rest of the closing line belongs to the front matter.
	if i := strings.IndexByte(s[end:], '\n'); i >= 0 && strings.TrimSpace(s[end:end+i]) == "" {
		end += i + 1
		bodyLine++
	}
	return fm, s[end:], bodyLine, nil
}

// lineAt returns the line starting at pos, without its newline, and the
// position of the next line.
func lineAt(s string, pos int) (string, int) {
	if i := strings.IndexByte(s[pos:], '\n'); i >= 0 {
		return s[pos : pos+i], pos + i + 1
	}
	return s[pos:], len(s)
}

// decodeFrontMatter decodes the front matter into a map.
func decodeFrontMatter(fm frontMatter) (map[string]any, error) {
	var m map[string]any
	switch fm.format {
	case fmYAML:
		if m, ok := decodeFlatYAML(fm.raw); ok {
			return m, nil
		}
		_, err := frontmatter.Parse(strings.NewReader("---\n"+fm.raw+"\n---\n"), &m)
		return m, err
	case fmTOML:
		_, err := frontmatter.Parse(strings.NewReader("+++\n"+fm.raw+"\n+++\n"), &m)
		return m, err
	case fmJSON:
		dec := json.NewDecoder(strings.NewReader(fm.raw))
		dec.UseNumber()
		err := dec.Decode(&m)
		return m, err
	}
	return nil, nil
}

var errLineRE = regexp.MustCompile(`line (\d+)`)

// errorLine returns the 1-based input line a decoder error points at, or the
// front matter's first line.
func (fm frontMatter) errorLine(err error) int {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 && int(se.Offset) <= len(fm.raw) {
		return fm.line + strings.Count(fm.raw[:se.Offset], "\n")
	}
	if fm.format == fmYAML {
		if n := fm.firstFailingLine(); n > 0 {
			return fm.line + n - 1
		}
	}
	if m := errLineRE.FindStringSubmatch(err.Error()); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil && n > 0 {
			return fm.line + n - 1
		}
	}
	return fm.line
}

// firstFailingLine returns the 1-based line of raw at which a YAML front
// matter first fails to decode, found by decoding ever longer prefixes:
// yaml.v2 often reports the line where a mapping starts instead. It returns
// 0 when it cannot tell.
func (fm frontMatter) firstFailingLine() int {
	const maxLines = 200
	pos := 0
	for n := 1; pos < len(fm.raw) && n <= maxLines; n++ {
		_, next := lineAt(fm.raw, pos)
		pos = next
		var m map[string]any
		if _, err := frontmatter.Parse(strings.NewReader("---\n"+fm.raw[:pos]+"\n---\n"), &m); err != nil {
			return n
		}
	}
	return 0
}

// keyLine returns the 1-based input line where key is set, or the front
// matter's first line.
func (fm frontMatter) keyLine(key string) int {
	pos := 0
	for i := 0; pos < len(fm.raw); i++ {
		l, next := lineAt(fm.raw, pos)
		l = strings.TrimLeft(l, " \t\"")
		if strings.HasPrefix(l, key) {
			rest := strings.TrimLeft(l[len(key):], " \t\"")
			if strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "=") {
				return fm.line + i
			}
		}
		pos = next
	}
	return fm.line
}

// decodeLenient reads a front matter that failed to decode line by line:
// "key: value" and "key = value" pairs, with the value's outer quotes
// removed, and "- item" lists under a key. It recovers what a generator
// meant when it wrote, for example, a title holding both kinds of quote.
func decodeLenient(raw string) map[string]any {
	m := map[string]any{}
	var listKey string
	var list []any
	endList := func() {
		if listKey != "" && len(list) > 0 {
			m[listKey] = list
		}
		listKey, list = "", nil
	}
	for pos := 0; pos < len(raw); {
		l, next := lineAt(raw, pos)
		pos = next
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if strings.HasPrefix(trimmed, "- ") || trimmed == "-" {
			if listKey != "" {
				list = append(list, unquoteLenient(strings.TrimSpace(trimmed[1:])))
			}
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			continue
		}
		endList()
		i := strings.IndexAny(l, ":=")
		if i <= 0 {
			continue
		}
		key := strings.Trim(strings.TrimSpace(l[:i]), `"'`)
		val := strings.TrimSpace(l[i+1:])
		if key == "" {
			continue
		}
		if val == "" {
			listKey = key
			continue
		}
		if strings.HasPrefix(val, "[") && strings.HasSuffix(val, "]") {
			var items []any
			for _, it := range strings.Split(val[1:len(val)-1], ",") {
				if it = strings.TrimSpace(it); it != "" {
					items = append(items, unquoteLenient(it))
				}
			}
			m[key] = items
			continue
		}
		m[key] = unquoteLenient(val)
	}
	endList()
	return m
}

func unquoteLenient(v string) string {
	if len(v) >= 2 {
		switch q := v[0]; {
		case q == '\'' && v[len(v)-1] == '\'':
			return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
		case q == '"' && v[len(v)-1] == '"':
			if u, err := strconv.Unquote(v); err == nil {
				return u
			}
			return v[1 : len(v)-1]
		}
	}
	return v
}

// metaValue converts a decoded front matter value into one encoding/json
// can marshal and that survives a JSON round trip: maps get string keys,
// times become RFC 3339 strings, and NaN and infinities become strings.
func metaValue(v any) any {
	switch v := v.(type) {
	case nil, string, bool, int, int64, uint64, json.Number:
		return v
	case int8, int16, int32, uint, uint8, uint16, uint32:
		return v
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		return v
	case float32:
		return metaValue(float64(v))
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = metaValue(x)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[metaKey(k)] = metaValue(x)
		}
		return m
	case []any:
		// In place, like meta: the decoded lists are Parse's own.
		for i, x := range v {
			switch x.(type) {
			case nil, string, bool, int, int64, uint64, json.Number:
			default:
				v[i] = metaValue(x)
			}
		}
		return v
	case []map[string]any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = metaValue(x)
		}
		return out
	case []string:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = x
		}
		return out
	case []byte:
		return string(v)
	}
	return fmt.Sprint(v)
}

func metaKey(k any) string {
	switch k := k.(type) {
	case string:
		return k
	case nil:
		return "null"
	}
	return fmt.Sprint(k)
}

// meta converts a decoded front matter map for Article.Meta, in place.
func meta(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	for k, v := range m {
		switch v.(type) {
		case nil, string, bool, int, int64, uint64, json.Number:
		default:
			m[k] = metaValue(v)
		}
	}
	return m
}

// rawPreview is the raw front matter text kept in a warning.
func rawPreview(raw string) string {
	const max = 4096
	if len(raw) > max {
		return raw[:max] + "…"
	}
	return raw
}

// sortedKeys returns the keys of m in order, for deterministic output.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
