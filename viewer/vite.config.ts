// Vite build of the viewer: a single-page Svelte 5 app bundled into dist/viewer (no CDN, no
// external requests). `npm run dev:viewer` proxies the API and go tool trace's raw URLs to a
// running prof-trace server (PROF_TRACE_URL, default http://127.0.0.1:8080).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { profilePagePaths } from '../api/profile-kinds.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const target = process.env.PROF_TRACE_URL ?? 'http://127.0.0.1:8080';
const proxy: Record<string, object> = { '/api': { target, changeOrigin: false }, '/base/api': { target, changeOrigin: false } };
for (const p of profilePagePaths()) {
  proxy[`^${p}\\?(.*&)?raw=1`] = { target, changeOrigin: false };
}

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  plugins: [svelte({ compilerOptions: { runes: true } })],
  build: {
    outDir: resolve(here, '../dist/viewer'),
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  server: { proxy, host: '127.0.0.1' },
});
