package article

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSizeLimit(t *testing.T) {
	post := "<p>" + strings.Repeat("a", 100) + "</p>"
	_, err := Parse(strings.NewReader(post), WithMaxBytes(50))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Equal(t, "article: input exceeds the size limit", err.Error())

	// Exactly at the limit is fine.
	a, err := Parse(strings.NewReader(post), WithMaxBytes(int64(len(post))))
	require.NoError(t, err)
	assert.Len(t, a.Blocks, 1)

	_, err = ParseBytes([]byte(post), WithMaxBytes(50))
	assert.ErrorIs(t, err, ErrTooLarge)

	// The reader is not read past the limit.
	r := &countingReader{r: strings.NewReader(strings.Repeat("x", 1<<20))}
	_, err = Parse(r, WithMaxBytes(1000))
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.LessOrEqual(t, r.n, 1001+512)
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	if len(p) > 512 {
		p = p[:512]
	}
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := Parse(iotest.ErrReader(boom))
	assert.ErrorIs(t, err, boom)
	var e *Error
	assert.ErrorAs(t, err, &e)
}

func TestParseFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "post.md")
	require.NoError(t, os.WriteFile(path, []byte("---\ntitle: From a file\n---\n<p>x</p>"), 0o644))
	a, err := ParseFile(path)
	require.NoError(t, err)
	assert.Equal(t, "From a file", a.Title)

	_, err = ParseFile(filepath.Join(dir, "missing.md"))
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, filepath.Join(dir, "missing.md"), e.Path)
	assert.ErrorIs(t, err, os.ErrNotExist)

	_, err = ParseFile(path, WithMaxBytes(5))
	require.ErrorAs(t, err, &e)
	assert.Equal(t, path, e.Path)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Contains(t, err.Error(), path)
}

func TestOptionErrors(t *testing.T) {
	for _, base := range []string{"not a url", "/relative", "ftp://x.com/", "https://"} {
		_, err := Parse(strings.NewReader("<p>x</p>"), WithBaseURL(base))
		assert.ErrorIs(t, err, ErrOption, "WithBaseURL(%q)", base)
	}
	_, err := Parse(strings.NewReader("<p>x</p>"), WithBaseURL("https://ok.example.com/"), nil)
	assert.NoError(t, err, "a nil option is ignored")
}

func TestStrict(t *testing.T) {
	bad := "---\ntitle: x\ndate: Invalid Date\n---\n<p>x</p>"
	a, err := Parse(strings.NewReader(bad))
	require.NoError(t, err)
	require.Len(t, a.Warnings, 1)

	_, err = Parse(strings.NewReader(bad), WithStrict(true))
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrMalformed)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 3, e.Line)
	assert.Equal(t, WarnDate, e.Code)

	// A declared or detected charset is not a fault.
	gbk := []byte("<meta charset=\"gbk\"><p>\xd6\xd0\xce\xc4</p>")
	a, err = ParseBytes(gbk, WithStrict(true))
	require.NoError(t, err)
	assert.Equal(t, "中文", a.Blocks[0].Text)
}

func TestDefaultLocationNil(t *testing.T) {
	a, err := Parse(strings.NewReader("---\ndate: 2021-01-02 03:04:05\n---\n"), WithDefaultLocation(nil))
	require.NoError(t, err)
	assert.Equal(t, "2021-01-02T03:04:05Z", a.Date.Format("2006-01-02T15:04:05Z07:00"))
}

func TestWithUnwrapperNil(t *testing.T) {
	in := `<img src="https://cors.x.workers.dev/?http://o.com/a.jpg">`
	a, err := Parse(strings.NewReader(in), WithUnwrapper(nil))
	require.NoError(t, err)
	assert.Equal(t, "https://cors.x.workers.dev/?http://o.com/a.jpg", a.Images[0].URL)
	assert.Empty(t, a.Images[0].SourceURL)
}

// TestConcurrentParse runs Parse from many goroutines; run with -race.
func TestConcurrentParse(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("examples", "parse", "seed.md"))
	require.NoError(t, err)
	want, err := ParseBytes(seed)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				a, err := ParseBytes(seed)
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, want.HTML(), a.HTML())
			}
		}()
	}
	wg.Wait()
}

func TestSeed(t *testing.T) {
	a, err := ParseFile(filepath.Join("examples", "parse", "seed.md"))
	require.NoError(t, err)
	assert.Equal(t, "中俄元首通话，重点就这件大事交换意见", a.Title)
	assert.Equal(t, []string{"新媒体", "ZAKER", "source"}, a.Categories)
	require.Len(t, a.Images, 5)
	for _, im := range a.Images {
		assert.True(t, strings.HasPrefix(im.URL, "http://zkres"), im.URL)
		assert.Equal(t, 576, im.Width)
		assert.Equal(t, 1024, im.Height)
	}
	require.NotNil(t, a.Cover)
	assert.Equal(t, "http://zkres2.myzaker.com/202202/6219728b8e9f091aa2110700_1024.jpg", a.Cover.URL)
	assert.Equal(t, "https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202202/6219728b8e9f091aa2110700_1024.jpg", a.Cover.SourceURL)
	h := a.HTML()
	assert.NotContains(t, h, "onclick")
	assert.NotContains(t, h, "<p></p>")
	assert.Contains(t, a.Paragraphs(), "更多内容，请看通稿")
}
