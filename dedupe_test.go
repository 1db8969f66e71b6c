package article

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dupSummary lists each block's DuplicateOf (-1 when unset).
func dupSummary(a *Article) []int {
	out := make([]int, len(a.Blocks))
	for i, b := range a.Blocks {
		out[i] = -1
		if b.DuplicateOf != nil {
			out[i] = *b.DuplicateOf
		}
	}
	return out
}

func warningsOf(a *Article, code WarningCode) []string {
	var out []string
	for _, w := range a.Warnings {
		if w.Code == code {
			out = append(out, w.Message)
		}
	}
	return out
}

const (
	lead  = "国家领导人二月二十五日下午同邻国总统通电话，双方就地区局势深入交换了意见。"
	lead2 = "国家领导人二月二十五日下午同邻国总统通电话，双方就地区局势深入交换了意见。" // the same
	word8 = "The same sentence of eight words repeats here."
	long  = "邻国总统介绍了这一问题的历史经纬以及该国在边境地区采取行动的情况和立场，表示有关各方长期无视其合理安全关切，一再背弃承诺，不断推进军事部署，挑战了其战略底线。"
)

func TestDedupe(t *testing.T) {
	p := func(s string) string { return "<p>" + s + "</p>" }
	tests := []struct {
		name     string
		body     string
		mode     Dedupe
		dups     []int
		warnings int
	}{
		{"exact repeat is flagged", p(lead) + p("中间") + p(lead2), DedupeNone, []int{-1, -1, 0}, 0},
		{"first block is index 0", p(word8) + p(word8), DedupeNone, []int{-1, 0}, 0},
		{"white space is normalised", p(word8) + p("The  same sentence of eight\nwords repeats here."), DedupeNone, []int{-1, 0}, 0},
		{"full-width forms fold", p("ＡＢＣ 国家领导人二月二十五日下午同邻国总统通电话，双方交换了意见。") + p("ABC国家领导人二月二十五日下午同邻国总统通电话,双方交换了意见。"), DedupeNone, []int{-1, 0}, 0},
		{"short repeats are not compared", p("（图片来源：某某 et al.，2015）") + p("正文") + p("（图片来源：某某 et al.，2015）"), DedupeNone, []int{-1, -1, -1}, 0},
		{"seven words are too few", p("Seven words are not enough to compare.") + p("Seven words are not enough to compare."), DedupeNone, []int{-1, -1}, 0},
		{"different types never match", "<h2>" + word8 + "</h2>" + p(word8), DedupeNone, []int{-1, -1}, 0},
		{"every repeat points at the first", p(word8) + p(word8) + p(word8), DedupeNone, []int{-1, 0, 0}, 0},
		{"lists compare their items", "<ul><li>" + word8 + "</li></ul><p>x</p><ul><li>" + word8 + "</li></ul>", DedupeNone, []int{-1, -1, 0}, 0},
		{"exact removes repeats", p(lead) + p("中间") + p(lead2) + p(lead), DedupeExact, []int{-1, -1}, 2},
		{"exact keeps near-duplicates", p(lead) + p(strings.Replace(lead, "总统", "", 1)), DedupeExact, []int{-1, -1}, 0},
		{"near removes near-duplicates", p(long) + p("中间") + p(strings.Replace(long, "总统", "", 1)), DedupeNear, []int{-1, -1}, 1},
		{"too different for near", p(lead) + p(strings.Replace(lead, "总统", "", 1)), DedupeNear, []int{-1, -1}, 0},
		{"near leaves different text", p(lead) + p("国家领导人今天上午会见了来访的外国代表团，双方签署了多项合作协议并发表联合声明。"), DedupeNear, []int{-1, -1}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseBytes([]byte(tt.body), WithDedupe(tt.mode))
			require.NoError(t, err)
			assert.Equal(t, tt.dups, dupSummary(a))
			assert.Len(t, warningsOf(a, WarnDuplicate), tt.warnings)
		})
	}
	_, err := ParseBytes(nil, WithDedupe(Dedupe(7)))
	assert.ErrorIs(t, err, ErrOption)
}

func TestDedupeWarningsAndStrict(t *testing.T) {
	body := "<p>" + word8 + "</p><p>x</p><p>" + word8 + "</p><!-- more --><p>after</p>"
	a, err := ParseBytes([]byte(body), WithDedupe(DedupeExact), WithStrict(true))
	require.NoError(t, err, "a requested removal does not fail a strict parse")
	assert.Equal(t, []string{`block 2 repeats block 0 ("The same sentence of eig…"); removed`}, warningsOf(a, WarnDuplicate))
	assert.Equal(t, []string{word8, "x", "after"}, a.Paragraphs())
	assert.Equal(t, word8+"\n\nx", a.Excerpt, "the more marker moves with the removal")
}

