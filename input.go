package article

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// readLimited reads all of r, up to max bytes. A longer input is an error
// wrapping ErrTooLarge; nothing past max+1 bytes is read.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	var buf []byte
	if s, ok := r.(interface{ Len() int }); ok && int64(s.Len()) <= max {
		buf = make([]byte, 0, s.Len()+1)
	} else {
		buf = make([]byte, 0, 16<<10)
	}
	lr := io.LimitReader(r, max+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &Error{Err: err}
		}
	}
	if int64(len(buf)) > max {
		return nil, &Error{Err: ErrTooLarge}
	}
	return buf, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeInput turns the raw bytes of a post into UTF-8 text with LF line
// endings and no NUL bytes. It strips a BOM, decodes legacy encodings
// (declared by the option, by a <meta charset>, or detected), and replaces
// invalid bytes with U+FFFD.
func decodeInput(b []byte, cfg *config, warn func(WarningCode, string)) string {
	b = bytes.TrimPrefix(b, utf8BOM)
	valid := utf8.Valid(b)
	enc, name, how := chooseEncoding(b, valid, cfg.charset)
	if enc != nil {
		warn(WarnCharset, "decoded from "+name+" ("+how+")")
		if d, err := enc.NewDecoder().Bytes(b); err == nil {
			if bytes.Contains(d, []byte("\uFFFD")) {
				warn(WarnInvalidUTF8, "bytes invalid in "+name+" replaced with U+FFFD")
			}
			b = d
		}
		b = bytes.TrimPrefix(b, utf8BOM)
		valid = utf8.Valid(b)
	}
	return normalizeText(b, valid, warn)
}

// chooseEncoding returns the encoding to decode b from, or nil for UTF-8.
//
// Valid UTF-8 wins over any declaration: scrapers re-encode pages to UTF-8
// and keep the old <meta charset>. Then comes the option, a UTF-16 BOM, a
// <meta charset> in the HTML, and last detection from the bytes.
func chooseEncoding(b []byte, valid bool, forced string) (enc encoding.Encoding, name, how string) {
	if forced != "" {
		e, name := charset.Lookup(strings.TrimSpace(forced))
		if e == nil || name == "utf-8" {
			return nil, "", ""
		}
		return e, name, "set by WithCharset"
	}
	if valid {
		return nil, "", ""
	}
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		e, name, _ := charset.DetermineEncoding(b, "")
		return e, name, "byte order mark"
	}
	if mostlyUTF8(b) {
		return nil, "", ""
	}
	if e, name := declaredEncoding(b); e != nil && name != "utf-8" {
		return e, name, "declared by <meta charset>"
	}
	e, name := detectEncoding(b)
	return e, name, "detected"
}

func lookupEncoding(label string) (encoding.Encoding, bool) {
	e, _ := charset.Lookup(strings.TrimSpace(label))
	return e, e != nil
}

// declaredEncoding looks for a <meta charset> or http-equiv declaration in
// the first kilobyte of the HTML, which starts at the first '<'.
func declaredEncoding(b []byte) (encoding.Encoding, string) {
	i := bytes.IndexByte(b, '<')
	if i < 0 {
		return nil, ""
	}
	head := b[i:]
	if len(head) > 1024 {
		head = head[:1024]
	}
	if !containsFold(head, "charset") {
		return nil, ""
	}
	e, name, _ := charset.DetermineEncoding(head, "")
	return e, name
}

func containsFold(b []byte, lowerASCII string) bool {
	n := len(lowerASCII)
	for i := 0; i+n <= len(b); i++ {
		j := 0
		for ; j < n; j++ {
			c := b[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lowerASCII[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// mostlyUTF8 reports whether b is UTF-8 with stray invalid bytes, as when a
// scraper cut a multi-byte character: there are valid multi-byte runes, and
// their bytes are at least twice the invalid ones. Text in a legacy
// encoding forms valid UTF-8 sequences only by chance, mostly two-byte ones
// and far fewer than its invalid bytes; CJK text in UTF-8 has three bytes a
// rune, so a few stray bytes do not outweigh a few real characters.
func mostlyUTF8(b []byte) bool {
	var multi, bad int
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			multi += n
		}
		i += n
	}
	return multi > 0 && 2*bad <= multi
}

// normalizeText converts b to a string with CRLF and CR turned into LF, NUL
// bytes removed and invalid UTF-8 replaced by U+FFFD. valid says whether b
// is valid UTF-8. It copies b only when something must change; otherwise the
// string shares b's memory, which must not change while Parse runs.
func normalizeText(b []byte, valid bool, warn func(WarningCode, string)) string {
	hasCR := bytes.IndexByte(b, '\r') >= 0
	hasNUL := bytes.IndexByte(b, 0) >= 0
	if !hasCR && !hasNUL && valid {
		// No copy: the text is only read during the parse, and nothing the
		// Article keeps points into it (the front matter is cloned, and
		// everything else is built or copied by the HTML parser).
		// TestParseKeepsNoInput checks it on every corpus post.
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	if hasNUL {
		warn(WarnNUL, "NUL bytes removed")
	}
	if !valid {
		warn(WarnInvalidUTF8, "invalid UTF-8 replaced with U+FFFD")
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '\r':
			sb.WriteByte('\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
		case c == 0:
			i++
		case c < utf8.RuneSelf:
			sb.WriteByte(c)
			i++
		default:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				sb.WriteRune(utf8.RuneError)
			} else {
				sb.Write(b[i : i+n])
			}
			i += n
		}
	}
	return sb.String()
}
