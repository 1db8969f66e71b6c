package article

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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

// TestCountTextHan holds the counter's shortcut for lead bytes E5–E9 to
// the rune classes, over U+4000–U+AFFF: the shortcut's range and the
// ranges next to it that share its three-byte form (Yijing hexagrams at
// U+4DC0 are symbols, not CJK).
func TestCountTextHan(t *testing.T) {
	for r := rune(0x4000); r <= 0xAFFF; r++ {
		want := [2]int{}
		switch runeClass(r) {
		case rcCJK:
			want[0] = 1
		case rcAlnum:
			want[1] = 1
		}
		cjk, words := countText(string(r))
		require.Equal(t, want, [2]int{cjk, words}, "countText(%U)", r)
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

// cutExcerptRef is the rune-by-rune definition of cutExcerpt. The end of s is a sentence
// end: s ends with a whole paragraph.
func cutExcerptRef(s string) string {
	total := runeCountUpTo(s, excerptMax+1) // only compared with limits up to excerptMax
	if total <= ExcerptRunes {
		return s
	}
	best, bestDist := -1, 0
	wordCut := -1 // byte offset of the last word boundary within ExcerptRunes
	runes := 0
	prevBreaks := false // the previous rune allows a cut on either side
	for i, r := range s {
		breaks := breaksWord(r)
		if runes > 0 && runes <= ExcerptRunes && (prevBreaks || breaks) {
			wordCut = i
		}
		runes++
		prevBreaks = breaks
		if runes > excerptMax {
			break
		}
		if runes < excerptMin || !mayEndSentence(r) {
			continue
		}
		if cut, ok := sentenceEnd(s, i+utf8.RuneLen(r), r); ok {
			if d := abs(runes - ExcerptRunes); best < 0 || d < bestDist {
				best, bestDist = cut, d
			}
		}
	}
	if total <= excerptMax {
		// The end of the text is a sentence end too.
		if d := total - ExcerptRunes; best < 0 || d < bestDist {
			return s
		}
	}
	if best >= 0 {
		return strings.TrimSpace(s[:best])
	}
	if wordCut < 0 {
		// A single word longer than the excerpt: keep it whole.
		if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
			return s[:i] + "…"
		}
		return s
	}
	return strings.TrimRightFunc(s[:wordCut], isExcerptTrim) + "…"
}

// TestCutExcerptMatchesReference holds cutExcerpt, which skips and stops
// early, to the rune-by-rune definition on generated texts: words, CJK,
// sentence ends of both kinds, closing quotes, white space and paragraph
// breaks at every length around the excerpt window, and the corpus.
func TestCutExcerptMatchesReference(t *testing.T) {
	pieces := []string{"word", "longerword", " ", "  ", "中文", "汉字", "。", "！", "？", ".", "!", "?", ". ", "\n\n", "”", "」", "3.14", "example.com", "，", "、", "\u3000", "\u00a0", "x", "\xff", "😀", "ｱ"}
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(s string) {
		if got, want := cutExcerpt(s), cutExcerptRef(s); got != want {
			t.Fatalf("cutExcerpt(%q):\n got %q\nwant %q", s, got, want)
		}
	}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(200); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(b.String())
	}
	for _, s := range []string{"中" + strings.Repeat("a", 300), "a " + strings.Repeat("b", 300), strings.Repeat("b", 300)} {
		check(s) // the only word boundary is right after the first rune, or none
	}
	for _, r := range []string{"a", "中", "a ", "中。", "a. "} {
		for n := excerptMin - 3; n <= excerptMax+3; n++ {
			check(strings.Repeat(r, n))
			check(strings.Repeat("x", n) + "。" + strings.Repeat(r, 40))
		}
	}
	t.Run("corpus", func(t *testing.T) {
		for _, path := range corpusFiles(t, "rsshub") {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			a, err := ParseBytes(src)
			require.NoError(t, err)
			for _, b := range a.Blocks {
				check(b.Text)
			}
		}
	})
}

func TestRuneCountUpTo(t *testing.T) {
	for _, s := range []string{"", "abc", "中文字符串和English mixed 😀 text", strings.Repeat("中", 100), strings.Repeat("a中é😀", 50), "\xff\xfe\x80\x80abc"} {
		for _, max := range []int{0, 1, 7, 8, 9, 16, 100, 1000} {
			want := min(utf8.RuneCountInString(s), max)
			if !utf8.ValidString(s) {
				want = 0
				for i := 0; i < len(s) && want < max; i++ {
					if s[i]&0xC0 != 0x80 {
						want++
					}
				}
			}
			assert.Equal(t, want, runeCountUpTo(s, max), "runeCountUpTo(%q, %d)", s, max)
		}
	}
}
