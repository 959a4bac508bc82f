# syntax=docker/dockerfile:1
# Huiju as an image: `docker build -t huiju .`, then `docker run huiju <command>` (ENTRYPOINT is the
# `huiju` command; default `start`). compose.yaml runs the distributed topology from it.
#
#   build    all dependencies (esbuild, TypeScript types) + sources → dist/ (`npm run build`)
#   deps     production dependencies only
#   runtime  node + production node_modules + dist/, as the unprivileged user `node`
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# scripts off: `prepare` would build before the sources are here; the build runs below
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY bin ./bin
COPY scripts/build.mjs scripts/hub-bundle.mjs ./scripts/
COPY src ./src
COPY connectors ./connectors
COPY migrations ./migrations
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: V8's young generation as `npm start` sizes it (README, Deploy: "Young generation")
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=64 \
    HOST=0.0.0.0 \
    PORT=4000 \
    HUIJU_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY schema ./schema
COPY bin/huiju.mjs bin/dist-status.mjs ./bin/
COPY --from=build /app/dist ./dist
# /data: the embedded store when no DATABASE_URL is given; .huiju: the playground bundle's cache
RUN mkdir -p /data /app/.huiju && chown node:node /data /app/.huiju
USER node
EXPOSE 4000
# liveness of `huiju start` on PORT (compose overrides it for workers, the relay and migrate)
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 4000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/huiju.mjs"]
CMD ["start"]
