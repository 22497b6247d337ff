# syntax=docker/dockerfile:1
# The same service built to pass every level-1 control.
FROM debian:12.7-slim@sha256:36e591f228bb9b99348f584e83f16e012c33ba5cad44ef5981a1d7c0a93eca22 AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=secret,id=npm_token \
    curl -fsSL --proto '=https' https://example.com/app.tar.gz -o /tmp/app.tar.gz \
 && mkdir -p /out && tar -xzf /tmp/app.tar.gz -C /out

FROM debian:12.7-slim@sha256:36e591f228bb9b99348f584e83f16e012c33ba5cad44ef5981a1d7c0a93eca22
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin app
COPY --from=build --chown=10001:10001 /out /app
WORKDIR /app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"]
USER 10001:10001
ENTRYPOINT ["/app/server"]
