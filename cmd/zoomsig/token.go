package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/zoomsig/zoomsig"
)

const tokenUsage = `token zak --user USER [--zak-ttl D] [--zoom-api URL] [--zoom-oauth URL]

Prints the ZAK of a Zoom user, fetched with a server-to-server OAuth app's
credentials from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET
(for debugging: the ZAK starts any of that user's meetings).`

func runToken(args []string, io stdio) error {
	fs := newFlagSet("token", tokenUsage, io.errOut)
	user := fs.String("user", "", "the Zoom `USER`: me, an email, or a user ID")
	var z zoomFlags
	z.register(fs)
	pos, err := parseFlags(fs, args)
	if err == nil {
		err = wantArgs(fs, pos, 1, 1)
	}
	if err != nil {
		return err
	}
	if pos[0] != "zak" {
		return usageError("token: unknown kind %q (zak is the one there is)", pos[0])
	}
	if *user == "" {
		return usageError("token zak needs --user")
	}
	for _, w := range z.deprecations() {
		fmt.Fprintln(io.errOut, "zoomsig: warning: "+w)
	}
	zc, err := newZoomClient(&z)
	if err != nil {
		return usageUnlessMarked(err) // credentials
	}
	zc.regions.warn = func(msg string) { fmt.Fprintln(io.errOut, "zoomsig: warning: "+msg) }
	zak, err := zc.zak(context.Background(), *user)
	var refused *zoomsig.ZoomAPIError
	switch {
	case errors.Is(err, zoomsig.ErrInvalidOption):
		return asUsage(err)
	case errors.As(err, &refused) && refused.Status >= 400 && refused.Status < 500:
		return err // Zoom refused: exit 1
	case err != nil:
		return unavailable(err)
	}
	fmt.Fprintln(io.out, zak)
	return nil
}
