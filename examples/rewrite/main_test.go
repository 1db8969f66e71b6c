package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/articlekit/article"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runRewrite(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

const seedLike = `---
title: 'Two leaders spoke by phone'
categories: 新媒体, ZAKER
headimg: 'https://cors.example.workers.dev/?http://img.example.com/cover.jpg'
author: ZAKER
comments: false
date: Fri, 25 Feb 2022 16:36:54 GMT
tags: [a, b]
custom:
  nested: 1
---
<div><p onclick="x()">The first paragraph.</p><p></p>
<img data-original="http://img.example.com/photo.jpg" src="https://cors.example.workers.dev/?http://img.example.com/photo.jpg">
<strong>Bare text.</strong></div>
`

func TestFrontMatterNormalised(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "out")
	writeFiles(t, src, map[string]string{
		"2022/post.md":   seedLike,
		"hexo.md":        "---\ntitle: Nested\ncategories:\n- [Diary, Games]\n- [Diary, Life]\nkeywords: go, markdown\n---\n<p>x</p>\n",
		"toml.md":        "+++\ntitle = \"TOML\"\ndate = 2021-03-29T00:26:58+08:00\nweight = 3\n+++\n<p>x</p>\n",
		"json.md":        "{\"title\": \"JSON\", \"order\": 2, \"date\": \"2021-03-29\"}\n<p>x</p>\n",
		"plain.md":       "<p>No front matter.</p>\n",
		"img/photo.jpg":  "not really a JPEG",
		"page/post.html": "<!DOCTYPE html><html><head><title>From the page</title></head><body><p>Hi *there*</p></body></html>",
	})
	code, out, errs := runRewrite(t, src, dst)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "rewrote 6 posts and copied 1 other files into "+dst+"\n", out)

	assert.Equal(t, `---
title: Two leaders spoke by phone
categories:
  - 新媒体
  - ZAKER
headimg: http://img.example.com/cover.jpg
author: ZAKER
comments: false
date: "2022-02-25T16:36:54Z"
tags:
  - a
  - b
custom:
  nested: 1
---

<p>The first paragraph.</p>
<figure><img src="http://img.example.com/photo.jpg" loading="lazy" referrerpolicy="no-referrer"></figure>
<p><strong>Bare text.</strong></p>
`, readFile(t, filepath.Join(dst, "2022", "post.md")))
	assert.Equal(t, "---\ntitle: Nested\ncategories:\n  - - Diary\n    - Games\n  - - Diary\n    - Life\nkeywords:\n  - go\n  - markdown\n---\n\n<p>x</p>\n",
		readFile(t, filepath.Join(dst, "hexo.md")), "nested lists keep their meaning; a string becomes a list")
	assert.Equal(t, "---\ntitle: TOML\ndate: \"2021-03-29T00:26:58+08:00\"\nweight: 3\n---\n\n<p>x</p>\n", readFile(t, filepath.Join(dst, "toml.md")))
	assert.Equal(t, "---\ntitle: JSON\norder: 2\ndate: \"2021-03-29T00:00:00Z\"\n---\n\n<p>x</p>\n", readFile(t, filepath.Join(dst, "json.md")))
	assert.Equal(t, "---\n---\n\n<p>No front matter.</p>\n", readFile(t, filepath.Join(dst, "plain.md")))
	assert.Equal(t, "not really a JPEG", readFile(t, filepath.Join(dst, "img", "photo.jpg")))
	assert.Equal(t, "---\ntitle: From the page\n---\n\n<p>Hi *there*</p>\n", readFile(t, filepath.Join(dst, "page", "post.html")))

	md := filepath.Join(t.TempDir(), "md")
	code, _, errs = runRewrite(t, "-body", "markdown", src, md)
	require.Equal(t, 0, code, errs)
	assert.True(t, strings.HasSuffix(readFile(t, filepath.Join(md, "2022", "post.md")),
		"---\n\nThe first paragraph.\n\n![](http://img.example.com/photo.jpg)\n\n**Bare text.**\n"))
	assert.Equal(t, "---\ntitle: From the page\n---\n\nHi \\*there\\*\n", readFile(t, filepath.Join(md, "page", "post.md")), ".html becomes .md")
}

func TestRefusals(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{"a.md": "<p>a</p>", "sub/b.md": "<p>b</p>"})
	for _, args := range [][]string{
		{src, src},
		{src, filepath.Join(src, "out")},
		{filepath.Join(src, "sub"), src},
		{"-body", "rtf", src, t.TempDir()},
		{"-dedupe", "some", src, t.TempDir()},
		{"-tz", "Nowhere/Nothing", src, t.TempDir()},
		{filepath.Join(src, "missing"), t.TempDir()},
		{src},
	} {
		code, _, _ := runRewrite(t, args...)
		assert.Equal(t, 2, code, "args %q", args)
	}
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "nothing written into SRC_DIR")

	dst := t.TempDir()
	writeFiles(t, dst, map[string]string{"sub/b.md": "keep me"})
	code, _, errs := runRewrite(t, src, dst)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "nothing written")
	assert.Equal(t, "keep me", readFile(t, filepath.Join(dst, "sub", "b.md")))
	_, err = os.Stat(filepath.Join(dst, "a.md"))
	assert.True(t, os.IsNotExist(err), "no file written when one exists")

	code, _, errs = runRewrite(t, "-force", src, dst)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, "---\n---\n\n<p>b</p>\n", readFile(t, filepath.Join(dst, "sub", "b.md")))
}

// TestFixedPointOnCorpus rewrites a temporary copy of the corpus, then
// rewrites the output again, in both body formats: parsing the first
// output and the second gives the same Article, and a third rewrite
// changes no byte.
func TestFixedPointOnCorpus(t *testing.T) {
	corpus := os.Getenv("ARTICLE_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if st, err := os.Stat(corpus); err != nil || !st.IsDir() {
		t.Skipf("corpus not found at %s (set ARTICLE_CORPUS)", corpus)
	}
	src := filepath.Join(t.TempDir(), "corpus")
	require.NoError(t, os.CopyFS(src, os.DirFS(corpus)))

	for _, body := range []string{"html", "markdown"} {
		t.Run(body, func(t *testing.T) {
			base := t.TempDir()
			out := []string{src}
			for i := 1; i <= 3; i++ {
				dir := filepath.Join(base, string(rune('0'+i)))
				code, _, errs := runRewrite(t, "-body", body, out[i-1], dir)
				require.Equal(t, 0, code, errs)
				out = append(out, dir)
			}
			posts, sameBytes := 0, 0
			require.NoError(t, filepath.WalkDir(out[1], func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !isPost(p) {
					return err
				}
				rel, _ := filepath.Rel(out[1], p)
				posts++
				a1 := parseJSON(t, p)
				a2 := parseJSON(t, filepath.Join(out[2], rel))
				if !assert.Equal(t, a1, a2, "%s: rewriting the output changes the article", rel) {
					return nil
				}
				b2, b3 := readFile(t, filepath.Join(out[2], rel)), readFile(t, filepath.Join(out[3], rel))
				assert.Equal(t, b2, b3, "%s: the third rewrite changes the file", rel)
				if readFile(t, p) == b2 {
					sameBytes++
				}
				return nil
			}))
			assert.Equal(t, 402, posts)
			t.Logf("-body %s: %d posts; the second rewrite gives the same Article for all, and the same bytes for %d", body, posts, sameBytes)
		})
	}
}

func parseJSON(t *testing.T, path string) string {
	t.Helper()
	a, err := article.ParseFile(path)
	require.NoError(t, err)
	b, err := json.Marshal(a)
	require.NoError(t, err)
	return string(b)
}
