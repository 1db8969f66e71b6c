//go:build race

package main

// raceEnabled is true when the tests run with the race detector, which
// makes parsing about ten times slower: the long tests run shorter.
const raceEnabled = true
