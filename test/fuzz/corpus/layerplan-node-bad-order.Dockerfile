# The classic cache bust: `COPY . .` comes before `npm ci`, so editing
# README.md (or anything else in the folder) reinstalls every dependency.
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
CMD ["node", "src/server.js"]
