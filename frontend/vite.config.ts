import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const backend = "http://127.0.0.1:8787";

export default defineConfig({
  root: here("."),
  plugins: [solid()],
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: {
      // SSE goes through the same proxy; http-proxy streams it without buffering.
      "/api": { target: backend, changeOrigin: false },
      "/health": { target: backend },
    },
  },
});
