package article

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSrcset(t *testing.T) {
	tests := []struct {
		in   string
		want []srcsetCandidate
	}{
		{"a.jpg 300w, b.jpg 600w", []srcsetCandidate{{url: "a.jpg", width: 300}, {url: "b.jpg", width: 600}}},
		{"a.jpg, b.jpg 2x", []srcsetCandidate{{url: "a.jpg"}, {url: "b.jpg", density: 2}}},
		{"a.jpg 1.5x,b.jpg 3x", []srcsetCandidate{{url: "a.jpg", density: 1.5}, {url: "b.jpg", density: 3}}},
		{"https://r.io/w_400,h_300/p.jpg 400w, https://r.io/w_800,h_600/p.jpg 800w",
			[]srcsetCandidate{{url: "https://r.io/w_400,h_300/p.jpg", width: 400}, {url: "https://r.io/w_800,h_600/p.jpg", width: 800}}},
		{"  ,, a.jpg  ", []srcsetCandidate{{url: "a.jpg"}}},
		{"data:image/gif;base64,R0lGOD 1x, b.jpg 2x", []srcsetCandidate{{url: "b.jpg", density: 2}}},
		{"a.jpg 100w (junk), b.jpg", []srcsetCandidate{{url: "a.jpg", width: 100}, {url: "b.jpg"}}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []srcsetCandidate
		parseSrcset(tt.in, func(c srcsetCandidate) { got = append(got, c) })
		assert.Equal(t, tt.want, got, "parseSrcset(%q)", tt.in)
	}
	c, ok := largestCandidate("s.jpg 300w, l.jpg 1200w, m.jpg 768w")
	require.True(t, ok)
	assert.Equal(t, "l.jpg", c.url)
	c, ok = largestCandidate("a.jpg, b.jpg 2x, c.jpg 1.5x")
	require.True(t, ok)
	assert.Equal(t, "b.jpg", c.url)
}

func TestDimension(t *testing.T) {
	tests := map[string]int{
		"576": 576, "576px": 576, " 42 ": 42, "10.5": 10, "50%": 0, "auto": 0, "": 0, "-3": 0, "99999999999": 0,
	}
	for in, want := range tests {
		assert.Equal(t, want, dimension(in), "dimension(%q)", in)
	}
}

func TestPlaceholderNames(t *testing.T) {
	for _, in := range []string{"https://x.com/blank.gif", "/img/spacer.GIF?v=1", "placeholder.png", "https://x.com/lazy.svg#a", "grey.gif"} {
		assert.True(t, isPlaceholderName(in), "isPlaceholderName(%q)", in)
	}
	for _, in := range []string{"https://x.com/photo.jpg", "https://img.youtube.com/vi/abc/default.jpg", "https://x.com/blanket.png", "https://x.com/"} {
		assert.False(t, isPlaceholderName(in), "isPlaceholderName(%q)", in)
	}
}

func TestHostOf(t *testing.T) {
	tests := map[string]string{
		"https://Example.COM:8080/a": "example.com",
		"http://user:pw@h.io/x?y#z":  "h.io",
		"https://[::1]:80/":          "[::1]",
		"/relative":                  "",
	}
	for in, want := range tests {
		assert.Equal(t, want, hostOf(in), "hostOf(%q)", in)
	}
}

func TestImageAttributes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Image
	}{
		{"lazy attribute wins over src", `<img src="https://x.com/ph.jpg" data-src="https://x.com/real.jpg">`, Image{URL: "https://x.com/real.jpg"}},
		{"data-original first", `<img data-src="https://x.com/b.jpg" data-original="https://x.com/a.jpg">`, Image{URL: "https://x.com/a.jpg"}},
		{"data URI skipped", `<img data-src="data:image/png;base64,AA" src="https://x.com/a.jpg">`, Image{URL: "https://x.com/a.jpg"}},
		{"srcset over src", `<img src="https://x.com/s.jpg" srcset="https://x.com/l.jpg 800w">`, Image{URL: "https://x.com/l.jpg", Width: 800}},
		{"srcset scales height", `<img srcset="https://x.com/l.jpg 800w" width="400" height="300">`, Image{URL: "https://x.com/l.jpg", Width: 800, Height: 600}},
		{"data-original size wins", `<img srcset="https://x.com/l.jpg 800w" data-original-width="2000" data-original-height="1000">`, Image{URL: "https://x.com/l.jpg", Width: 2000, Height: 1000}},
		{"alt and title collapsed", `<img src="https://x.com/a.jpg" alt="  two   words " title="t">`, Image{URL: "https://x.com/a.jpg", Alt: "two words", Title: "t"}},
		{"placeholder host flagged", `<img src="https://picsum.photos/200">`, Image{URL: "https://picsum.photos/200", Placeholder: true}},
		{"spaces escaped", `<img src="https://x.com/a b.jpg">`, Image{URL: "https://x.com/a%20b.jpg"}},
		{"upper-case scheme", `<img src="HTTPS://x.com/a.jpg">`, Image{URL: "https://x.com/a.jpg"}},
		{"unwrapped keeps source", `<img src="https://cors.x.workers.dev/?http://o.com/a.jpg">`, Image{URL: "http://o.com/a.jpg", SourceURL: "https://cors.x.workers.dev/?http://o.com/a.jpg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader(tt.in))
			require.NoError(t, err)
			require.Len(t, a.Images, 1)
			assert.Equal(t, tt.want, a.Images[0])
		})
	}
	for _, in := range []string{
		`<img src="https://x.com/t.gif" width="1" height="1">`,
		`<img src="https://x.com/blank.gif">`,
		`<img src="javascript:alert(1)">`,
		`<img src="data:image/png;base64,AA">`,
		`<img>`,
	} {
		a, err := Parse(strings.NewReader(in))
		require.NoError(t, err)
		assert.Empty(t, a.Images, "Parse(%q)", in)
	}
}

