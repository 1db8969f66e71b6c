// Package article turns scraped posts into clean, structured articles.
//
// A post is a Markdown file with front matter (YAML, TOML or JSON) and a raw
// scraped HTML body, as RSS-to-blog pipelines and scrapers write them. Parse
// reads such a post and returns an Article: the front matter fields, typed;
// the body as typed blocks; every image at its original URL with its size and
// caption; sanitized HTML that is safe to publish again; and text.
package article
