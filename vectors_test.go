package zoomsig

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// legacyVector is one line of testdata/legacy_vectors.tsv: a case and the
// signature the real sample program printed for it.
type legacyVector struct {
	id        string
	dialect   Dialect
	key       string
	secret    string
	meeting   string
	role      Role
	at        time.Time // the pinned clock
	signature string
}

func (v legacyVector) name() string { return v.id + "-" + v.dialect.String() }

// loadLegacyVectors reads the committed golden vectors and fails the test
// if none load, so a missing or emptied file cannot pass silently.
func loadLegacyVectors(tb testing.TB) []legacyVector {
	tb.Helper()
	f, err := os.Open("testdata/legacy_vectors.tsv")
	require.NoError(tb, err)
	defer f.Close()
	var vs []legacyVector
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		c := strings.Split(line, "\t")
		require.Len(tb, c, 9, "line %q", line)
		d, err := ParseDialect(c[1])
		require.NoError(tb, err)
		role, err := strconv.Atoi(c[5])
		require.NoError(tb, err)
		sec, err := strconv.ParseInt(c[6], 10, 64)
		require.NoError(tb, err)
		nsec, err := strconv.ParseInt(c[7], 10, 64)
		require.NoError(tb, err)
		vs = append(vs, legacyVector{c[0], d, c[2], c[3], c[4], Role(role), time.Unix(sec, nsec), c[8]})
	}
	require.NoError(tb, sc.Err())
	require.NotEmpty(tb, vs, "no golden vectors loaded")
	return vs
}
