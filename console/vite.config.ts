import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the api runs beside Vite; in production it serves console/dist itself (same origin).
const api = process.env.API_URL ?? "http://127.0.0.1:3000";
const proxied = ["/api", "/v1", "/health", "/docs", "/metrics"];

export default defineConfig({
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: api, changeOrigin: false }])),
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // libraries change less often than our pages: separate chunks stay cached across releases
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 40 },
            { name: "antd", test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+)[\\/]/, priority: 30 },
            { name: "refine", test: /node_modules[\\/](@refinedev|@tanstack)[\\/]/, priority: 30 },
            { name: "echarts", test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/, priority: 30 },
            { name: "vendor", test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
