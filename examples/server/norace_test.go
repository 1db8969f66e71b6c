//go:build !race

package main

// raceEnabled is true when the tests run with the race detector, which
// slows parsing about tenfold: the load test runs shorter.
const raceEnabled = false