// TestDedupeSeed runs the three modes on the seed post: its lead paragraphs
// come back in the full text, once word for word (too short to compare)
// and once as the Putin paragraph without "总统".
func TestDedupeSeed(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("examples", "parse", "seed.md"))
	require.NoError(t, err)

	a, err := ParseBytes(src)
	require.NoError(t, err)
	require.Len(t, a.Blocks, 16)
	assert.Equal(t, "双方重点就当前乌克兰局势交换意见。", a.Blocks[13].Text)
	assert.Nil(t, a.Blocks[13].DuplicateOf, "16 CJK characters: under the 20 needed")
	for i := range a.Blocks {
		assert.Nil(t, a.Blocks[i].DuplicateOf, "block %d", i)
	}

	a, err = ParseBytes(src, WithDedupe(DedupeExact))
	require.NoError(t, err)
	assert.Len(t, a.Blocks, 16)

	a, err = ParseBytes(src, WithDedupe(DedupeNear))
	require.NoError(t, err)
	require.Len(t, a.Blocks, 15)
	w := warningsOf(a, WarnDuplicate)
	require.Len(t, w, 1)
	assert.True(t, strings.HasPrefix(w[0], "block 14 nearly repeats block 2 (similarity 0.9"), w[0])
	for _, b := range a.Blocks {
		assert.False(t, strings.HasPrefix(b.Text, "普京介绍了"), "the repeat is gone")
	}
	assert.True(t, strings.HasPrefix(a.Blocks[2].Text, "普京总统介绍了"), "the first occurrence stays")
}

// TestDedupeZakerCredit: the same photo credit under three photos is each
// photo's caption, and stays in every mode.
func TestDedupeZakerCredit(t *testing.T) {
	img := func(n string) string {
		return `<div class="img_box"><img data-original="http://img.example.com/` + n + `.jpg"></div>（图片来源：Joshua et al.，2015）<p></p>`
	}
	body := "<div><p>" + lead + "</p>" + img("1") + "<p>中间的文字。</p>" + img("2") + img("3") + "</div>"
	for _, mode := range []Dedupe{DedupeNone, DedupeExact, DedupeNear} {
		a, err := ParseBytes([]byte(body), WithDedupe(mode))
		require.NoError(t, err)
		credits := 0
		for _, b := range a.Blocks {
			if strings.Contains(b.Text, "图片来源：Joshua et al.，2015") {
				credits++
				assert.Nil(t, b.DuplicateOf)
			}
		}
		assert.Equal(t, 3, credits, "mode %d", mode)
		assert.Empty(t, warningsOf(a, WarnDuplicate))
	}
}

// TestDupKeyNormalized checks that dupKey depends on the normalised text
// only: white space anywhere and full-width forms give the same key, for
// texts shorter and longer than the two ends the key reads, and for lists.
func TestDupKeyNormalized(t *testing.T) {
	short := "ABC，汉字 text"
	long := strings.Repeat("汉字与 English words, ", 10) + "the end。"
	for _, tt := range []struct{ a, b string }{
		{short, " ABC ,汉 字\ttext\n"},
		{"ＡＢＣ，汉字text", short},
		{"Ｗｉｎ１０ 版本", "Win10版本"},
		{long, strings.ReplaceAll(long, " ", "\u3000 ")},
		{long, "  " + strings.ReplaceAll(long, "与", "\u00a0与") + "\n"},
	} {
		ka := dupKey(&Block{Type: Paragraph, Text: tt.a})
		kb := dupKey(&Block{Type: Paragraph, Text: tt.b})
		assert.Equal(t, ka, kb, "dupKey(%q) != dupKey(%q)", tt.a, tt.b)
		assert.True(t, sameNormalized(&Block{Type: Paragraph, Text: tt.a}, &Block{Type: Paragraph, Text: tt.b}))
	}
	la := &Block{Type: List, Items: []ListItem{{Text: "ab c"}, {Text: long}}}
	lb := &Block{Type: List, Items: []ListItem{{Text: "a bc"}, {Text: " " + long}}}
	lc := &Block{Type: List, Items: []ListItem{{Text: "a"}, {Text: "bc" + long}}}
	assert.Equal(t, dupKey(la), dupKey(lb))
	assert.True(t, sameNormalized(la, lb))
	assert.False(t, sameNormalized(la, lc), "items ab,c and a,bc differ")
	assert.NotEqual(t, dupKey(&Block{Type: Paragraph, Text: short}), dupKey(&Block{Type: Heading, Text: short}), "the type is part of the key")
}

