// Package roundtrip checks that Article.Markdown is faithful: for every post
// of the corpus, the Markdown rendered to HTML by goldmark and parsed again
// gives the same blocks with the same text.
//
// It lives in its own module so that the library's go.mod does not carry
// what only this test needs.
package roundtrip

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/articlekit/article"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// corpusDir returns $ARTICLE_CORPUS, or ../../shared/corpus, or skips.
func corpusDir(t *testing.T) string {
	dir := os.Getenv("ARTICLE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("corpus not found at %s (set ARTICLE_CORPUS)", dir)
	}
	return dir
}

func corpusFiles(t *testing.T) []string {
	dir := corpusDir(t)
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	}))
	require.NotEmpty(t, files)
	return files
}

// md is goldmark as Hugo configures it: CommonMark, the GitHub extensions,
// and raw HTML kept.
var md = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))

func render(t *testing.T, src string) string {
	var b bytes.Buffer
	require.NoError(t, md.Convert([]byte(src), &b))
	return b.String()
}

// The classes of difference the round trip accepts, and why.
var accepted = map[string]string{
	"embed-as-link":    "Markdown has no embed: an embed is written as a link, which comes back as a paragraph with the link's text",
	"list-depth":       "an item more than one level deeper than the item before it (a nested list with no parent item) comes back one level below it: CommonMark renderers have no empty list item to hold it",
	"linkify":          "goldmark's GFM autolinks make a link of a bare URL or www. address that was plain text: the text is the same",
	"url-escaping":     "a link URL comes back percent-encoded where Markdown needs it (a space is %20) or goldmark does it (non-ASCII characters): the same URL",
	"emphasis-nesting": "strong emphasis around emphasis on the same text comes back as emphasis around strong (***text***), and strong inside strong as one: the same rendering",
	"table-ragged":     "a GFM table has as many cells in every row as in its header: rows shorter than the widest come back padded with empty cells",
}

// TestMarkdownRoundTrip renders each corpus post as Markdown, renders that
// to HTML with goldmark, parses the HTML, and compares the blocks. It also
// parses the Markdown itself (BodyAuto must detect it) and expects the same
// blocks as from goldmark's HTML.
func TestMarkdownRoundTrip(t *testing.T) {
	files := corpusFiles(t)
	classes := map[string]int{}
	examples := map[string]string{}
	compared := 0
	for _, path := range files {
		rel, _ := filepath.Rel(corpusDir(t), path)
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		a, err := article.ParseBytes(src)
		require.NoError(t, err)
		out := a.Markdown()

		b, err := article.ParseBytes([]byte(render(t, out)), article.WithBodyFormat(article.BodyHTML))
		require.NoError(t, err)
		compared += len(a.Blocks)
		for _, d := range diffBlocks(a.Blocks, b.Blocks) {
			classes[d.class]++
			if _, ok := examples[d.class]; !ok {
				examples[d.class] = rel + ": " + d.detail
			}
			if os.Getenv("ROUNDTRIP_VERBOSE") != "" {
				t.Logf("%s %s: %s", d.class, rel, d.detail)
			}
		}

		// The library reads the Markdown back the same way.
		c, err := article.ParseBytes([]byte(out))
		require.NoError(t, err)
		if !assert.Equal(t, texts(b.Blocks), texts(c.Blocks), "%s: the Markdown parsed with BodyAuto differs from goldmark's HTML", rel) {
			continue
		}
	}
	var names []string
	for k := range classes {
		names = append(names, k)
	}
	sort.Strings(names)
	t.Logf("round trip: %d files, %d blocks compared", len(files), compared)
	for _, k := range names {
		why, ok := accepted[k]
		if !ok {
			why = "NOT ACCEPTED"
		}
		t.Logf("  %-16s %5d  %s\n      e.g. %s", k, classes[k], why, examples[k])
		assert.True(t, ok, "difference class %s: %s", k, examples[k])
	}
}

type blockDiff struct{ class, detail string }

// texts gives each block's type and text, as the round trip compares them.
func texts(blocks []article.Block) []string {
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = string(b.Type) + ": " + blockText(b)
	}
	return out
}

func blockText(b article.Block) string {
	switch b.Type {
	case article.List:
		var s []string
		for _, it := range b.Items {
			s = append(s, fmt.Sprintf("%d%v %s", it.Depth, it.Ordered, it.Text))
		}
		return fmt.Sprintf("ordered=%v %q", b.Ordered, s)
	case article.Table:
		return fmt.Sprintf("%q", b.Rows)
	case article.ImageType:
		if b.Image == nil {
			return ""
		}
		return fmt.Sprintf("%q alt=%q title=%q link=%q caption=%q", b.Image.URL, b.Image.Alt, b.Image.Title, b.Image.Link, b.Text)
	case article.Code:
		return fmt.Sprintf("[%s] %q", b.Lang, b.Text)
	case article.Heading:
		return fmt.Sprintf("h%d %q", b.Level, b.Text)
	}
	return fmt.Sprintf("%q", b.Text)
}

