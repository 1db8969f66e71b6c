package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runParse(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestSeedByDefault(t *testing.T) {
	code, out, errs := runParse(t, "")
	require.Equal(t, 0, code, errs)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Equal(t, "中俄元首通话，重点就这件大事交换意见", got["title"])
	images := got["images"].([]any)
	require.Len(t, images, 5)
	first := images[0].(map[string]any)
	assert.Equal(t, "http://zkres2.myzaker.com/202202/6219728b8e9f091aa2110700_1024.jpg", first["url"])
	assert.EqualValues(t, 576, first["width"])
	assert.EqualValues(t, 1024, first["height"])
	assert.NotContains(t, out, "onclick")
	assert.NotContains(t, out, "<p></p>")
	assert.True(t, strings.HasPrefix(out, "{\n  \"title\""), "indented JSON")
}

func TestFormats(t *testing.T) {
	code, out, _ := runParse(t, "", "-format", "html")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "<p>"))
	code, out, _ = runParse(t, "", "-format", "text")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "国家主席习近平"))
	code, out, _ = runParse(t, "", "-format", "markdown")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "国家主席习近平"))
	assert.Contains(t, out, "\n![](http://zkres2.myzaker.com/202202/6219728b8e9f091aa2110700_1024.jpg)\n")
	assert.Contains(t, out, "\n**更多内容，请看通稿**\n")
}

func TestStdinAndFile(t *testing.T) {
	code, out, _ := runParse(t, "<p>from stdin</p>", "-format", "text", "-")
	require.Equal(t, 0, code)
	assert.Equal(t, "from stdin\n", out)

	path := filepath.Join(t.TempDir(), "p.md")
	require.NoError(t, os.WriteFile(path, []byte("---\ndate: 2021-03-29 00:26:58\n---\n<img src=\"/a.png\">"), 0o644))
	code, out, _ = runParse(t, "", "-base", "https://example.com/", "-tz", "Asia/Shanghai", path)
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"date": "2021-03-29T00:26:58+08:00"`)
	assert.Contains(t, out, `"url": "https://example.com/a.png"`)
}

func TestExitCodes(t *testing.T) {
	code, _, errs := runParse(t, "", filepath.Join(t.TempDir(), "missing.md"))
	assert.Equal(t, 1, code)
	assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)
	assert.Contains(t, errs, "missing.md")

	big := filepath.Join(t.TempDir(), "big.md")
	require.NoError(t, os.WriteFile(big, bytes.Repeat([]byte("a"), 16<<20+1), 0o644))
	code, _, errs = runParse(t, "", big)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs, "size limit")
	assert.Equal(t, 1, strings.Count(errs, "\n"), "one line: %q", errs)

	for _, args := range [][]string{
		{"-format", "yaml"},
		{"-tz", "Nowhere/Nothing"},
		{"-base", "not-a-url"},
		{"a.md", "b.md"},
		{"-no-such-flag"},
	} {
		code, _, _ := runParse(t, "", args...)
		assert.Equal(t, 2, code, "args %q", args)
	}
}
