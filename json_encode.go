package article

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// The JSON encoder behind MarshalJSON. It writes the schema of articleJSON
// field by field, without reflection, and escapes strings exactly as
// encoding/json does with SetEscapeHTML(false). Meta values of types that
// front matter does not decode to go through encoding/json.
// TestMarshalJSONMatchesReflection, TestMarshalJSONEveryField and FuzzParse
// hold its output to encoding/json's, byte for byte; a field added to
// Block, Image, ListItem or Warning fails TestMarshalJSONEveryField until
// the encoder writes it.

// marshalArticleJSON returns a's JSON, in a buffer sized for it.
func marshalArticleJSON(a *Article) ([]byte, error) {
	htm, text := a.HTML(), a.Text()
	// The blocks' text and HTML, the article's, and room for the keys and
	// the front matter; escapes seldom add much.
	n := 1024 + len(htm) + len(text) + len(a.Excerpt)
	for i := range a.Blocks {
		blk := &a.Blocks[i]
		n += 64 + len(blk.Text) + len(blk.HTML)
		for j := range blk.Items {
			n += 32 + len(blk.Items[j].Text) + len(blk.Items[j].HTML)
		}
		if blk.Image != nil {
			n += 2 * (64 + len(blk.Image.URL) + len(blk.Image.SourceURL))
		}
	}
	return appendArticleJSON(make([]byte, 0, n), a, htm, text)
}