// diffBlocks compares the blocks pairwise and classifies each difference.
func diffBlocks(want, got []article.Block) []blockDiff {
	var out []blockDiff
	i, j := 0, 0
	for i < len(want) && j < len(got) {
		w, g := want[i], got[j]
		switch {
		case w.Type == g.Type && blockText(w) == blockText(g):
			if c := inlineClass(w.HTML, g.HTML); c != "" && w.Type != article.Embed {
				out = append(out, blockDiff{c, fmt.Sprintf("block %d:\n        want %s\n        got  %s", i, w.HTML, g.HTML)})
			}
		case w.Type == article.Table && g.Type == article.Table && blockText(trimRows(w)) == blockText(trimRows(g)):
			out = append(out, blockDiff{"table-ragged", fmt.Sprintf("block %d: %s → %s", i, blockText(w), blockText(g))})
		case w.Type == article.Embed && g.Type == article.Paragraph:
			out = append(out, blockDiff{"embed-as-link", fmt.Sprintf("block %d: %s → %s", i, blockText(w), blockText(g))})
		case w.Type == article.List && g.Type == article.List && blockText(clampDepth(w)) == blockText(g):
			out = append(out, blockDiff{"list-depth", fmt.Sprintf("block %d: %s → %s", i, blockText(w), blockText(g))})
		default:
			out = append(out, blockDiff{"text:" + string(w.Type), fmt.Sprintf("block %d:\n        want %s: %s\n        got  %s: %s", i, w.Type, blockText(w), g.Type, blockText(g))})
			// Resynchronise on the next block with the same text.
			if k := find(got[j+1:], want[i+1:]); k >= 0 {
				j += k
			}
		}
		i++
		j++
	}
	if len(want)-i != len(got)-j {
		out = append(out, blockDiff{"count", fmt.Sprintf("%d blocks, %d after the round trip", len(want), len(got))})
	}
	return out
}

// sameMarkup maps the inline elements to the one Markdown writes for them.
var sameMarkup = strings.NewReplacer(
	"<i>", "<em>", "</i>", "</em>", "<cite>", "<em>", "</cite>", "</em>",
	"<dfn>", "<em>", "</dfn>", "</em>", "<var>", "<em>", "</var>", "</em>",
	"<b>", "<strong>", "</b>", "</strong>",
	"<s>", "<del>", "</s>", "</del>",
	"<kbd>", "<code>", "</kbd>", "</code>", "<samp>", "<code>", "</samp>", "</code>",
)

// sameNesting puts strong and emphasis on the same text in one order, and
// drops an element nested in the same element.
var sameNesting = strings.NewReplacer(
	"<strong><em>", "<em><strong>", "</em></strong>", "</strong></em>",
	"<strong><strong>", "<strong>", "</strong></strong>", "</strong>",
	"<em><em>", "<em>", "</em></em>", "</em>",
)

var linkTag = regexp.MustCompile(`</?a\b[^>]*>`)

// inlineClass classifies a difference between two blocks' inline HTML, or
// returns "" when there is none once the elements that Markdown writes the
// same way are mapped to one.
func inlineClass(want, got string) string {
	w, g := sameMarkup.Replace(want), sameMarkup.Replace(got)
	switch {
	case w == g:
		return ""
	case linkTag.ReplaceAllString(w, "") == linkTag.ReplaceAllString(g, "") && strings.Count(g, "<a ") > strings.Count(w, "<a "):
		return "linkify"
	case unescapeHrefs(w) == unescapeHrefs(g):
		return "url-escaping"
	case sameNesting.Replace(sameNesting.Replace(w)) == sameNesting.Replace(sameNesting.Replace(g)):
		return "emphasis-nesting"
	}
	return "inline-html"
}

var hrefAttr = regexp.MustCompile(`(href|src)="[^"]*"`)

// unescapeHrefs percent-decodes the URLs of the links in h.
func unescapeHrefs(h string) string {
	return hrefAttr.ReplaceAllStringFunc(h, func(a string) string {
		if u, err := url.PathUnescape(a); err == nil {
			return u
		}
		return a
	})
}

// trimRows drops the empty cells at the end of each row.
func trimRows(b article.Block) article.Block {
	rows := make([][]string, len(b.Rows))
	for i, r := range b.Rows {
		n := len(r)
		for n > 0 && r[n-1] == "" {
			n--
		}
		rows[i] = r[:n]
	}
	b.Rows = rows
	return b
}

// clampDepth makes each item at most one level deeper than the one before.
func clampDepth(b article.Block) article.Block {
	items := append([]article.ListItem(nil), b.Items...)
	prev := -1
	for i := range items {
		items[i].Depth = min(items[i].Depth, prev+1)
		if items[i].Depth == 0 {
			items[i].Ordered = false
		}
		prev = items[i].Depth
	}
	b.Items = items
	return b
}

// find returns the offset in got of the first block of want, or -1.
func find(got, want []article.Block) int {
	if len(want) == 0 {
		return -1
	}
	for k, g := range got {
		if g.Type == want[0].Type && blockText(g) == blockText(want[0]) {
			return k
		}
	}
	return -1
}
