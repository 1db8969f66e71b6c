package article

import "unicode"

// Reading speeds for ReadingMinutes.
const (
	// CJKRunesPerMinute is the reading speed for Chinese, Japanese and
	// Korean text, in characters a minute.
	CJKRunesPerMinute = 500
	// WordsPerMinute is the reading speed for other text, in words a minute.
	WordsPerMinute = 230
)

// WordCount counts the words of the article's text: each Han, Hiragana,
// Katakana or Hangul character counts as one word, and other text counts
// its white-space-separated words that hold a letter or a digit. Mixed text
// counts both.
func (a *Article) WordCount() int {
	cjk, words := a.counts()
	return cjk + words
}

// ReadingMinutes estimates the reading time in whole minutes, rounded up,
// from CJKRunesPerMinute and WordsPerMinute. It is at least 1 for an article
// with any words, and 0 for one with none.
func (a *Article) ReadingMinutes() int {
	cjk, words := a.counts()
	if cjk+words == 0 {
		return 0
	}
	// Minutes = cjk/500 + words/230, rounded up, in integers.
	num := cjk*WordsPerMinute + words*CJKRunesPerMinute
	den := CJKRunesPerMinute * WordsPerMinute
	m := (num + den - 1) / den
	if m < 1 {
		m = 1
	}
	return m
}

func (a *Article) counts() (cjk, words int) {
	for i := range a.Blocks {
		b := &a.Blocks[i]
		switch b.Type {
		case List:
			for _, it := range b.Items {
				c, w := countText(it.Text)
				cjk, words = cjk+c, words+w
			}
		case Table:
			for _, row := range b.Rows {
				for _, cell := range row {
					c, w := countText(cell)
					cjk, words = cjk+c, words+w
				}
			}
		case Rule:
		default:
			c, w := countText(b.Text)
			cjk, words = cjk+c, words+w
		}
	}
	return cjk, words
}

// countText counts CJK characters and other words in s.
func countText(s string) (cjk, words int) {
	inWord, wordHasAlnum := false, false
	for _, r := range s {
		switch {
		case isCJKRune(r):
			cjk++
			if inWord && wordHasAlnum {
				words++
			}
			inWord, wordHasAlnum = false, false
		case unicode.IsSpace(r):
			if inWord && wordHasAlnum {
				words++
			}
			inWord, wordHasAlnum = false, false
		default:
			inWord = true
			if !wordHasAlnum && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				wordHasAlnum = true
			}
		}
	}
	if inWord && wordHasAlnum {
		words++
	}
	return cjk, words
}

func isCJKRune(r rune) bool {
	if r < 0x1100 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}
