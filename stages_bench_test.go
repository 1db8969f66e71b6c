package article

import (
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkStages times each stage of Parse on its own, over each corpus
// folder, so that the cost of a stage can be read against BenchmarkHTMLParse
// (the floor) and BenchmarkParse (the whole). Each stage runs on what the
// stages before it produced for the same posts, prepared before the timer
// starts. SetBytes is the folder's size in every stage, so MB/s compare
// across stages: a stage's share of the whole is the whole's ns/op over
// its own.
//
//	go test -run '^$' -bench 'BenchmarkStages' .
func BenchmarkStages(b *testing.B) {
	for _, folder := range corpusFolders {
		b.Run(folder, func(b *testing.B) {
			posts, _, size := loadFolder(b, folder)
			cfg := newConfig(nil)
			type prepared struct {
				src        []byte
				text, body string
				coverRaw   string
				tree       bodyTree
				p          *parser // after the walk, before dedupe
				a          *Article
			}
			prep := make([]prepared, len(posts))
			for i, src := range posts {
				p := newParser(&cfg)
				text := decodeInput(src, &cfg, p.warnCode)
				body, _, cover := p.frontMatter(text)
				body = p.markdownBody(strings.TrimPrefix(body, "\ufeff"))
				p.body = body
				p.setBase(p.a.Link, "")
				tree := parseTree(body)
				p.walkTree(tree, body)
				a, err := ParseBytes(src)
				if err != nil {
					b.Fatal(err)
				}
				prep[i] = prepared{src: src, text: text, body: body, coverRaw: cover, tree: tree, p: p, a: a}
			}
			stage := func(name string, f func(q *prepared)) {
				b.Run(name, func(b *testing.B) {
					b.SetBytes(size)
					b.ReportAllocs()
					for n := 0; n < b.N; n++ {
						for i := range prep {
							f(&prep[i])
						}
					}
				})
			}
			stage("decode", func(q *prepared) {
				p := newParser(&cfg)
				decodeInput(q.src, &cfg, p.warnCode)
			})
			stage("frontmatter", func(q *prepared) {
				newParser(&cfg).frontMatter(q.text)
			})
			stage("detect", func(q *prepared) {
				looksLikeMarkdown(q.body)
			})
			stage("html.Parse", func(q *prepared) {
				if strings.TrimSpace(q.body) != "" {
					parseTree(q.body)
				}
			})
			stage("walk", func(q *prepared) {
				if strings.TrimSpace(q.body) == "" {
					return
				}
				p := newParser(&cfg)
				p.body, p.base = q.body, q.p.base
				p.walkTree(q.tree, q.body)
			})
			// The stages after the walk, each on a copy of the walk's blocks.
			after := func(name string, f func(p *parser, q *prepared)) {
				stage(name, func(q *prepared) {
					p := newParser(&cfg)
					p.base, p.more = q.p.base, q.p.more
					p.a.Blocks = append(p.a.Blocks[:0:0], q.p.a.Blocks...)
					f(p, q)
				})
			}
			after("copy", func(p *parser, q *prepared) {})
			after("dedupe", func(p *parser, q *prepared) { p.dedupe() })
			after("excerpt", func(p *parser, q *prepared) { p.setExcerpt() })
			// Resolving and unwrapping every image URL the post kept, as
			// found (before unwrapping), with no URL remembered: the part
			// of the walk that images and unwrapping cost.
			stage("unwrap", func(q *prepared) {
				p := newParser(&cfg)
				p.base = q.p.base
				for i := range q.a.Images {
					raw := q.a.Images[i].SourceURL
					if raw == "" {
						raw = q.a.Images[i].URL
					}
					p.resolveImageURL(raw)
				}
			})
			after("images", func(p *parser, q *prepared) {
				p.collectImages()
				p.setCover(q.coverRaw)
			})
			stage("html+text", func(q *prepared) {
				q.a.HTML()
				q.a.Text()
			})
			stage("json", func(q *prepared) {
				if _, err := json.Marshal(q.a); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
