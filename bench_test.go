package article

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"
)

var corpusFolders = []string{"rsshub", "rsshub2", "webposts", "webpages"}

// loadFolder reads every post of a corpus folder, and each post's body
// (what follows the front matter) for the html.Parse floor.
func loadFolder(b *testing.B, folder string) (posts, bodies [][]byte, size int64) {
	for _, path := range corpusFiles(b, folder) {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		_, body, _, _ := splitFrontMatter(string(src))
		posts = append(posts, src)
		bodies = append(bodies, []byte(body))
		size += int64(len(src))
	}
	return posts, bodies, size
}

// BenchmarkParse parses every post of each corpus folder per iteration.
// Compare with BenchmarkHTMLParse, the floor: x/net/html parsing the same
// bodies.
func BenchmarkParse(b *testing.B) {
	for _, folder := range corpusFolders {
		b.Run(folder, func(b *testing.B) {
			posts, _, size := loadFolder(b, folder)
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, p := range posts {
					if _, err := ParseBytes(p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkHTMLParse is the floor: html.Parse of the same bodies, with the
// same byte count as BenchmarkParse so that MB/s compare directly.
func BenchmarkHTMLParse(b *testing.B) {
	for _, folder := range corpusFolders {
		b.Run(folder, func(b *testing.B) {
			_, bodies, size := loadFolder(b, folder)
			b.SetBytes(size)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, body := range bodies {
					if _, err := html.Parse(bytes.NewReader(body)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkParseSeed parses the seed post.
func BenchmarkParseSeed(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("examples", "parse", "seed.md"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseBytes(src); err != nil {
			b.Fatal(err)
		}
	}
}
