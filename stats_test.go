package article

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountText(t *testing.T) {
	tests := []struct {
		in         string
		cjk, words int
	}{
		{"", 0, 0},
		{"hello world", 0, 2},
		{"  many   spaces\there ", 0, 3},
		{"中文字", 3, 0},
		{"ひらがな", 4, 0},
		{"カタカナ", 4, 0},
		{"コーヒー", 4, 0}, // the prolonged sound mark belongs to the katakana
		{"한국어 문장", 5, 0},
		{"Go语言", 2, 1},
		{"用 Go 写 API 服务", 4, 2},
		{"— … ! 🙂", 0, 0}, // no letter or digit: not words
		{"It's 3.14, e.g. example.com", 0, 4},
		{"，。！？", 0, 0},
		{"ＡＢＣ全角", 2, 1},
	}
	for _, tt := range tests {
		cjk, words := countText(tt.in)
		assert.Equal(t, [2]int{tt.cjk, tt.words}, [2]int{cjk, words}, "countText(%q)", tt.in)
	}
}

func TestReadingMinutes(t *testing.T) {
	para := func(s string) Block { return Block{Type: Paragraph, Text: s} }
	tests := []struct {
		name   string
		blocks []Block
		words  int
		min    int
	}{
		{"empty article", nil, 0, 0},
		{"images only", []Block{{Type: ImageType, Image: &Image{URL: "https://x/a.png"}}, {Type: Rule}}, 0, 0},
		{"one word", []Block{para("hello")}, 1, 1},
		{"230 words", []Block{para(strings.Repeat("word ", 230))}, 230, 1},
		{"231 words", []Block{para(strings.Repeat("word ", 231))}, 231, 2},
		{"500 CJK", []Block{para(strings.Repeat("字", 500))}, 500, 1},
		{"501 CJK", []Block{para(strings.Repeat("字", 501))}, 501, 2},
		{"250 CJK and 115 words: one minute", []Block{para(strings.Repeat("字", 250) + strings.Repeat(" word", 115))}, 365, 1},
		{"lists, tables and captions count", []Block{
			{Type: List, Items: []ListItem{{Text: "one two"}, {Text: "三"}}},
			{Type: Table, Rows: [][]string{{"a", "b"}, {"中", "d"}}},
			{Type: ImageType, Text: "a caption", Image: &Image{URL: "https://x/a.png", Caption: "a caption"}},
		}, 9, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &Article{Blocks: tt.blocks}
			assert.Equal(t, tt.words, a.WordCount())
			assert.Equal(t, tt.min, a.ReadingMinutes())
		})
	}
}

func TestExcerpt(t *testing.T) {
	long := "The parser reads a post. " + strings.Repeat("It keeps going with more words here. ", 8)
	cjkLong := strings.Repeat("这是一个比较长的句子，用来测试摘要的切分位置", 2) + "。" + strings.Repeat("第二句话也很长，继续写下去直到超过一百四十个字符为止", 3) + "。" + strings.Repeat("第三句", 20) + "。"
	tests := []struct {
		name string
		post string
		want string
	}{
		{"front matter wins", "---\ndescription: From the front matter.\n---\n<p>Body.</p><!-- more --><p>Rest.</p>", "From the front matter."},
		{"summary alias", "---\nsummary: A summary.\n---\n<p>Body.</p>", "A summary."},
		{"more marker", "<p>Lead one.</p><p>Lead two.</p>\n<!-- more -->\n<p>Rest.</p>", "Lead one.\n\nLead two."},
		{"more marker without spaces", "<p>Lead.</p><!--more--><p>Rest.</p>", "Lead."},
		{"more marker inside a paragraph", "<p>Lead <!-- more --> rest.</p>", "Lead"},
		{"more marker at the top", "<!-- more --><p>Only paragraph.</p>", "Only paragraph."},
		{"WordPress more span", `<p>Lead.</p><p><span id="more-757"></span></p><p>Rest.</p>`, "Lead."},
		{"short body is whole", "<h2>Skip me</h2><p>Short.</p><figure><img src=\"https://x/a.png\"></figure><p>Second.</p>", "Short.\n\nSecond."},
		{"English cut at a sentence end", "<p>" + long + "</p>", strings.TrimSpace("The parser reads a post. " + strings.Repeat("It keeps going with more words here. ", 3))},
		{"CJK cut at 。", "<p>" + cjkLong + "</p>", strings.Repeat("这是一个比较长的句子，用来测试摘要的切分位置", 2) + "。" + strings.Repeat("第二句话也很长，继续写下去直到超过一百四十个字符为止", 3) + "。"},
		{"no sentence end: cut at a word", "<p>" + strings.Repeat("word ", 60) + "</p>", strings.TrimSpace(strings.Repeat("word ", 28)) + "…"},
		{"never mid-number or mid-domain", "<p>" + strings.Repeat("Pi is 3.14 and the site is example.com ", 6) + "</p>", strings.Repeat("Pi is 3.14 and the site is example.com ", 3) + "Pi is 3.14 and the site…"},
		{"closing quote stays with its sentence", "<p>" + strings.Repeat("他说：“这是第一句话，后面还有很多内容需要继续写下去。”", 4) + strings.Repeat("后", 80) + "</p>", strings.Repeat("他说：“这是第一句话，后面还有很多内容需要继续写下去。”", 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseBytes([]byte(tt.post))
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Excerpt)
		})
	}
}

// TestRuneClassTable holds the table-driven rune classes to their
// definition in the unicode package, for every rune of the Basic
// Multilingual Plane and a sample beyond it.
func TestRuneClassTable(t *testing.T) {
	want := func(r rune) uint8 {
		switch {
		case isCJKSlow(r):
			return rcCJK
		case unicode.IsSpace(r):
			return rcSpace
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return rcAlnum
		}
		return rcOther
	}
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r > 0xFFFF && r%97 != 0 {
			continue
		}
		if got := runeClass(r); got != want(r) {
			t.Fatalf("runeClass(%U) = %d, want %d", r, got, want(r))
		}
	}
}

// TestCountTextInvalid counts text with invalid and truncated UTF-8
// without going out of bounds, and counts valid text around it.
func TestCountTextInvalid(t *testing.T) {
	for _, s := range []string{"\xE4\xB8", "\xE4", "ab \xE4\xB8", "\xED\xA0\x80 word", "\xFF\xFE", "中\xE4"} {
		cjk, words := countText(s)
		assert.GreaterOrEqual(t, cjk+words, 0, "countText(%q)", s)
	}
	cjk, words := countText("\xFFword 中文")
	assert.Equal(t, [2]int{2, 1}, [2]int{cjk, words})
}
