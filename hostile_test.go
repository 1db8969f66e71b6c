package article

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Hostile and broken input: each case has a clear outcome, never a panic,
// and never lost text. Every article also holds the invariants of
// checkInvariants (safe HTML that Sanitize leaves unchanged, JSON round
// trip, no invented text).

// hasWarning reports whether a holds a warning with the code.
func hasWarning(a *Article, code WarningCode) bool {
	for _, w := range a.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

// allText returns the text of every block, squeezed, with captions.
func allText(a *Article) string {
	return squeeze(a.Text())
}

func TestHostileInput(t *testing.T) {
	deep := func(n int, open, close, inner string) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	gbk := func(s string) []byte { return encode(t, simplifiedchinese.GBK, s) }
	tests := []struct {
		name  string
		in    []byte
		texts []string      // text that must come out
		warn  []WarningCode // warnings that must be there
		check func(t *testing.T, a *Article)
	}{
		{
			name:  "nesting deeper than 512",
			in:    []byte(deep(600, "<div>", "</div>", `<p>deep text</p><img src="https://x.com/deep.jpg"><p>more <b>deep</b> text</p>`)),
			texts: []string{"deep text", "more deep text"},
			warn:  []WarningCode{WarnTooDeep},
			check: func(t *testing.T, a *Article) {
				require.Len(t, a.Images, 1, "images are recovered too")
				assert.Equal(t, "https://x.com/deep.jpg", a.Images[0].URL)
			},
		},
		{
			name:  "nesting deeper than 512, text at every level",
			in:    []byte(deep(700, "<div>level ", "</div>", "bottom")),
			texts: []string{strings.Repeat("level ", 700) + "bottom"},
			warn:  []WarningCode{WarnTooDeep},
		},
		{
			name:  "700 unclosed <b>",
			in:    []byte("<p>start " + strings.Repeat("<b>x", 700) + " end</p><p>after</p>"),
			texts: []string{"start " + strings.Repeat("x", 700) + " end", "after"},
		},
		{
			name:  "700 unclosed <b> in a list and a table",
			in:    []byte("<ul><li>" + strings.Repeat("<b>y", 700) + "</ul><table><tr><td>c" + strings.Repeat("<i>", 700) + "d</td><td>e</td></tr></table>"),
			texts: []string{strings.Repeat("y", 700), "cd"},
		},
		{
			name:  "invalid UTF-8 and NUL",
			in:    []byte("---\ntitle: T\xffitle\x00\n---\n<p>中文 ok \xff\xfe end</p><p>nul\x00byte</p>"),
			texts: []string{"中文 ok \uFFFD\uFFFD end", "nulbyte"},
			warn:  []WarningCode{WarnInvalidUTF8, WarnNUL},
			check: func(t *testing.T, a *Article) { assert.Equal(t, "T\uFFFDitle", a.Title) },
		},
		{
			// ASCII with stray high bytes and no multi-byte rune reads as
			// windows-1252, as a browser would guess: nothing is lost.
			name:  "stray high bytes in ASCII",
			in:    []byte("<p>ok \xff\xfe end</p>"),
			texts: []string{"ok \u00ff\u00fe end"},
			warn:  []WarningCode{WarnCharset},
		},
		{
			name:  "NUL and control characters as references",
			in:    []byte("<p>a&#0;b&#1;c&#13;d</p><pre>x&#13;\r\ny</pre>"),
			texts: []string{"a\uFFFDb\x01c", "d"},
		},
		{
			name:  "GBK with <meta charset>",
			in:    gbk("---\ntitle: 标题\n---\n<meta charset=\"gbk\"><p>这是中文正文。</p>"),
			texts: []string{"这是中文正文。"},
			warn:  []WarningCode{WarnCharset},
			check: func(t *testing.T, a *Article) { assert.Equal(t, "标题", a.Title) },
		},
		{
			name:  "GBK without <meta charset>",
			in:    gbk("---\ntitle: 标题\n---\n<p>这是一篇没有声明编码的中文文章，需要检测。</p>"),
			texts: []string{"这是一篇没有声明编码的中文文章，需要检测。"},
			warn:  []WarningCode{WarnCharset},
		},
		{
			name:  "GB18030 four-byte characters",
			in:    encode(t, simplifiedchinese.GB18030, "<meta charset=\"gb18030\"><p>表情😀与罕见字𠀀，都要保留。</p>"),
			texts: []string{"表情😀与罕见字𠀀，都要保留。"},
			warn:  []WarningCode{WarnCharset},
		},
		{
			name:  "Big5",
			in:    encode(t, traditionalchinese.Big5, "<p>這是繁體中文的文章，我們需要檢測它的編碼。</p>"),
			texts: []string{"這是繁體中文的文章，我們需要檢測它的編碼。"},
			warn:  []WarningCode{WarnCharset},
		},
		{
			name:  "Shift_JIS",
			in:    encode(t, japanese.ShiftJIS, "<p>これは日本語の記事です。文字コードを検出します。</p>"),
			texts: []string{"これは日本語の記事です。文字コードを検出します。"},
			warn:  []WarningCode{WarnCharset},
		},
		{
			name:  "BOM and CRLF",
			in:    []byte("\xef\xbb\xbf---\r\ntitle: BOM\r\n---\r\n<p>line one\r\nline two</p>\r\n"),
			texts: []string{"line one line two"},
			check: func(t *testing.T, a *Article) { assert.Equal(t, "BOM", a.Title) },
		},
		{
			name:  "broken YAML front matter",
			in:    []byte("---\ntitle: [unclosed\nauthor: A\n---\n<p>yaml body</p>"),
			texts: []string{"yaml body"},
			warn:  []WarningCode{WarnFrontMatter},
		},
		{
			name:  "broken TOML front matter",
			in:    []byte("+++\ntitle = \"unclosed\nauthor = 'A'\n+++\n<p>toml body</p>"),
			texts: []string{"toml body"},
			warn:  []WarningCode{WarnFrontMatter},
		},
		{
			name:  "broken JSON front matter",
			in:    []byte(";;;\n{\"title\": \"x\",, }\n;;;\n<p>json body</p>"),
			texts: []string{"json body"},
			warn:  []WarningCode{WarnFrontMatter},
		},
		{
			name:  "unterminated front matter",
			in:    []byte("---\ntitle: x\n<p>body kept</p>"),
			texts: []string{"body kept"},
			warn:  []WarningCode{WarnFrontMatterUnterminated},
		},
		{
			name: "empty file",
			in:   nil,
			check: func(t *testing.T, a *Article) {
				assert.Empty(t, a.Blocks)
				assert.Empty(t, a.Warnings)
			},
		},
		{
			name: "front matter only",
			in:   []byte("---\ntitle: Only\n---\n"),
			check: func(t *testing.T, a *Article) {
				assert.Equal(t, "Only", a.Title)
				assert.Empty(t, a.Blocks)
			},
		},
		{
			name:  "no front matter",
			in:    []byte("<p>just a body</p>"),
			texts: []string{"just a body"},
		},
		{
			name:  "attribute values of megabytes",
			in:    []byte(`<p title="` + strings.Repeat("t", 2<<20) + `">text one</p><a href="https://x.com/` + strings.Repeat("a", 1<<20) + `">link text</a><img src="https://x.com/` + strings.Repeat("i", 1<<20) + `.jpg" alt="` + strings.Repeat("&amp;", 1<<19) + `">`),
			texts: []string{"text one", "link text"},
			check: func(t *testing.T, a *Article) { require.Len(t, a.Images, 1) },
		},
		{
			name:  "unclosed comment, script and style",
			in:    []byte("<p>seen</p><!-- <p>in a comment</p>"),
			texts: []string{"seen"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseBytes(tt.in)
			require.NoError(t, err)
			checkInvariants(t, a, tt.in)
			text := allText(a)
			for _, want := range tt.texts {
				assert.Contains(t, text, squeeze(want), "text lost")
			}
			for _, code := range tt.warn {
				assert.True(t, hasWarning(a, code), "no %s warning in %v", code, a.Warnings)
			}
			if tt.check != nil {
				tt.check(t, a)
			}

			// The body alone through Sanitize keeps its text too.
			s := string(tt.in)
			if !bytes.HasPrefix(tt.in, []byte("---")) && !bytes.HasPrefix(tt.in, []byte("+++")) && !bytes.HasPrefix(tt.in, []byte(";;;")) && utf8Valid(tt.in) {
				out := Sanitize(s)
				checkSafeTree(t, out)
				assert.Equal(t, out, Sanitize(out), "Sanitize is not idempotent")
				plain := squeeze(html2text(out))
				for _, want := range tt.texts {
					assert.Contains(t, plain, squeeze(want), "Sanitize lost text")
				}
			}
		})
	}
}

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	b, err := enc.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 }

