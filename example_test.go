package article_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/articlekit/article"
)

const post = `---
title: 'Two leaders spoke by phone'
categories:
 - News
 - World
headimg: 'https://cors.example.workers.dev/?http://img.example.com/cover.jpg'
date: Fri, 25 Feb 2022 16:36:54 GMT
---
<div>
<p>The first paragraph.</p><p></p>
<div class="img_box" onclick><img data-original="http://img.example.com/photo.jpg" data-width="576" data-height="1024" src="https://cors.example.workers.dev/?http://img.example.com/photo.jpg"></div>
<strong>Bare text between boxes is a paragraph.</strong>
</div>
`

func ExampleParse() {
	a, err := article.Parse(strings.NewReader(post))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Title)
	fmt.Println(a.Date.Format("2006-01-02 15:04 MST"))
	fmt.Println(a.Categories)
	fmt.Println(a.Cover.URL)
	fmt.Println(a.HTML())
	// Output:
	// Two leaders spoke by phone
	// 2022-02-25 16:36 UTC
	// [News World]
	// http://img.example.com/cover.jpg
	// <p>The first paragraph.</p>
	// <figure><img src="http://img.example.com/photo.jpg" width="576" height="1024" loading="lazy" referrerpolicy="no-referrer"></figure>
	// <p><strong>Bare text between boxes is a paragraph.</strong></p>
}

func ExampleArticle_Paragraphs() {
	a, err := article.Parse(strings.NewReader(post))
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range a.Paragraphs() {
		fmt.Println(p)
	}
	// Output:
	// The first paragraph.
	// Bare text between boxes is a paragraph.
}

func ExampleArticle_Images() {
	a, err := article.Parse(strings.NewReader(post))
	if err != nil {
		log.Fatal(err)
	}
	for _, im := range a.Images {
		fmt.Println(im.URL, im.Width, im.Height)
	}
	// Output:
	// http://img.example.com/photo.jpg 576 1024
}

func ExampleArticle_Blocks() {
	a, err := article.Parse(strings.NewReader(`<h2>Steps</h2><ol><li>Parse</li><li>Publish</li></ol><pre><code class="language-go">article.Parse(r)</code></pre>`))
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range a.Blocks {
		switch b.Type {
		case article.Heading:
			fmt.Printf("h%d %s\n", b.Level, b.Text)
		case article.List:
			for i, it := range b.Items {
				fmt.Printf("%d. %s\n", i+1, it.Text)
			}
		case article.Code:
			fmt.Printf("[%s] %s\n", b.Lang, b.Text)
		}
	}
	// Output:
	// h2 Steps
	// 1. Parse
	// 2. Publish
	// [go] article.Parse(r)
}

func ExampleSanitize() {
	fmt.Println(article.Sanitize(`<p onclick="steal()">Hi <a href="javascript:alert(1)">there</a> <a href="https://example.com">friend</a><script>alert(1)</script></p>`))
	// Output:
	// <p>Hi there <a href="https://example.com" rel="nofollow noopener noreferrer">friend</a></p>
}

func ExampleWithDefaultLocation() {
	loc := mustLoad("Asia/Shanghai")
	a, err := article.Parse(strings.NewReader("---\ndate: 2021-03-29 00:26:58\n---\n"), article.WithDefaultLocation(loc))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Date.Format("2006-01-02T15:04:05Z07:00"))
	// Output:
	// 2021-03-29T00:26:58+08:00
}
