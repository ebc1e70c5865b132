# Container image of the platform (docs/deployment.md). Two stages: the build stage installs all
# dependencies and compiles dist/ (scripts/build.mjs); the runtime stage has only the production
# dependencies, dist/, the migrations and the static files, and runs as the unprivileged `node`
# user with tini as PID 1, which passes SIGTERM on to node and reaps zombies.
#
# Built and run exactly with the commands the tests exercise: `node dist/server.js` (the server),
# `node dist/cli.js migrate` (migrations only). The official data is mounted, never copied in.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependency install scripts are not needed: esbuild and argon2 come as prebuilt platform packages.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY src src
RUN node scripts/build.mjs && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
# tini: PID 1; postgresql-client: pg_dump/pg_restore for `cli backup` in PostgreSQL mode.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini postgresql-client \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/digitales-amt \
    OFFICIAL_DATA_DIR=/srv/amtliche-daten
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY migrations migrations
COPY public public
RUN mkdir -p /var/lib/digitales-amt && chown node:node /var/lib/digitales-amt
USER node
EXPOSE 3000
VOLUME ["/var/lib/digitales-amt"]
# Liveness: 200 while the process runs, also during a long first start (readiness is /healthz).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/server.js"]