// html2text returns the text of a sanitized fragment.
func html2text(s string) string {
	nodes, err := parseBody(s)
	if err != nil {
		return ""
	}
	return allowedText(nodes)
}

func TestSizeLimitHostile(t *testing.T) {
	big := bytes.Repeat([]byte("a"), DefaultMaxBytes+1)
	_, err := ParseBytes(big)
	assert.ErrorIs(t, err, ErrTooLarge)
	_, err = Parse(bytes.NewReader(big))
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.EqualError(t, err, "article: input exceeds the size limit")

	a, err := ParseBytes(big[:DefaultMaxBytes])
	require.NoError(t, err, "exactly the limit is accepted")
	assert.Len(t, a.Blocks, 1)
}

// TestLinearTime parses a single paragraph of n and 4n runes, a paragraph
// of n and 4n runes cut by inline elements, and a link whose attributes
// hold n and 4n runes, and checks that the
// time grows about linearly: 4 times for linear work, 16 for quadratic. The
// best of several runs is compared, to be robust to noise, and the bound
// (8) is halfway.
func TestLinearTime(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing test: skipped with -short and -race; run go test -run TestLinearTime")
	}
	shapes := []struct {
		name string
		make func(runes int) []byte
	}{
		{"one text node", func(runes int) []byte {
			unit := "汉字 text, "
			return []byte("<p>" + strings.Repeat(unit, runes/len([]rune(unit))) + "</p>")
		}},
		{"inline elements", func(runes int) []byte {
			unit := "<b>汉字</b> <a href=\"/x\">li</a>&amp; "
			return []byte("<p>" + strings.Repeat(unit, runes/8) + "</p>")
		}},
		{"long attribute values", func(runes int) []byte {
			return []byte(`<p><a title="` + strings.Repeat("t&amp;", runes/2) + `" href="https://x.com/` + strings.Repeat("a", runes) + `">link</a></p>`)
		}},
	}
	const n = 1 << 20
	for _, shape := range shapes {
		t.Run(shape.name, func(t *testing.T) {
			small, large := shape.make(n), shape.make(4*n)
			parse := func(in []byte) (time.Duration, uint64) {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				start := time.Now()
				a, err := ParseBytes(in, WithMaxBytes(64<<20))
				d := time.Since(start)
				runtime.ReadMemStats(&after)
				require.NoError(t, err)
				require.Len(t, a.Blocks, 1)
				return d, after.TotalAlloc - before.TotalAlloc
			}
			parse(small) // warm up
			// Interleaved, best of 5 each: noise from other processes falls
			// on both sizes alike.
			ts, tl := time.Duration(1<<62), time.Duration(1<<62)
			var bs, bl uint64
			for i := 0; i < 5; i++ {
				d, b := parse(small)
				ts, bs = min(ts, d), b
				d, b = parse(large)
				tl, bl = min(tl, d), b
			}
			ratio := float64(tl) / float64(ts)
			allocRatio := float64(bl) / float64(bs)
			t.Logf("%d runes: %v; %d runes: %v; ratio %.2f (linear 4, quadratic 16); allocated bytes ratio %.2f", n, ts, 4*n, tl, ratio, allocRatio)
			// Allocation is deterministic: quadratic string building would
			// show here whatever the machine's load.
			assert.Less(t, allocRatio, 6.0, "allocation grows faster than linearly")
			assert.Less(t, ratio, 10.0, "parse time grows faster than linearly")
		})
	}
}