// TestCoverURLRemembered checks that the cover, whose URL Parse resolves
// once and reuses for the body's images, comes out as it would on its own:
// against the base that holds when it is used, unwrapped, and with the size
// of the body image it names.
func TestCoverURLRemembered(t *testing.T) {
	const proxied = "https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202202/a_1024.jpg"
	tests := []struct {
		name, post string
		opts       []Option
		wantCover  Image
		wantImages int
	}{
		{
			name:      "cover is the first image, behind a proxy",
			post:      "---\ntitle: t\ncover: " + proxied + "\n---\n<p>x</p><img src=\"" + proxied + "\" width=\"576\" height=\"1024\"><img src=\"" + proxied + "\">",
			wantCover: Image{URL: "http://zkres2.myzaker.com/202202/a_1024.jpg", SourceURL: proxied, Width: 576, Height: 1024},
			// the same URL twice is one image in Images
			wantImages: 1,
		},
		{
			name:       "relative cover, base from <base href> of the page",
			post:       "---\ntitle: t\ncover: /img/c.jpg\n---\n<html><head><base href=\"https://a.example/x/\"></head><body><p>x</p><img src=\"/img/c.jpg\"></body></html>",
			wantCover:  Image{URL: "https://a.example/img/c.jpg"},
			wantImages: 1,
		},
		{
			name:       "relative cover, base from the option",
			post:       "---\ntitle: t\ncover: c.jpg\n---\n<p>x</p><img src=\"c.jpg\"><img src=\"d.jpg\">",
			opts:       []Option{WithBaseURL("https://b.example/p/")},
			wantCover:  Image{URL: "https://b.example/p/c.jpg"},
			wantImages: 2,
		},
		{
			name:       "cover not in the body",
			post:       "---\ntitle: t\ncover: https://c.example/cover.png\n---\n<p>x</p><img src=\"https://c.example/other.png\">",
			wantCover:  Image{URL: "https://c.example/cover.png"},
			wantImages: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader(tt.post), tt.opts...)
			require.NoError(t, err)
			require.NotNil(t, a.Cover)
			assert.Equal(t, tt.wantCover, *a.Cover)
			assert.Len(t, a.Images, tt.wantImages)
			if len(a.Images) > 0 && a.Images[0].URL == a.Cover.URL {
				assert.Equal(t, a.Images[0].SourceURL, a.Cover.SourceURL)
			}
		})
	}
}
