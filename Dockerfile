# The distmetrics server. CPU inference by default; see README for CUDA.
FROM node:20-bookworm-slim
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip NODE_ENV=production
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
# The dashboard and explorer (postinstall ran before the sources were copied in).
RUN npm run build:web
EXPOSE 4000
# On 0.0.0.0 the server refuses to start without an API key. Pass the first admin key at run time,
# never in the image: `docker run -e ADMIN_TOKEN=$(openssl rand -hex 32) …` (stored hashed as the
# admin key "admin"), plus PUBLIC_URL=https://<name clients use>. README, "Security".
ENV HOST=0.0.0.0 PORT=4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:4000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["npx", "tsx", "src/server.ts"]
