// Package redisstore shares zoomsig's join tokens and rate limits among
// replicas through Redis (github.com/redis/go-redis/v9).
//
// A [Store] is a [zoomsig.TokenStore]: give it to zoomsig.NewTokenCache
// as TokenCacheConfig.Store, and one fetch from Zoom serves every replica
// (Zoom counts its REST rate limits per account, and advises one central
// token cache). Its [Store.Limiter] is a per-client rate limit that holds
// across replicas (GCRA, github.com/go-redis/redis_rate/v10), and its
// [Store.AccountGate] the pace of calls to Zoom and the hold after Zoom's
// 429 that every replica of one Zoom account shares.
//
// # What Redis sees
//
// Key names are the prefix (default "zoomsig:"), a kind and an
// HMAC-SHA256: never a user, an email address, a meeting number or a
// client address. Values are sealed with AES-256-GCM, bound to their key
// name, so that someone who can read Redis cannot start meetings, nor move
// a value to another key. Both keys are derived with HKDF-SHA256 from
// Config.Secret (the server-to-server OAuth app's client secret), which
// every replica shares. A value that does not open is a miss, never an
// error. A fetch's lease is SET NX PX with a random ID, given back only by
// its holder.
//
// # When Redis fails
//
// Each call is bounded (Config.Timeout, 100 ms by default). The first
// failure logs one warning and starts a probe; until Redis answers it,
// calls return [ErrUnavailable] at once, and callers go on alone: the
// token cache keeps tokens in its process, the command limits each client
// locally. When the probe is answered, one line says so and calls go to
// Redis again.
package redisstore
