//go:build !race

package zoomsig

const raceEnabled = false
