# syntax=docker/dockerfile:1
# Madoguchi: multi-stage build. The build stage installs everything (dev dependencies are needed
# for `tsc`, and rimraf for botbuilder-dialogs' postinstall), compiles to dist/, then prunes dev
# dependencies; the runtime stage copies the result and runs as an unprivileged user.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# botbuilder-dialogs' postinstall runs `npx rimraf`; npx must not prompt in a non-interactive build.
ENV npm_config_yes=true \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# `npm prune` removes dev dependencies without running install scripts again.
RUN npm run build \
 && npm prune --omit=dev \
 && rm -rf test bench .ci

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/data \
    LOG_LEVEL=info
WORKDIR /app
RUN groupadd --system --gid 10001 madoguchi \
 && useradd --system --uid 10001 --gid madoguchi --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin madoguchi \
 && mkdir -p /data \
 && chown madoguchi:madoguchi /data
# The application is owned by root and read-only for the service user; only /data is writable.
# Migrations, locales, web chat assets and the sample knowledge base are read from the source
# folders beside dist/, so the whole tree is copied.
COPY --from=build /app /app
USER madoguchi:madoguchi
VOLUME ["/data"]
EXPOSE 3978
# The slim image has no curl: Node's fetch probes the liveness endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/madoguchi.js"]
CMD ["serve"]
