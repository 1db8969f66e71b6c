package article

import (
	"math"
	"strconv"
	"strings"
)

// A fast path for the flat YAML front matter that blog generators write:
//
//	title: 'A title'
//	categories:
//	 - News
//	date: 2021-03-29 00:26:58
//	comments: false
//
// yaml.v2 costs about as much as parsing a short HTML body, and nearly all
// front matter in the wild is this simple. decodeFlatYAML handles top-level
// keys with plain, single-quoted or simple double-quoted scalars and block
// sequences of such scalars, and resolves plain scalars exactly as yaml.v2
// does (YAML 1.1 booleans such as yes/no/on/off, nulls, integers, floats;
// timestamps stay strings, as yaml.v2 leaves them in an interface{}). It
// reports false for anything else (nested maps, flow collections, block
// scalars, anchors, tags, multi-line scalars, escapes, comments after
// values, duplicate keys, tabs), and the caller uses the full decoder.
// A differential test and a fuzz target hold it to yaml.v2's results.

// decodeFlatYAML decodes raw, or reports false when it is not flat YAML.
// raw must be valid UTF-8, as Parse's text always is.
func decodeFlatYAML(raw string) (map[string]any, bool) {
	if !yamlPrintable(raw) {
		return nil, false
	}
	m := make(map[string]any, 8) // one group: room for the 7 keys Hexo generators write
	var seqKey string            // the key whose block sequence is being read
	var seq []any
	seqIndent := -1
	endSeq := func() {
		if seqKey != "" {
			if seq != nil {
				m[seqKey] = seq
			}
			seqKey, seq, seqIndent = "", nil, -1
		}
	}
	for pos := 0; pos < len(raw); {
		start := pos
		line, next := lineAt(raw, pos)
		pos = next
		if strings.IndexByte(line, '\t') >= 0 {
			return nil, false // tabs only inside a multi-line quoted scalar
		}
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		indent := len(line) - len(trimmed)
		if trimmed[0] == '-' && (len(trimmed) == 1 || trimmed[1] == ' ') {
			// A sequence item, which must belong to an empty-valued key.
			if seqKey == "" || (seqIndent >= 0 && indent != seqIndent) {
				return nil, false
			}
			seqIndent = indent
			v, ok := flatScalar(strings.Trim(trimmed[1:], " "))
			if !ok {
				return nil, false
			}
			seq = append(seq, v)
			continue
		}
		if indent > 0 {
			return nil, false // a nested mapping or a continued scalar
		}
		endSeq()
		colon := strings.IndexByte(line, ':')
		if colon <= 0 || colon > 1000 || !isFlatKey(line[:colon]) { // YAML limits implicit keys to 1024 characters
			return nil, false
		}
		key := line[:colon]
		rest := line[colon+1:]
		if rest != "" && rest[0] != ' ' {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		value := strings.Trim(rest, " ")
		if value == "" {
			m[key] = nil
			seqKey = key
			continue
		}
		if value[0] == '\'' && !closesOnLine(value) {
			// A single-quoted scalar that goes on over the next lines.
			q := start + colon + 1 + (len(rest) - len(strings.TrimLeft(rest, " ")))
			v, end, ok := scanSingleQuoted(raw, q)
			if !ok {
				return nil, false
			}
			tail, after := lineAt(raw, end)
			if strings.Trim(tail, " ") != "" {
				return nil, false
			}
			m[key] = v
			pos = after
			continue
		}
		v, ok := flatScalar(value)
		if !ok {
			return nil, false
		}
		m[key] = v
	}
	endSeq()
	return m, true
}

// yamlPrintable reports whether raw, which must be valid UTF-8, is made
// only of the characters the fast path allows: YAML's printable set, without
// carriage returns, the BOM, and NEL, LS and PS (line breaks in YAML 1.1).
// Tabs pass here; decodeFlatYAML allows them only inside a multi-line
// quoted scalar.
func yamlPrintable(raw string) bool {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if !yamlCheck[c] {
			continue
		}
		switch {
		case c < ' ' && c != '\n' && c != '\t', c == 0x7f:
			return false
		case c == 0xC2: // U+0080–U+00BF: C1 controls, NEL
			if i+1 < len(raw) && raw[i+1] <= 0x9f {
				return false
			}
		case c == 0xE2: // U+2028, U+2029
			if i+2 < len(raw) && raw[i+1] == 0x80 && (raw[i+2] == 0xA8 || raw[i+2] == 0xA9) {
				return false
			}
		case c == 0xEF: // U+FEFF, U+FFFE, U+FFFF
			if i+2 < len(raw) && (raw[i+1] == 0xBB && raw[i+2] == 0xBF || raw[i+1] == 0xBF && raw[i+2] >= 0xBE) {
				return false
			}
		}
	}
	return true
}

// yamlCheck marks the bytes yamlPrintable looks at closely.
var yamlCheck = func() (t [256]bool) {
	for c := 0; c < ' '; c++ {
		t[c] = c != '\n' && c != '\t'
	}
	t[0x7f], t[0xC2], t[0xE2], t[0xEF] = true, true, true, true
	return t
}()

// isFlatKey reports whether k is a plain key that yaml.v2 reads as the same
// string.
func isFlatKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_':
		case i > 0 && ('0' <= c && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	_, special := yamlWords[k]
	return !special
}

