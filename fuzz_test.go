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
	"golang.org/x/net/html"
)

// The fuzz targets check properties, not only that nothing panics. They
// are seeded from the golden cases and the hostile vectors in testdata/;
// crashers found by go test -fuzz are kept in testdata/fuzz/<FuzzName>/ and
// run as regression cases by every go test.
//
//	go test -run '^$' -fuzz '^FuzzSanitize$' -fuzztime 30s .
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 30s .

// seedPosts adds the golden inputs and the hostile vectors to f.
func seedPosts(f *testing.F, add func(string)) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	require.NoError(f, err)
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		require.NoError(f, err)
		add(string(b))
	}
	for _, v := range loadVectors(f) {
		add(v.html)
	}
	for _, s := range []string{
		"", "\x00", "\xff\xfe", "<pre>\n\nx</pre>", "a&#13;b", "<p>a<marquee><p>b",
		"<table><tr><td><a href=/1><table><tr><td><a href=/2>x", "<ruby>a<rt>b<span><rt>c",
	} {
		add(s)
	}
}

// FuzzSanitize checks that the output of Sanitize holds only allowed
// elements, attributes and URLs; that it is idempotent and stable under
// re-parsing; that it has no more elements than the input; and that it
// keeps the text of the allowed content.
func FuzzSanitize(f *testing.F) {
	seedPosts(f, func(s string) { f.Add(s) })
	f.Fuzz(func(t *testing.T, in string) {
		checkSanitized(t, in, Sanitize(in))
	})
}

// FuzzParse checks that Parse never fails on content, and that its
// article holds the corpus invariants: a JSON round trip, absolute image
// URLs, HTML that is safe and that the sanitizer leaves unchanged (as a
// whole and block by block), no empty paragraph, and no paragraph text
// that the input does not hold; and that it keeps nothing of the input's
// memory.
func FuzzParse(f *testing.F) {
	seedPosts(f, func(s string) { f.Add([]byte(s)) })
	f.Fuzz(func(t *testing.T, in []byte) {
		buf := bytes.Clone(in) // Parse reads it without a copy; overwritten below
		a, err := ParseBytes(buf)
		require.NoError(t, err)
		checkInvariants(t, a, in)
		before, err := json.Marshal(a)
		require.NoError(t, err)
		for i := range buf {
			buf[i] = 'X'
		}
		after, err := json.Marshal(a)
		require.NoError(t, err)
		assert.Equal(t, string(before), string(after), "the Article changed with the input buffer")
	})
}

// checkInvariants is checkArticle for any input. Its test of invented text
// does not tokenize the input, which sees a different document than the
// parser when foreign content or misnesting moves text: it checks that a
// paragraph's text, without white space, is a subsequence of the input's
// text with its character references decoded (or, for the tags that code
// recovery keeps as written, of the input as it is). Text moved by the
// parser keeps its order; text made up does not pass.
func checkInvariants(t *testing.T, a *Article, src []byte) {
	t.Helper()
	assertSameJSON(t, a, "MarshalJSON against encoding/json")
	j, err := json.Marshal(a)
	require.NoError(t, err)
	var back Article
	require.NoError(t, json.Unmarshal(j, &back))
	j2, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.Equal(t, string(j), string(j2), "JSON round trip")

	for _, im := range a.Images {
		assert.True(t, isAbsoluteHTTP(im.URL), "image URL %q is not absolute http(s)", im.URL)
	}
	if a.Cover != nil {
		assert.True(t, isAbsoluteHTTP(a.Cover.URL), "cover URL %q is not absolute http(s)", a.Cover.URL)
	}

	h := a.HTML()
	checkSafeTree(t, h)
	assert.Equal(t, h, Sanitize(h), "the sanitizer changes the article HTML")
	for i := range a.Blocks {
		if b := &a.Blocks[i]; b.HTML != "" {
			assert.Equal(t, b.HTML, Sanitize(b.HTML), "block %d: HTML changes under Sanitize", i)
		}
	}

	cfg := newConfig(nil)
	decoded := decodeInput(src, &cfg, func(WarningCode, string) {})
	input, raw := squeeze(html.UnescapeString(decoded)), squeeze(decoded)
	for i, b := range a.Blocks {
		if b.Type != Paragraph {
			continue
		}
		text := squeeze(b.Text)
		assert.NotEmpty(t, text, "block %d: empty paragraph", i)
		// Code recovery keeps the tags of unknown elements as written.
		assert.True(t, isSubsequence(text, input) || isSubsequence(text, raw), "block %d: paragraph text not in the input: %q", i, b.Text)
	}
}

// isSubsequence reports whether the runes of s appear in t in order.
func isSubsequence(s, t string) bool {
	for _, r := range s {
		i := strings.IndexRune(t, r)
		if i < 0 {
			return false
		}
		t = t[i+utf8.RuneLen(r):]
	}
	return true
}
