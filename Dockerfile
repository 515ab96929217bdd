# Worker / codec-server image. The Temporal toolchain (dev server, test server) is not needed here.
FROM node:20-bookworm-slim
WORKDIR /app
ENV AE_SKIP_PROVISION=1 NODE_ENV=production
COPY package.json package-lock.json ./
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && npm ci && rm -rf /var/lib/apt/lists/*
COPY . .
# The worker version this image polls as (Worker Versioning): `docker-compose build --build-arg BUILD_ID=$(git rev-parse --short=12 HEAD)`.
ARG BUILD_ID
ENV BUILD_ID=${BUILD_ID}
USER node
CMD ["node", "--import", "tsx", "workers/main.ts"]
