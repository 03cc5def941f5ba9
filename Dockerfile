# syntax=docker/dockerfile:1
# The Portal server image: exactly the artifact `pnpm artifact` builds (pnpm deploy --prod of
# packages/server, tested in CI by packages/server/src/entry-points/artifact.test.ts), on Node 24 and
# Debian 12 slim.
# CI builds this file unchanged with podman, over stand-ins for the base images, and runs the image
# (tooling/containers; docs/operating.md says what those tests prove).

FROM node:24-bookworm-slim AS build
WORKDIR /src
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm artifact

# Node's symbol table and debug information (18 MB of its 127 MB) serve native debuggers and profilers, not
# the server; strip keeps the dynamic symbols that native addons (sharp) link against.
FROM node:24-bookworm-slim AS node-runtime
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils >/dev/null \
 && strip /usr/local/bin/node && node --version

# The runtime: Debian 12 slim and the node binary of the stage that built the artifact (the same Node 24),
# without npm, pnpm or Node's headers, which the server never uses.
FROM debian:bookworm-slim
COPY --from=node-runtime /usr/local/bin/node /usr/local/bin/node
# The user the node image documents (uid and gid 1000), so that volumes and policies written for it still
# apply; -l: no lastlog entry, whose sparse file would be stored in full in the layer.
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home -l node \
 && node --version
ENV NODE_ENV=production \
    PORT=8080 \
    METRICS_PORT=9464 \
    # Nothing is written in production (PostgreSQL, SMTP, JWT_SECRET); DATA_DIR points at a tmpfs anyway,
    # so the image runs with a read-only root filesystem.
    DATA_DIR=/tmp/portal
WORKDIR /app
# Owned by root and not writable by the user the server runs as.
COPY --from=build /src/.artifact/portal-server /app
USER node
# The API only. The metrics (METRICS_PORT) listen on the container's loopback: some series are for operators
# alone (docs/operating.md); METRICS_HOST=0.0.0.0 with the port reachable from the operators' network only.
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The migrations are a step of their own: `docker run IMAGE node dist/entry-points/portal-admin.js migrate`.
# The outbox worker: `node dist/entry-points/outbox-worker.js`.
CMD ["node", "dist/entry-points/server.js"]
