package article

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// TestLegacyEncodings encodes a post in each legacy encoding, with and
// without a <meta charset>, and checks that Parse gives the original text.
func TestLegacyEncodings(t *testing.T) {
	tests := []struct {
		name  string
		enc   encoding.Encoding
		label string
		want  string // the detected or declared name in the warning
		text  string
	}{
		{"gbk", simplifiedchinese.GBK, "gbk", "gb18030", "这是一篇中文文章，我们需要检测它的编码，然后转换成统一的格式。"},
		{"gb18030", simplifiedchinese.GB18030, "gb18030", "gb18030", "国家主席同俄罗斯总统通电话，双方重点就当前局势交换意见。"},
		{"big5", traditionalchinese.Big5, "big5", "big5", "這是一篇繁體中文的文章，我們需要檢測它的編碼，然後轉換成統一的格式。"},
		{"shift_jis", japanese.ShiftJIS, "shift_jis", "shift_jis", "これは日本語の記事です。文字コードを検出して変換します。"},
		{"euc-jp", japanese.EUCJP, "euc-jp", "euc-jp", "これは日本語の記事です。文字コードを検出して変換します。"},
		{"euc-kr", korean.EUCKR, "euc-kr", "euc-kr", "이것은 한국어 기사입니다. 인코딩을 감지하여 변환합니다."},
		{"windows-1252", charmap.Windows1252, "windows-1252", "windows-1252", "Ein Café in Köln, “très bien” — naïve façade."},
	}
	for _, tt := range tests {
		for _, declared := range []bool{false, true} {
			name := tt.name + "/undeclared"
			if declared {
				name = tt.name + "/declared"
			}
			t.Run(name, func(t *testing.T) {
				head := ""
				if declared {
					head = `<meta charset="` + tt.label + `">`
				}
				title := strings.TrimSpace(string([]rune(tt.text)[:4]))
				post := "---\ntitle: " + title + "\n---\n" + head + "<p>" + tt.text + "</p>\n"
				b, err := tt.enc.NewEncoder().Bytes([]byte(post))
				require.NoError(t, err)
				require.False(t, bytes.Equal(b, []byte(post)), "the encoding must change the bytes")
				a, err := ParseBytes(b)
				require.NoError(t, err)
				require.Len(t, a.Blocks, 1)
				assert.Equal(t, tt.text, a.Blocks[0].Text)
				assert.Equal(t, title, a.Title)
				require.NotEmpty(t, a.Warnings)
				assert.Equal(t, WarnCharset, a.Warnings[0].Code)
				if declared {
					assert.Contains(t, a.Warnings[0].Message, "declared")
				} else {
					assert.Contains(t, a.Warnings[0].Message, tt.want)
				}
			})
		}
	}
}

func TestWithCharset(t *testing.T) {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("<p>中文</p>"))
	require.NoError(t, err)
	a, err := ParseBytes(b, WithCharset("GBK"))
	require.NoError(t, err)
	assert.Equal(t, "中文", a.Blocks[0].Text)

	_, err = ParseBytes(b, WithCharset("no-such-encoding"))
	assert.ErrorIs(t, err, ErrOption)
}

func TestUTF8WinsOverStaleMeta(t *testing.T) {
	// Scrapers re-encode pages to UTF-8 and keep the old declaration.
	a, err := ParseBytes([]byte(`<meta charset="gbk"><p>中文内容</p>`))
	require.NoError(t, err)
	assert.Equal(t, "中文内容", a.Blocks[0].Text)
	assert.Empty(t, a.Warnings)
}

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		in    string
		want  string
		codes []WarningCode
	}{
		{"a\r\nb\rc\n", "a\nb\nc\n", nil},
		{"a\x00b", "ab", []WarningCode{WarnNUL}},
		{"ok \xff end", "ok \uFFFD end", []WarningCode{WarnInvalidUTF8}},
		{"plain", "plain", nil},
	}
	for _, tt := range tests {
		var codes []WarningCode
		got := normalizeText([]byte(tt.in), utf8.ValidString(tt.in), func(c WarningCode, _ string) { codes = append(codes, c) })
		assert.Equal(t, tt.want, got, "normalizeText(%q)", tt.in)
		assert.Equal(t, tt.codes, codes, "normalizeText(%q) warnings", tt.in)
	}
}

func TestBOMStripped(t *testing.T) {
	a, err := ParseBytes([]byte("\xef\xbb\xbf---\ntitle: x\n---\n\xef\xbb\xbf<p>y</p>"))
	require.NoError(t, err)
	assert.Equal(t, "x", a.Title)
	assert.Equal(t, "y", a.Blocks[0].Text)
}

// TestParseKeepsNoInput checks that an Article holds no memory of the bytes
// ParseBytes read: the text of a post shares the caller's buffer during the
// parse, and overwriting the buffer afterwards must change nothing. It runs
// on every golden input and every corpus post.
func TestParseKeepsNoInput(t *testing.T) {
	check := func(t *testing.T, paths []string) {
		for _, path := range paths {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			a, err := ParseBytes(src)
			require.NoError(t, err, path)
			before, err := json.Marshal(a)
			require.NoError(t, err)
			md := a.Markdown()
			for i := range src {
				src[i] = 'X'
			}
			after, err := json.Marshal(a)
			require.NoError(t, err)
			assert.Equal(t, string(before), string(after), "%s: the Article changed with the input buffer", path)
			assert.Equal(t, md, a.Markdown(), path)
		}
	}
	t.Run("golden", func(t *testing.T) {
		paths, err := filepath.Glob(filepath.Join("testdata", "*.md"))
		require.NoError(t, err)
		require.NotEmpty(t, paths)
		check(t, paths)
	})
	t.Run("corpus", func(t *testing.T) { check(t, corpusFiles(t, "")) })
}
