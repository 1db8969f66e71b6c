package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/articlekit/article"
)

var errUsage = errors.New("usage")

// A template is one golden case, split for recombination.
type template struct {
	name     string
	raw      []byte
	title    string   // the title Parse reads
	fm       []string // the YAML front matter lines, without title and date
	body     string
	markdown bool // the body is Markdown or plain text, not HTML
	odd      bool // written only as it is: not YAML, not UTF-8, broken, or a whole page
}

// generate writes n posts into dir, built from the golden cases in from,
// and returns the number of bytes written. The same n gives the same
// files.
//
// Most posts (24 in 25) are recombined: the front matter of one case with
// a new title ("Post N: …") and date, and the bodies of 4 to 12 cases of
// the same kind (HTML or Markdown), shuffled, with a line naming the post.
// The others are copies of the cases that cannot be recombined (TOML or
// JSON front matter, legacy encodings, broken front matter, whole pages,
// deep nesting), so the mix keeps its hard inputs.
func generate(from, dir string, n int) (int64, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("%w: -gen: %s is not empty", errUsage, dir)
	}
	tpls, err := loadTemplates(from)
	if err != nil {
		return 0, err
	}
	var html, md, odd []*template
	for _, t := range tpls {
		switch {
		case t.odd:
			odd = append(odd, t)
		case t.markdown:
			md = append(md, t)
		default:
			html = append(html, t)
		}
	}
	if len(html) == 0 {
		return 0, fmt.Errorf("-gen: no HTML case with YAML front matter in %s", from)
	}
	rng := rand.New(rand.NewPCG(6, 2021))
	start := time.Date(2021, 1, 1, 8, 0, 0, 0, time.UTC)
	var total int64
	var b bytes.Buffer
	for i := range n {
		b.Reset()
		switch {
		case i%25 == 24 && len(odd) > 0:
			b.Write(odd[(i/25)%len(odd)].raw)
		default:
			pool := html
			if len(md) > 0 && rng.IntN(5) == 0 {
				pool = md // a fifth are Markdown posts
			}
			compose(&b, rng, pool, i, n, start.Add(time.Duration(i)*17*time.Minute))
		}
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return total, err
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("post-%06d.md", i)), b.Bytes(), 0o644); err != nil {
			return total, err
		}
		total += int64(b.Len())
	}
	return total, nil
}

func compose(b *bytes.Buffer, rng *rand.Rand, pool []*template, i, n int, date time.Time) {
	primary := pool[rng.IntN(len(pool))]
	bodies := []*template{primary}
	for k := 3 + rng.IntN(9); k > 0; k-- {
		bodies = append(bodies, pool[rng.IntN(len(pool))])
	}
	rng.Shuffle(len(bodies), func(a, c int) { bodies[a], bodies[c] = bodies[c], bodies[a] })

	title := primary.title
	if title == "" {
		title = primary.name
	}
	b.WriteString("---\ntitle: ")
	b.WriteString(strconv.Quote(fmt.Sprintf("Post %d: %s", i, title))) // a YAML double-quoted string
	b.WriteString("\ndate: ")
	b.WriteString(date.Format("2006-01-02 15:04:05"))
	b.WriteByte('\n')
	for _, l := range primary.fm {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	b.WriteString("---\n")
	at := rng.IntN(len(bodies) + 1)
	for k, t := range bodies {
		if k == at {
			counter(b, primary.markdown, i, n, bodies)
		}
		b.WriteString(strings.TrimSpace(t.body))
		b.WriteString("\n\n")
	}
	if at == len(bodies) {
		counter(b, primary.markdown, i, n, bodies)
	}
}

func counter(b *bytes.Buffer, markdown bool, i, n int, from []*template) {
	names := make([]string, len(from))
	for k, t := range from {
		names[k] = t.name
	}
	s := fmt.Sprintf("Generated post %d of %d, from %s.", i, n, strings.Join(names, ", "))
	if markdown {
		b.WriteString(s + "\n\n")
	} else {
		b.WriteString("<p>" + s + "</p>\n\n")
	}
}

// oddWarnings are the warning codes of cases that are copied whole.
var oddWarnings = map[article.WarningCode]bool{
	article.WarnFrontMatter: true, article.WarnFrontMatterUnterminated: true, article.WarnCharset: true,
	article.WarnInvalidUTF8: true, article.WarnNUL: true, article.WarnTooDeep: true,
}

func loadTemplates(from string) ([]*template, error) {
	paths, err := filepath.Glob(filepath.Join(from, "*.md"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: -gen: no golden cases (*.md) in %s; run from the module root or set -gen-from", errUsage, from)
	}
	var tpls []*template
	for _, p := range paths { // Glob sorts them
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		a, err := article.ParseBytes(raw)
		if err != nil {
			return nil, fmt.Errorf("-gen: %s: %w", p, err)
		}
		t := &template{name: strings.TrimSuffix(filepath.Base(p), ".md"), raw: raw, title: a.Title}
		fm, body, ok := splitYAML(string(raw))
		t.odd = !ok || !utf8.Valid(raw) || isPage(body)
		for _, w := range a.Warnings {
			t.odd = t.odd || oddWarnings[w.Code]
		}
		if !t.odd {
			t.body = body
			t.markdown = !strings.HasPrefix(strings.TrimSpace(body), "<")
			for _, l := range strings.Split(fm, "\n") {
				key, _, _ := strings.Cut(l, ":")
				if k := strings.ToLower(key); k == "title" || k == "date" || strings.TrimSpace(l) == "" {
					continue // replaced; Parse matches keys without regard to case
				}
				t.fm = append(t.fm, l)
			}
		}
		tpls = append(tpls, t)
	}
	return tpls, nil
}

// splitYAML splits a post with YAML front matter (after any blank lines)
// into the front matter text and the body.
func splitYAML(s string) (fm, body string, ok bool) {
	s = strings.TrimLeft(s, "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return "", s, false
	}
	if strings.HasPrefix(rest, "---\n") {
		return "", rest[4:], true
	}
	i := strings.Index(rest, "\n---\n")
	if i < 0 {
		return "", s, false
	}
	return rest[:i], rest[i+5:], true
}

func isPage(body string) bool {
	s := strings.ToLower(strings.TrimSpace(body))
	return strings.HasPrefix(s, "<!doctype") || strings.HasPrefix(s, "<html")
}
