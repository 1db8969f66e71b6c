// Package differential compares article's sanitized output with what
// bluemonday's UGC policy keeps.
//
//	cd bench && ARTICLE_CORPUS=../../shared/corpus go test ./differential/ -v
package differential

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/articlekit/article"
	"github.com/microcosm-cc/bluemonday"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// knownDifferences are what article keeps and bluemonday's UGC policy
// removes for a reason that is not danger, with that reason. Anything else
// bluemonday removes from article's output is a finding.
var knownDifferences = map[string]string{
	"<iframe>":               "UGC allows no iframe; article keeps only players from Policy.EmbedHosts, with sandbox",
	"iframe@src":             "see <iframe>",
	"iframe@title":           "see <iframe>",
	"iframe@sandbox":         "see <iframe>",
	"iframe@allowfullscreen": "see <iframe>",
	"iframe@loading":         "see <iframe>",
	"iframe@referrerpolicy":  "see <iframe>",
	"<video>":                "UGC allows no media; article keeps http(s) src with controls and preload=none",
	"<audio>":                "see <video>",
	"video@src":              "see <video>",
	"video@poster":           "see <video>",
	"video@title":            "see <video>",
	"video@controls":         "see <video>",
	"video@preload":          "see <video>",
	"audio@src":              "see <video>",
	"audio@title":            "see <video>",
	"audio@controls":         "see <video>",
	"audio@preload":          "see <video>",
	"img@referrerpolicy":     "UGC does not list it; it only withholds the Referer header (no-referrer)",
	"img@loading":            "UGC does not list it; a loading hint (lazy)",
	"img@srcset":             "UGC does not list it; article checks every candidate URL",
	"code@class":             "UGC allows no class; article keeps only language-x with a plain name",
	"<kbd>":                  "UGC does not list kbd, a phrasing element with no attribute",
	"a@rel":                  "UGC writes its own rel (nofollow); article writes nofollow noopener noreferrer",
	"value:a@title":          "UGC keeps a title only if it matches its Paragraph pattern; article escapes it as text",
	"value:abbr@title":       "see value:a@title",
	"value:img@title":        "see value:a@title",
	"value:img@alt":          "see value:a@title",
}

func corpusFiles(t *testing.T) []string {
	dir := os.Getenv("ARTICLE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("corpus not found at %s (set ARTICLE_CORPUS)", dir)
	}
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

// body returns a post without its YAML or TOML front matter.
func body(src string) string {
	for _, fence := range []string{"---", "+++"} {
		if strings.HasPrefix(src, fence+"\n") {
			if i := strings.Index(src[4:], "\n"+fence+"\n"); i >= 0 {
				return src[4+i+5:]
			}
		}
	}
	return src
}

// differences returns what bluemonday removes from safe. Each element of
// safe is passed through the UGC policy alone, first with no attribute,
// then with each of its attributes on its own, and what is missing from the
// result is named:
//
//   - "<tag>": the element, even with no attribute;
//   - "tag@attr": the attribute, whatever its value;
//   - "url:tag@attr": a URL attribute that bluemonday keeps for a plain
//     https URL but drops for this one, whose scheme, read as a browser
//     does, is http, https, mailto or none: bluemonday rejects URLs that
//     net/url cannot parse or that hold spaces, which is strictness, not
//     danger;
//   - "value:tag@attr": another attribute that bluemonday keeps with the
//     value "x" but drops with this one.
func differences(t *testing.T, ugc *bluemonday.Policy, safe string) []string {
	nodes, err := html.ParseFragment(strings.NewReader(safe), &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"})
	require.NoError(t, err)
	var out []string
	visit := func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if keeps(t, ugc, n, nil) == nil {
			out = append(out, "<"+n.Data+">")
			return
		}
		for _, a := range n.Attr {
			if hasAttr(keeps(t, ugc, n, &a), a.Key) {
				continue
			}
			harmless := a
			harmless.Val = "x"
			isURL := false
			switch a.Key {
			case "href", "src", "cite", "poster", "srcset":
				harmless.Val, isURL = "https://example.com/", true
			}
			switch {
			case !hasAttr(keeps(t, ugc, n, &harmless), a.Key):
				out = append(out, n.Data+"@"+a.Key)
			case isURL && safeScheme(a.Val):
				out = append(out, "url:"+n.Data+"@"+a.Key)
			default:
				out = append(out, "value:"+n.Data+"@"+a.Key)
			}
		}
	}
	for _, n := range nodes {
		visit(n)
		for d := range n.Descendants() {
			visit(d)
		}
	}
	return out
}

// keeps renders the element n alone, with the attribute attr if not nil
// (and, for an image or a link, a plain src or href), passes it through the UGC policy, and
// returns the element bluemonday keeps, or nil.
func keeps(t *testing.T, ugc *bluemonday.Policy, n *html.Node, attr *html.Attribute) *html.Node {
	one := &html.Node{Type: html.ElementNode, DataAtom: n.DataAtom, Data: n.Data}
	if n.DataAtom == atom.Img && (attr == nil || attr.Key != "src") {
		one.Attr = append(one.Attr, html.Attribute{Key: "src", Val: "https://example.com/a.png"})
	}
	if n.DataAtom == atom.A && (attr == nil || attr.Key != "href") {
		one.Attr = append(one.Attr, html.Attribute{Key: "href", Val: "https://example.com/"})
	}
	if attr != nil {
		one.Attr = append(one.Attr, *attr)
	}
	switch n.DataAtom {
	case atom.Img, atom.Br, atom.Hr, atom.Wbr:
	default:
		one.AppendChild(&html.Node{Type: html.TextNode, Data: "x"})
	}
	var b strings.Builder
	require.NoError(t, html.Render(&b, one))
	return findElement(ugc.Sanitize(b.String()), n.Data)
}

// findElement parses s in the context where the element tag belongs, and
// returns the first tag element.
func findElement(s, tag string) *html.Node {
	context := "body"
	switch tag {
	case "td", "th":
		context = "tr"
	case "tr":
		context = "tbody"
	case "tbody", "thead", "tfoot", "caption":
		context = "table"
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, DataAtom: atom.Lookup([]byte(context)), Data: context})
	if err != nil {
		return nil
	}
	for _, n := range nodes {
		if n.Type == html.ElementNode && n.Data == tag {
			return n
		}
		for d := range n.Descendants() {
			if d.Type == html.ElementNode && d.Data == tag {
				return d
			}
		}
	}
	return nil
}