// TestDedupeSharedKey checks that blocks with the same key (their texts
// differ only in punctuation, which the key skips) are still told apart,
// and that a repeat of the second is flagged against the second, not
// missed behind the first.
func TestDedupeSharedKey(t *testing.T) {
	a := strings.Repeat("这一段的文字都一样，", 4) + "只有标点不同。"
	b := strings.Repeat("这一段的文字都一样、", 4) + "只有标点不同！"
	require.Equal(t, dupKey(&Block{Type: Paragraph, Text: a}), dupKey(&Block{Type: Paragraph, Text: b}))
	require.False(t, sameNormalized(&Block{Type: Paragraph, Text: a}, &Block{Type: Paragraph, Text: b}))
	var body strings.Builder
	for _, s := range []string{a, b, b, a} {
		body.WriteString("<p>" + s + "</p>\n")
	}
	art, err := ParseBytes([]byte(body.String()))
	require.NoError(t, err)
	require.Len(t, art.Blocks, 4)
	var dups []any
	for _, blk := range art.Blocks {
		if blk.DuplicateOf == nil {
			dups = append(dups, nil)
		} else {
			dups = append(dups, *blk.DuplicateOf)
		}
	}
	assert.Equal(t, []any{nil, nil, 1, 0}, dups)
}

// TestDedupeManyBlocks runs the index past its array, into its map.
func TestDedupeManyBlocks(t *testing.T) {
	var body strings.Builder
	para := func(i int) string {
		return fmt.Sprintf("<p>Paragraph number %d says something long enough to be compared here.</p>\n", i)
	}
	for i := 0; i < 40; i++ {
		body.WriteString(para(i))
	}
	body.WriteString(para(3))
	body.WriteString(para(35))
	art, err := ParseBytes([]byte(body.String()))
	require.NoError(t, err)
	require.Len(t, art.Blocks, 42)
	for i, b := range art.Blocks[:40] {
		assert.Nil(t, b.DuplicateOf, "block %d", i)
	}
	require.NotNil(t, art.Blocks[40].DuplicateOf)
	require.NotNil(t, art.Blocks[41].DuplicateOf)
	assert.Equal(t, 3, *art.Blocks[40].DuplicateOf)
	assert.Equal(t, 35, *art.Blocks[41].DuplicateOf)
}

// dupKeyRef is dupKey's definition: decode the runes, keep the key
// characters, and hash the first and the last dupKeyChars of them.
func dupKeyRef(b *Block) uint64 {
	var keys []uint64
	add := func(s string) {
		for _, r := range s {
			switch {
			case r < utf8.RuneSelf && keyByte[r] == keyASCII:
				keys = append(keys, uint64(r))
			case r >= 0x4000 && r <= 0xD7FF && (r <= 0x9FFF || r >= 0xA000):
				var buf [3]byte
				utf8.EncodeRune(buf[:], r)
				keys = append(keys, uint64(buf[0])<<16|uint64(buf[1])<<8|uint64(buf[2]))
			case r >= 0xFF10 && r <= 0xFF5A && unicode.IsLetter(r-0xFEE0) || r >= 0xFF10 && r <= 0xFF19:
				keys = append(keys, uint64(r-0xFEE0))
			}
		}
	}
	if b.Type == List {
		for _, it := range b.Items {
			add(it.Text)
			keys = append(keys, 0x1f)
		}
	} else {
		add(b.Text)
	}
	h := uint64(fnvOffset)
	for i := 0; i < len(b.Type); i++ {
		h = (h ^ uint64(b.Type[i])) * fnvPrime
	}
	for _, k := range keys[:min(len(keys), dupKeyChars)] {
		h = (h ^ k) * fnvPrime
	}
	h = (h ^ 0xFF) * fnvPrime
	for i := len(keys) - 1; i >= 0 && i >= len(keys)-dupKeyChars; i-- {
		h = (h ^ keys[i]) * fnvPrime
	}
	return h
}

// TestDupKeyMatchesReference holds dupKey's byte-level reading of both ends
// to the rune-by-rune definition, on generated paragraphs and lists.
func TestDupKeyMatchesReference(t *testing.T) {
	pieces := []string{"a", "Z9", " ", "，", "。", "汉", "字", "한", "국", "カ", "ｱ", "Ａ", "１", "！", "é", "😀", "-", "\u3000", "\n", "x y", "中文", "\uFFFD"}
	rng := rand.New(rand.NewPCG(3, 4))
	gen := func() string {
		var b strings.Builder
		for k := rng.IntN(60); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for n := 0; n < 5000; n++ {
		p := &Block{Type: Paragraph, Text: gen()}
		require.Equal(t, dupKeyRef(p), dupKey(p), "dupKey(%q)", p.Text)
		l := &Block{Type: List}
		for k := rng.IntN(5); k >= 0; k-- {
			l.Items = append(l.Items, ListItem{Text: gen()})
		}
		require.Equal(t, dupKeyRef(l), dupKey(l), "dupKey(%q)", l.Items)
	}
}
