// Command compare times article.Parse side by side with html.Parse (the
// floor), a model of the least work that turns a parse tree into blocks
// (see model.go), and the libraries people use for the same jobs, over each
// folder of the corpus. It interleaves the candidates round by round, so that the
// machine's noise falls on all of them alike, and reports medians.
//
//	go run ./cmd/compare [-corpus DIR] [-rounds N] [-min 50ms] [-folders rsshub,webposts,webpages]
//
// Each measurement collects the garbage first and runs whole passes over
// the folder for at least -min, so that a short folder is not timed by one
// pass of a few milliseconds.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"github.com/adrg/frontmatter"
	"github.com/articlekit/article"
	"github.com/markusmobius/go-trafilatura"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

type post struct {
	src  []byte // the whole file
	body []byte // after the front matter
}

type candidate struct {
	name string
	run  func(p post) error
}

func main() {
	corpus := flag.String("corpus", filepath.Join("..", "..", "shared", "corpus"), "corpus `dir`")
	rounds := flag.Int("rounds", 10, "rounds per candidate; medians are reported")
	minTime := flag.Duration("min", 50*time.Millisecond, "least time of one measurement: short folders run several passes and report one pass's share")
	folders := flag.String("folders", "rsshub,webposts,webpages", "comma-separated corpus folders")
	only := flag.String("only", "", "comma-separated candidate names to run (default all)")
	flag.Parse()

	pageURL, _ := url.Parse("https://example.com/post")
	ugc := bluemonday.UGCPolicy()
	candidates := []candidate{
		{"html.Parse (floor)", func(p post) error { _, err := html.Parse(bytes.NewReader(p.body)); return err }},
		{"frontmatter+html.Parse", func(p post) error {
			var m map[string]any
			body, err := frontmatter.Parse(bytes.NewReader(p.src), &m)
			if err != nil {
				body = p.src
			}
			_, err = html.Parse(bytes.NewReader(body))
			return err
		}},
		{"model: html.Parse+text walk", func(p post) error { _, err := model(p.body); return err }},
		{"article.Parse", func(p post) error { _, err := article.ParseBytes(p.src); return err }},
		{"article.Parse+json", func(p post) error {
			a, err := article.ParseBytes(p.src)
			if err != nil {
				return err
			}
			_, err = json.Marshal(a)
			return err
		}},
		{"go-readability", func(p post) error {
			_, err := readability.FromReader(bytes.NewReader(p.body), pageURL)
			if err != nil && strings.Contains(err.Error(), "failed to") {
				return nil // no article found is a result, not a failure
			}
			return nil
		}},
		{"go-trafilatura", func(p post) error {
			_, _ = trafilatura.Extract(bytes.NewReader(p.body), trafilatura.Options{OriginalURL: pageURL})
			return nil
		}},
		{"bluemonday UGC", func(p post) error { ugc.SanitizeBytes(p.body); return nil }},
		{"html-to-markdown v2", func(p post) error { _, err := htmltomarkdown.ConvertString(string(p.body)); return err }},
	}
	if *only != "" {
		keep := strings.Split(*only, ",")
		candidates = slices.DeleteFunc(candidates, func(c candidate) bool {
			for _, k := range keep {
				if strings.Contains(c.name, k) {
					return false
				}
			}
			return true
		})
	}

	fmt.Printf("go %s, %s/%s, GOMAXPROCS=%d, %d rounds, medians\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), *rounds)
	for _, folder := range strings.Split(*folders, ",") {
		posts, size, err := load(filepath.Join(*corpus, folder))
		if err != nil {
			fmt.Fprintln(os.Stderr, "compare:", err)
			os.Exit(1)
		}
		times := make([][]time.Duration, len(candidates))
		allocs := make([][]uint64, len(candidates))
		for r := -1; r < *rounds; r++ { // round -1 warms up
			for i, c := range candidates {
				d, n, err := measure(c, posts, *minTime)
				if err != nil {
					fmt.Fprintf(os.Stderr, "compare: %s: %v\n", c.name, err)
					os.Exit(1)
				}
				if r >= 0 {
					times[i] = append(times[i], d)
					allocs[i] = append(allocs[i], n)
				}
			}
		}
		fmt.Printf("\n%s: %d posts, %.2f MB\n", folder, len(posts), float64(size)/1e6)
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "candidate\tms/pass\tMB/s\tallocs/pass\ttime vs floor\tallocs vs floor\t")
		floorT, floorA := median(times[0]), medianU(allocs[0])
		for i, c := range candidates {
			t, a := median(times[i]), medianU(allocs[i])
			fmt.Fprintf(tw, "%s\t%.2f\t%.1f\t%d\t%.2fx\t%.2fx\t\n", c.name,
				float64(t)/1e6, float64(size)/1e6/t.Seconds(), a, float64(t)/float64(floorT), float64(a)/float64(floorA))
		}
		tw.Flush()
	}
}

func load(dir string) ([]post, int64, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		return nil, 0, fmt.Errorf("no posts in %s", dir)
	}
	var posts []post
	var size int64
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, 0, err
		}
		var m map[string]any
		body, err := frontmatter.Parse(bytes.NewReader(src), &m)
		if err != nil {
			body = src
		}
		posts = append(posts, post{src: src, body: body})
		size += int64(len(src))
	}
	return posts, size, nil
}

// measure runs c over every post, pass after pass until minTime has gone
// by, and returns the time and the number of heap allocations of one pass.
// It collects the garbage first, so that no candidate pays for the one
// before it; each pays for its own garbage as it goes.
func measure(c candidate, posts []post, minTime time.Duration) (time.Duration, uint64, error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	passes := 0
	for passes == 0 || time.Since(start) < minTime {
		for _, p := range posts {
			if err := c.run(p); err != nil {
				return 0, 0, err
			}
		}
		passes++
	}
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d / time.Duration(passes), (after.Mallocs - before.Mallocs) / uint64(passes), nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func medianU(d []uint64) uint64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