func hasAttr(n *html.Node, key string) bool {
	if n == nil {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// safeScheme reads a URL's scheme as a browser does and reports whether it
// is http, https, mailto or none.
func safeScheme(raw string) bool {
	s := strings.TrimFunc(raw, func(r rune) bool { return r <= 0x20 })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if 'a' <= c && c <= 'z' || i > 0 && (s[i] >= '0' && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.') {
			continue
		}
		if s[i] == ':' && i > 0 {
			switch strings.ToLower(s[:i]) {
			case "http", "https", "mailto":
				return true
			}
			return false
		}
		break
	}
	return true
}

// TestBluemondayDifferential checks, for every corpus post, that nothing
// bluemonday's UGC policy removes as dangerous is in article's output:
// neither in Article.HTML nor in Sanitize of the raw body.
func TestBluemondayDifferential(t *testing.T) {
	files := corpusFiles(t)
	ugc := bluemonday.UGCPolicy()
	for _, what := range []string{"Parse", "Sanitize"} {
		t.Run(what, func(t *testing.T) {
			counts := map[string]int{}
			example := map[string]string{}
			elements := 0
			for _, path := range files {
				src, err := os.ReadFile(path)
				require.NoError(t, err)
				var out string
				if what == "Parse" {
					a, err := article.ParseBytes(src)
					require.NoError(t, err, path)
					out = a.HTML()
				} else {
					out = article.Sanitize(body(string(src)))
				}
				elements += strings.Count(out, "<") - strings.Count(out, "</")
				for _, d := range differences(t, ugc, out) {
					counts[d]++
					if example[d] == "" {
						example[d] = filepath.Base(path)
					}
				}
			}
			var keys []string
			for k := range counts {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			t.Logf("%s: %d files, about %d elements; bluemonday UGC removes:", what, len(files), elements)
			for _, k := range keys {
				reason, known := knownDifferences[k]
				if strings.HasPrefix(k, "url:") && !known {
					reason, known = "bluemonday drops this URL but keeps a plain https one; read as a browser does, its scheme is http, https, mailto or none (it holds spaces, is a bare #, or net/url rejects it)", true
				}
				if !known {
					t.Errorf("bluemonday removes %s from article's output (%d times, first in %s)", k, counts[k], example[k])
					continue
				}
				t.Logf("  %-28s %6d  %s", k, counts[k], reason)
			}
			assert.NotEmpty(t, files)
		})
	}
}

// TestDifferencesDetects is the control: differences reports what is
// dangerous, so an unsafe output would fail the differential.
func TestDifferencesDetects(t *testing.T) {
	got := differences(t, bluemonday.UGCPolicy(),
		`<a href="javascript:x()">a</a><p onclick="x()">b</p><img src="https://x.com/a.png" style="x"><object data="/x"></object>`)
	assert.Equal(t, []string{"value:a@href", "p@onclick", "img@style", "<object>"}, got)
	for _, d := range got {
		assert.NotContains(t, knownDifferences, d)
	}
}