// appendArticleJSON appends a's JSON to dst; htm and text are a.HTML()
// and a.Text().
func appendArticleJSON(dst []byte, a *Article, htm, text string) ([]byte, error) {
	b := append(dst, `{"title":`...)
	b = appendJSONString(b, a.Title)
	b = appendJSONTime(b, `,"date":`, a.Date)
	b = appendJSONTime(b, `,"updated":`, a.Updated)
	b = append(b, `,"author":`...)
	b = appendJSONString(b, a.Author)
	b = append(b, `,"categories":`...)
	b = appendJSONStrings(b, a.Categories, "[]")
	b = append(b, `,"tags":`...)
	b = appendJSONStrings(b, a.Tags, "[]")
	b = append(b, `,"excerpt":`...)
	b = appendJSONString(b, a.Excerpt)
	b = append(b, `,"lang":`...)
	b = appendJSONString(b, a.Lang)
	b = append(b, `,"link":`...)
	b = appendJSONString(b, a.Link)
	if a.Cover != nil {
		b = append(b, `,"cover":`...)
		b = appendImageJSON(b, a.Cover)
	}
	b = append(b, `,"blocks":[`...)
	for i := range a.Blocks {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendBlockJSON(b, &a.Blocks[i])
	}
	b = append(b, `],"images":[`...)
	for i := range a.Images {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendImageJSON(b, &a.Images[i])
	}
	b = append(b, `],"html":`...)
	b = appendJSONString(b, htm)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, text)
	cjk, words := a.counts()
	b = append(b, `,"word_count":`...)
	b = strconv.AppendInt(b, int64(cjk+words), 10)
	b = append(b, `,"reading_minutes":`...)
	b = strconv.AppendInt(b, int64(readingMinutes(cjk, words)), 10)
	b = append(b, `,"meta":`...)
	b, err := appendMetaJSON(b, a.Meta)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"warnings":[`...)
	for i := range a.Warnings {
		if i > 0 {
			b = append(b, ',')
		}
		w := &a.Warnings[i]
		b = append(b, `{"code":`...)
		b = appendJSONString(b, string(w.Code))
		b = append(b, `,"message":`...)
		b = appendJSONString(b, w.Message)
		b = appendJSONInt(b, `,"line":`, w.Line)
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

func appendBlockJSON(b []byte, blk *Block) []byte {
	b = append(b, `{"type":`...)
	b = appendJSONString(b, string(blk.Type))
	b = appendJSONField(b, `,"text":`, blk.Text)
	b = appendJSONField(b, `,"html":`, blk.HTML)
	b = appendJSONInt(b, `,"level":`, blk.Level)
	if blk.Ordered {
		b = append(b, `,"ordered":true`...)
	}
	if len(blk.Items) > 0 {
		b = append(b, `,"items":[`...)
		for i := range blk.Items {
			if i > 0 {
				b = append(b, ',')
			}
			it := &blk.Items[i]
			b = append(b, `{"text":`...)
			b = appendJSONString(b, it.Text)
			b = appendJSONField(b, `,"html":`, it.HTML)
			b = appendJSONInt(b, `,"depth":`, it.Depth)
			if it.Ordered {
				b = append(b, `,"ordered":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendJSONField(b, `,"lang":`, blk.Lang)
	if blk.Image != nil {
		b = append(b, `,"image":`...)
		b = appendImageJSON(b, blk.Image)
	}
	if len(blk.Rows) > 0 {
		b = append(b, `,"rows":[`...)
		for i, row := range blk.Rows {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONStrings(b, row, "null")
		}
		b = append(b, ']')
	}
	b = appendJSONField(b, `,"url":`, blk.URL)
	if blk.DuplicateOf != nil {
		b = append(b, `,"duplicate_of":`...)
		b = strconv.AppendInt(b, int64(*blk.DuplicateOf), 10)
	}
	return append(b, '}')
}

func appendImageJSON(b []byte, im *Image) []byte {
	b = append(b, `{"url":`...)
	b = appendJSONString(b, im.URL)
	b = appendJSONField(b, `,"source_url":`, im.SourceURL)
	b = appendJSONInt(b, `,"width":`, im.Width)
	b = appendJSONInt(b, `,"height":`, im.Height)
	b = appendJSONField(b, `,"alt":`, im.Alt)
	b = appendJSONField(b, `,"title":`, im.Title)
	b = appendJSONField(b, `,"caption":`, im.Caption)
	b = appendJSONField(b, `,"link":`, im.Link)
	if im.Placeholder {
		b = append(b, `,"placeholder":true`...)
	}
	return append(b, '}')
}

// appendJSONField appends key and s, unless s is "" (omitempty).
func appendJSONField(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, key...)
	return appendJSONString(b, s)
}

// appendMetaJSON appends m as encoding/json would: keys sorted, and a nil
// map as {}, since the schema never writes null there.
func appendMetaJSON(b []byte, m map[string]any) ([]byte, error) {
	if m == nil {
		return append(b, "{}"...), nil
	}
	return appendJSONValue(b, m)
}

// appendJSONValue appends v. It writes the types that front matter decodes
// to itself, and hands any other to encoding/json (floats among them, for
// its number format, and whatever it refuses).
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, v), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case uint64:
		return strconv.AppendUint(b, v, 10), nil
	case []any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSONValue(b, x); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		var small [16]string
		keys := small[:0]
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			var err error
			if b, err = appendJSONValue(b, v[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...), nil
}

// appendJSONInt appends key and n, unless n is 0 (omitempty).
func appendJSONInt(b []byte, key string, n int) []byte {
	if n == 0 {
		return b
	}
	b = append(b, key...)
	return strconv.AppendInt(b, int64(n), 10)
}

// appendJSONTime appends key and t in RFC 3339, unless t is zero. The
// layout writes only digits, '-', '+', ':', '.', 'T' and 'Z', whatever the
// year, which a JSON string holds unescaped.
func appendJSONTime(b []byte, key string, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	b = append(b, key...)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendJSONStrings appends list as a JSON array, and a nil list as
// nilJSON: "[]" where the schema never writes null, "null" for a table row,
// as encoding/json writes a nil slice.
func appendJSONStrings(b []byte, list []string, nilJSON string) []byte {
	if list == nil {
		return append(b, nilJSON...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// jsonByte classes the bytes of a JSON string for appendJSONString.
var jsonByte = func() (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = jbEscape
	}
	t['"'], t['\\'] = jbEscape, jbEscape
	for c := 0x80; c < 0x100; c++ {
		t[c] = jbOther
	}
	// Three-byte leads whose sequences are valid with any two
	// continuation bytes, and are not U+2028 or U+2029 (E2 80 A8/A9):
	// E0 has overlong forms and ED surrogates.
	t[0xE1] = jbLead3
	for c := 0xE3; c <= 0xEC; c++ {
		t[c] = jbLead3
	}
	t[0xEE], t[0xEF] = jbLead3, jbLead3
	return t
}()

// The classes of jsonByte.
const (
	jbSafe   = iota // ASCII written as it is
	jbEscape        // ASCII escaped: controls, '"' and '\\'
	jbLead3         // see jsonByte
	jbOther         // any other byte from 0x80: decoded
)

const jsonHex = "0123456789abcdef"

// appendJSONString appends s as a JSON string, as encoding/json writes it
// without HTML escaping: '"' and '\' escaped, control characters as \b,
// \f, \n, \r, \t or \u00XX, invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Runs of what needs no escape: ASCII, and valid three-byte
		// characters (most of CJK text).
		for i < len(s) && jsonByte[s[i]] == jbSafe {
			i++
		}
		for i+2 < len(s) && jsonByte[s[i]] == jbLead3 && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
		}
		if i == len(s) {
			break
		}
		c := s[i]
		switch jsonByte[c] {
		case jbSafe:
			continue // ASCII after three-byte characters
		case jbEscape:
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		// Any other byte from 0x80, or a three-byte lead without its
		// continuation bytes.
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			start = i + size
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			start = i + size
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
