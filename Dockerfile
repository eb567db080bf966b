# obs-report in a container: `obs-report run <job>` once (a Kubernetes CronJob) or
# `obs-report schedule` (the daemon). Node LTS on Debian slim, Debian's Chromium for PDF,
# fonts for Latin, CJK and emoji text, a non-root user. The config and custom templates are
# mounted (/config, /templates); outputs and the delivery ledger go to /data (a volume).
#
#   docker build -t obs-report .
#   docker run --rm -v "$PWD/out:/data/out" obs-report generate --app dice --format pdf --demo
#   docker run --init -v "$PWD/reports.config.yaml:/config/reports.config.yaml:ro" -v obs-data:/data obs-report schedule

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

FROM node:20-bookworm-slim
# chromium-headless-shell (Debian's Chromium without the browser around it) prints PDFs;
# fonts-noto-cjk and fonts-noto-color-emoji draw Chinese, Japanese, Korean and emoji in app,
# feature and user names; dejavu and liberation cover the rest.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      chromium-headless-shell \
      fonts-dejavu-core fonts-liberation fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium-headless-shell \
    PUPPETEER_SKIP_DOWNLOAD=true \
    OBS_REPORT_CONFIG=/config/reports.config.yaml \
    OBS_REPORT_OUTPUT_DIR=/data/out
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the prepare script builds with TypeScript, which the build stage did.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY templates ./templates
COPY reports.config.yaml reports.config.schema.json ./
# The charts' compiled code (src/renderers/charts/echarts-code.ts), made here once so that every
# run of the image starts with it: a demo report in HTML draws charts and writes the cache.
ENV OBS_REPORT_CACHE_DIR=/app/cache
RUN node bin/obs-report.js generate --config reports.config.yaml --demo --app dice --format html --out /tmp/warm --no-progress \
 && rm -rf /tmp/warm && ls /app/cache/echarts-*.bin
RUN ln -s /app/bin/obs-report.js /usr/local/bin/obs-report \
 && groupadd --system --gid 10001 obs \
 && useradd --system --uid 10001 --gid obs --create-home --home-dir /home/obs obs \
 && mkdir -p /config /templates /data/out /data/ledger \
 && chown -R obs:obs /data
USER 10001:10001
VOLUME ["/data"]
# obs-report handles SIGTERM itself (finishes or cleanly abandons the run). For the long-lived
# daemon, run with an init (docker run --init) so Chromium's helper processes are reaped.
ENTRYPOINT ["obs-report"]
CMD ["--help"]
