import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Tauri serves the built files from ui/dist; in development it opens the dev server on 1420.
export default defineConfig({
  base: "./",
  plugins: [react()],
  clearScreen: false,
  envPrefix: ["VITE_", "TAURI_"],
  server: {
    port: 1420,
    strictPort: true,
    // In a plain browser the commands go to the dev server (`make dev`, stationdesk-server).
    proxy: { "/invoke": "http://127.0.0.1:1421" },
  },
  preview: {
    proxy: { "/invoke": "http://127.0.0.1:1421" },
  },
  build: {
    outDir: "dist",
    // WebKitGTK 2.40+ on Linux and WebView2 on Windows both handle Safari 15 level code.
    target: ["safari15", "chrome105"],
    chunkSizeWarningLimit: 2000,
  },
});
