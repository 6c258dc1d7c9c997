package redisstore_test

import (
	"context"
	"log/slog"
	"os"

	"github.com/redis/go-redis/v9"
	"github.com/zoomsig/zoomsig"
	"github.com/zoomsig/zoomsig/redisstore"
)

// Replicas that share a Redis share each host's ZAK: one fetch from Zoom
// serves them all, and a Redis that fails costs them nothing but that
// sharing.
func ExampleNew() {
	ctx := context.Background()
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	redisstore.RouteLogs(logger)
	opts, err := redis.ParseURL(os.Getenv("REDIS_URL")) // redis:// or rediss://
	if err != nil {
		logger.Error("REDIS_URL is not a Redis URL")
		return
	}
	store, err := redisstore.New(ctx, redisstore.Config{
		Options: opts,
		Secret:  []byte(os.Getenv("ZOOM_CLIENT_SECRET")), // the keys' and values' keys derive from it
		Logger:  logger,
	})
	if err != nil {
		logger.Error("redis store", "error", err)
		return
	}
	defer store.Close()
	cache, err := zoomsig.NewTokenCache(zoomsig.TokenCacheConfig{App: os.Getenv("ZOOM_CLIENT_ID"), Store: store})
	if err != nil {
		logger.Error("token cache", "error", err)
		return
	}
	_ = cache // cache.UserToken(ctx, s2sClient, "host@example.com", zoomsig.TokenZAK)
}
