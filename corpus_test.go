package article

import (
	"encoding/json"
	"flag"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var corpusFlag = flag.String("corpus", "", "path to the corpus of real posts (default $ARTICLE_CORPUS, else ../shared/corpus)")

// corpusDir returns the corpus path, or skips the test when it is absent.
func corpusDir(tb testing.TB) string {
	dir := *corpusFlag
	if dir == "" {
		dir = os.Getenv("ARTICLE_CORPUS")
	}
	if dir == "" {
		dir = filepath.Join("..", "shared", "corpus")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		tb.Skipf("corpus not found at %s (set -corpus or ARTICLE_CORPUS)", dir)
	}
	return dir
}

// corpusFiles returns the posts under dir, or under dir/sub when sub is set.
func corpusFiles(tb testing.TB, sub string) []string {
	dir := corpusDir(tb)
	var files []string
	err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	require.NoError(tb, err)
	require.NotEmpty(tb, files)
	return files
}

// TestCorpus checks the invariants on every post of the corpus: no error,
// a JSON round trip, absolute http(s) image URLs, safe HTML that the
// sanitizer leaves unchanged, no empty paragraph, and no paragraph text that
// the input does not hold.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t, "")
	var blocks, images, warnings int
	for _, path := range files {
		rel, _ := filepath.Rel(corpusDir(t), path)
		t.Run(rel, func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			a, err := ParseBytes(src)
			require.NoError(t, err)
			blocks += len(a.Blocks)
			images += len(a.Images)
			warnings += len(a.Warnings)
			checkArticle(t, a, src)
		})
	}
	t.Logf("corpus: %d files, %d blocks, %d images, %d warnings", len(files), blocks, images, warnings)
}

func checkArticle(t *testing.T, a *Article, src []byte) {
	t.Helper()
	assertSameJSON(t, a, "MarshalJSON against encoding/json")
	j, err := json.Marshal(a)
	require.NoError(t, err)
	var back Article
	require.NoError(t, json.Unmarshal(j, &back))
	j2, err := json.Marshal(&back)
	require.NoError(t, err)
	if string(j) != string(j2) {
		t.Errorf("JSON round trip:\n%s", firstDiff(string(j), string(j2)))
	}

	var urls []string
	if a.Cover != nil {
		urls = append(urls, a.Cover.URL)
	}
	for _, im := range a.Images {
		urls = append(urls, im.URL)
	}
	for _, b := range a.Blocks {
		if b.Image != nil {
			urls = append(urls, b.Image.URL)
		}
	}
	for _, u := range urls {
		assert.True(t, isAbsoluteHTTP(u), "image URL %q is not absolute http(s)", u)
	}

	h := a.HTML()
	assertSafeHTML(t, h)
	if sh := Sanitize(h); sh != h {
		t.Errorf("the sanitizer changes the article HTML:\n%s", firstDiff(h, sh))
	}

	cfg := newConfig(nil)
	decoded := decodeInput(src, &cfg, func(WarningCode, string) {})
	input := squeeze(inputText(decoded, false))
	inputWithTags := squeeze(inputText(decoded, true))
	if _, body, _, _ := splitFrontMatter(decoded); looksLikeMarkdown(body) {
		// A Markdown body's text is that of its rendering.
		if h, err := markdownToHTML(body); err == nil {
			input += "\x00" + squeeze(inputText(h, false))
		}
	}
	for i, b := range a.Blocks {
		if b.Type != Paragraph {
			continue
		}
		assert.NotEmpty(t, strings.TrimSpace(b.Text), "block %d: empty paragraph", i)
		text := squeeze(b.Text)
		assert.True(t, strings.Contains(input, text) || strings.Contains(inputWithTags, text),
			"block %d: paragraph text not in the input: %q", i, b.Text)
	}
}

func isAbsoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// assertSafeHTML checks that h has no script, style, event handler or
// javascript: URL.
func assertSafeHTML(t *testing.T, h string) {
	t.Helper()
	lower := strings.ToLower(h)
	for _, bad := range []string{"<script", "<style", "javascript:"} {
		assert.NotContains(t, lower, bad)
	}
	nodes, err := html.ParseFragment(strings.NewReader(h), &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"})
	require.NoError(t, err)
	for _, n := range nodes {
		for d := range n.Descendants() {
			checkNodeAttrs(t, d)
		}
		checkNodeAttrs(t, n)
	}
}

func checkNodeAttrs(t *testing.T, n *html.Node) {
	for _, a := range n.Attr {
		assert.False(t, strings.HasPrefix(strings.ToLower(a.Key), "on"), "event handler %s on <%s>", a.Key, n.Data)
		assert.NotEqual(t, "style", a.Key, "style attribute on <%s>", n.Data)
	}
}

// inputText returns the text of a post's source as a tokenizer sees it,
// without what the walk never reads (scripts, styles, SVG, form controls,
// hidden elements), and with the tags of unknown elements kept as text, as
// code recovery keeps them.
func inputText(src string, unknownTags bool) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	var skip string
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if depth == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw())
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Noscript && tt == html.StartTagToken {
				z.NextIsNotRawText()
			}
			if depth > 0 {
				if string(name) == skip {
					if tt == html.StartTagToken {
						depth++
					} else if tt == html.EndTagToken {
						depth--
					}
				}
				continue
			}
			if tt == html.StartTagToken && !isVoid(a) && a != atom.Math && (kinds[a] == kindSkip || hiddenTag(raw)) {
				skip, depth = string(name), 1
				continue
			}
			if a == 0 && unknownTags {
				b.WriteString(raw)
			}
		}
	}
}

// hiddenTag reports whether a start tag hides its element, roughly as the
// walk decides it.
func hiddenTag(raw string) bool {
	z := html.NewTokenizer(strings.NewReader(raw))
	z.Next()
	tok := z.Token()
	n := &html.Node{Type: html.ElementNode, Attr: tok.Attr}
	return isHidden(n) || hasClassIn(n, skipClasses)
}

// squeeze removes all white space.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// firstDiff shows where two strings first differ, with some context.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return "  at byte " + strconv.Itoa(i) + ":\n  got  …" + a[lo:min(i+120, len(a))] + "\n  want …" + b[lo:min(i+120, len(b))]
}
