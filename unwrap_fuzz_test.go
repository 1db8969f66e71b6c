package article

import "testing"

// FuzzUnwrap checks the guarantees on any input: no panic; the result is
// the input unchanged or a canonical absolute http(s) URL; and unwrapping
// the result again changes nothing. It checks UnwrapLink the same way.
func FuzzUnwrap(f *testing.F) {
	for _, tt := range imageTests {
		f.Add(tt.in)
	}
	for _, tt := range linkTests {
		f.Add(tt.in)
	}
	for _, in := range notProxies {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, fn := range []struct {
			name string
			f    func(string) string
		}{{"Unwrap", Unwrap}, {"UnwrapLink", UnwrapLink}} {
			got := fn.f(in)
			if got == in {
				continue
			}
			if err := checkAbsoluteHTTP(got); err != nil {
				t.Fatalf("%s(%q) = %q: %v", fn.name, in, got, err)
			}
			if again := fn.f(got); again != got {
				t.Fatalf("%s is not idempotent on %q:\n once  %q\n twice %q", fn.name, in, got, again)
			}
		}
	})
}