// flatScalar decodes a one-line scalar as yaml.v2 would, or reports false.
func flatScalar(s string) (any, bool) {
	if s == "" {
		return nil, true
	}
	switch s[0] {
	case '\'':
		return singleQuoted(s)
	case '"':
		if strings.IndexByte(s[1:], '\\') >= 0 {
			return nil, false
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 || end+2 != len(s) {
			return nil, false
		}
		return s[1 : end+1], true
	case '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '%', '@', '`', '<':
		return nil, false
	case '-', '?', ':':
		if len(s) == 1 || s[1] == ' ' {
			return nil, false
		}
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || s[len(s)-1] == ':' {
		return nil, false
	}
	return resolvePlain(s)
}

// singleQuoted decodes a single-quoted scalar that ends on its line, where
// ” stands for one quote.
func singleQuoted(s string) (any, bool) {
	var b strings.Builder
	start := 1
	for i := 1; i < len(s); i++ {
		if j := strings.IndexByte(s[i:], '\''); j < 0 {
			return nil, false
		} else {
			i += j
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			b.WriteString(s[start:i])
			b.WriteByte('\'')
			i++
			start = i + 1
			continue
		}
		if i != len(s)-1 {
			return nil, false
		}
		if start == 1 {
			return s[1:i], true
		}
		b.WriteString(s[start:i])
		return b.String(), true
	}
	return nil, false
}

// yamlWords are the plain scalars yaml.v2 resolves by name.
var yamlWords = map[string]any{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"true": true, "True": true, "TRUE": true,
	"on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false,
	"false": false, "False": false, "FALSE": false,
	"off": false, "Off": false, "OFF": false,
	"~": nil, "null": nil, "Null": nil, "NULL": nil,
	".nan": math.NaN(), ".NaN": math.NaN(), ".NAN": math.NaN(),
	".inf": math.Inf(1), ".Inf": math.Inf(1), ".INF": math.Inf(1),
	"+.inf": math.Inf(1), "+.Inf": math.Inf(1), "+.INF": math.Inf(1),
	"-.inf": math.Inf(-1), "-.Inf": math.Inf(-1), "-.INF": math.Inf(-1),
	"<<": "<<",
}

// resolvePlain gives a plain scalar yaml.v2's type: a bool or null by name,
// a number when it parses as one, else the string. A timestamp stays a
// string, as yaml.v2 leaves it in an interface{}.
func resolvePlain(s string) (any, bool) {
	if v, ok := yamlWords[s]; ok {
		if s == "<<" {
			return nil, false
		}
		return v, true
	}
	switch c := s[0]; {
	case c == '.':
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, true
		}
	case c == '+' || c == '-' || '0' <= c && c <= '9':
		if !mayBeNumber(s) {
			return s, true // a date, a time or text: yaml.v2 gives the string
		}
		plain := strings.ReplaceAll(s, "_", "")
		if n, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return int(n), true
		}
		if n, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return n, true
		}
		if isYAMLFloat(plain) {
			if f, err := strconv.ParseFloat(plain, 64); err == nil {
				return f, true
			}
		}
		if strings.HasPrefix(plain, "0b") || strings.HasPrefix(plain, "-0b") {
			return nil, false
		}
	}
	return s, true
}

// mayBeNumber reports whether s holds only characters that strconv could
// read as a number in some base, with YAML's underscores.
func mayBeNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		case c == 'x' || c == 'X' || c == 'o' || c == 'O' || c == '_' || c == '+' || c == '-' || c == '.':
		default:
			return false
		}
	}
	return true
}

// isYAMLFloat matches ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func isYAMLFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// closesOnLine reports whether the single-quoted scalar that value starts
// has its closing quote on the line.
func closesOnLine(value string) bool {
	for i := 1; i < len(value); i++ {
		if value[i] == '\'' {
			if i+1 < len(value) && value[i+1] == '\'' {
				i++
				continue
			}
			return true
		}
	}
	return false
}

// scanSingleQuoted reads the single-quoted scalar whose opening quote is at
// raw[q], over as many lines as it takes, and returns its value and the
// index after its closing quote. It folds lines as yaml.v2's scanner does:
// white space around a line break is dropped, a single line break becomes a
// space, and each further (empty) line a newline; ” is a quote. A line
// that starts with a document marker (--- or ...) or the end of raw before
// the closing quote is an error, and gives false.
func scanSingleQuoted(raw string, q int) (string, int, bool) {
	var b strings.Builder
	i := q + 1
	for {
		if i > 0 && raw[i-1] == '\n' && (strings.HasPrefix(raw[i:], "---") || strings.HasPrefix(raw[i:], "...")) &&
			(i+3 == len(raw) || isYAMLBlankOrBreak(raw[i+3])) {
			return "", 0, false
		}
		if i >= len(raw) {
			return "", 0, false
		}
		for i < len(raw) && !isYAMLBlankOrBreak(raw[i]) {
			if raw[i] == '\'' {
				if i+1 < len(raw) && raw[i+1] == '\'' {
					b.WriteByte('\'')
					i += 2
					continue
				}
				return b.String(), i + 1, true
			}
			b.WriteByte(raw[i])
			i++
		}
		// Blanks and line breaks up to the next text.
		ws := i
		leading, breaks := false, 0
		for i < len(raw) && isYAMLBlankOrBreak(raw[i]) {
			if raw[i] == '\n' {
				if next, _ := lineAt(raw, i+1); strings.TrimSpace(next) == "---" {
					// adrg/frontmatter, in front of the full decoder, ends the
					// front matter at such a line, even indented.
					return "", 0, false
				}
				if leading {
					breaks++
				}
				leading = true
			}
			i++
		}
		switch {
		case !leading:
			b.WriteString(raw[ws:i]) // blanks inside a line are kept
		case breaks == 0:
			b.WriteByte(' ')
		default:
			for ; breaks > 0; breaks-- {
				b.WriteByte('\n')
			}
		}
	}
}

func isYAMLBlankOrBreak(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }
