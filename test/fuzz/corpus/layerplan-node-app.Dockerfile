# A well-ordered Node.js image: dependencies are installed before the
# source is copied, so editing src/ or README.md keeps `npm ci` cached.
FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src/ ./src/
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "src/server.js"]
