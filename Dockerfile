# zoomsig serve in a container: a static binary on distroless, run as a
# non-root user, the secret read from a mounted file.
#
#   docker build -t zoomsig .
#   docker run --rm -p 4000:4000 -e ZOOM_SDK_KEY="$KEY" \
#     --mount type=bind,src="$PWD/zoom_sdk_secret",dst=/run/secrets/zoom_sdk_secret,readonly \
#     zoomsig serve --secret-file /run/secrets/zoom_sdk_secret --max-expiry 2h \
#       --allow-origin https://app.example.com
#
# No image is built in CI (no container runtime there): .ci/run parses this
# file instead (deploy/deploy_test.go), and fails unless the build stage's
# environment and go build flags are CI's release build's
# (.ci/release-flags) and the final stage runs as a numeric non-root USER.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
# With .git in the context, the toolchain records the commit and a
# pseudo-version, which `zoomsig version` prints.
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/zoomsig ./cmd/zoomsig

# distroless/static: CA certificates (for --host-user's calls to Zoom),
# /etc/passwd with nonroot (65532), tzdata; no shell, no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/zoomsig /usr/local/bin/zoomsig
USER 65532:65532
# serve listens on :$PORT when PORT is set: every interface of the
# container. A platform that sets PORT itself (Cloud Run, Heroku) wins.
ENV PORT=4000
EXPOSE 4000
# No HEALTHCHECK: the image has no shell or curl to run one. Orchestrators
# probe GET /healthz on the port instead (200 while serving), e.g. a
# Kubernetes httpGet liveness/readiness probe.
ENTRYPOINT ["/usr/local/bin/zoomsig"]
CMD ["serve", "--secret-file", "/run/secrets/zoom_sdk_secret", "--max-expiry", "2h"]
