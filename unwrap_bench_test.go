package article

import "testing"

// noMatchURLs are typical image and link URLs that no rule matches: the
// common case, which must stay under 100 ns and allocate nothing.
var noMatchURLs = []string{
	"https://cdn.example.com/uploads/2022/03/photo-1024x768.jpg?v=3",
	"https://zkres1.myzaker.com/202206/62a1973a8e9f091def639698_1024.jpg",
	"https://upload.wikimedia.org/wikipedia/commons/thumb/1/13/Benedict_Cumberbatch_2011.png/440px-Benedict_Cumberbatch_2011.png",
	"https://img.shields.io/endpoint?url=https%3A%2F%2Fa.example%2Fbadge.json",
	"https://raw.githubusercontent.com/user/repo/main/http/server.png",
	"https://www.example.com/2022/02/25/some-article-title/",
	"/images/relative.png",
}

func BenchmarkUnwrapNoMatch(b *testing.B) {
	b.ReportAllocs()
	in := noMatchURLs[0]
	for b.Loop() {
		Unwrap(in)
	}
}

func BenchmarkUnwrapNoMatchMixed(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Unwrap(noMatchURLs[i%len(noMatchURLs)])
	}
}

func BenchmarkUnwrapLinkNoMatch(b *testing.B) {
	b.ReportAllocs()
	in := noMatchURLs[5]
	for b.Loop() {
		UnwrapLink(in)
	}
}

// BenchmarkUnwrapMatch is the seed's CORS worker, the typical match.
func BenchmarkUnwrapMatch(b *testing.B) {
	b.ReportAllocs()
	in := "https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/202202/6219728b8e9f091aa2110700_1024.jpg"
	for b.Loop() {
		Unwrap(in)
	}
}

func BenchmarkUnwrapMatchPhoton(b *testing.B) {
	b.ReportAllocs()
	in := "https://i2.wp.com/9to5mac.com/wp-content/uploads/sites/6/2021/09/Gary-Wipfler.jpg?resize=1200%2C628&quality=82&strip=all&ssl=1"
	for b.Loop() {
		Unwrap(in)
	}
}

func BenchmarkUnwrapMatchNested(b *testing.B) {
	b.ReportAllocs()
	in := "https://external-content.duckduckgo.com/iu/?u=https%3A%2F%2Fwsrv.nl%2F%3Furl%3Dssl%3Aa.example%2Fx.jpg%26w%3D300&f=1"
	for b.Loop() {
		Unwrap(in)
	}
}
