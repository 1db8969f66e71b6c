package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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

// TestDupHashMatchesNormalized holds dupHash's byte-level fast path to the
// definition: FNV-1a over the UTF-8 of the normalised runes (white space
// removed, widths folded), for every rune of the Basic Multilingual Plane
// after the block is known to be long.
func TestDupHashMatchesNormalized(t *testing.T) {
	prefix := strings.Repeat("汉", dupMinCJK) // makes the block long at once
	reference := func(b *Block) uint64 {
		h := uint64(fnvOffset)
		for _, r := range normalized(b) {
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], r)
			for _, c := range buf[:n] {
				h = (h ^ uint64(c)) * fnvPrime
			}
		}
		return h
	}
	for r := rune(0x80); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		b := &Block{Type: Paragraph, Text: prefix + string(r) + "x" + string(r)}
		got, long := dupHash(b)
		require.True(t, long)
		if want := reference(b); got != want {
			t.Fatalf("dupHash with U+%04X = %x, want %x", r, got, want)
		}
	}
}
