# syntax=docker/dockerfile:1
# One Dockerfile for the workspace; `--target api` and `--target web` give the two images.
FROM node:20-bookworm-slim AS base
RUN npm install --global --no-fund --no-audit pnpm@12.21.0
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY api/package.json api/
COPY web/package.json web/
COPY search-config/package.json search-config/
COPY tools/ferretdb/package.json tools/ferretdb/

FROM base AS build
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm --filter @jiedui/api --filter @jiedui/web run build

FROM base AS runtime
ENV NODE_ENV=production
RUN pnpm install --frozen-lockfile --prod

FROM runtime AS api
COPY --from=build /app/api/dist api/dist
# The mail folder is a volume; made here so that it belongs to the unprivileged user.
RUN mkdir -p /app/mail && chown node:node /app/mail
USER node
ENV API_HOST=0.0.0.0 API_PORT=8787
EXPOSE 8787
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:8787/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "api/dist/index.js"]

FROM runtime AS web
COPY --from=build /app/web/build web/build
USER node
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:3000/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "web/build/index.js"]
