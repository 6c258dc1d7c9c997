package zoomsig

// Options of Audit.

// WithVideoEndpoint audits a Video SDK endpoint (the JSON of Zoom's
// videosdk-auth-endpoint-sample) instead of a Meeting SDK one. The
// meetingless-token probe does not apply to it.
// Applies to: Audit.
func WithVideoEndpoint(video bool) Option {
	return func(cfg *config) { cfg.set |= optVideoEndpoint; cfg.video = video }
}

// WithProbeOrigin sets the foreign origin the audit's requests claim to
// come from (scheme://host[:port]); the default is [DefaultProbeOrigin].
// An endpoint that allows it, or every origin, is open-cors.
// Applies to: Audit.
func WithProbeOrigin(origin string) Option {
	return func(cfg *config) {
		cfg.set |= optProbeOrigin
		if !isOrigin(origin) {
			cfg.fail("probe origin %q is not an origin (scheme://host[:port], no path)", clip(origin))
		}
		cfg.probeOrigin = origin
	}
}

// WithProbeRequests sets how many requests the rate probe sends in a quick
// burst; the default is [DefaultProbeRequests], 0 skips the probe. Audit
// only endpoints you may test.
// Applies to: Audit.
func WithProbeRequests(n int) Option {
	return func(cfg *config) {
		cfg.set |= optProbeRequests
		if n < 0 || n > 10000 {
			cfg.fail("probe requests %d is outside 0..10000", n)
		}
		cfg.probeRequests = n
	}
}
