import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Writes .br and .gz next to every compressible output file; parley sends them when the
// browser accepts them (net/static_files.cpp). A dozen lines instead of another dependency.
// In writeBundle, from the files as written: in generateBundle the chunks still hold
// placeholders (__VITE_PRELOAD__ for lazy imports) that Vite fills in after other plugins.
function precompress(): Plugin {
  return {
    name: 'parley-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json|map)$/.test(name)) continue;
        const buf = readFileSync(path.join(dir, name));
        if (buf.length < 1024) continue;
        writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(path.join(dir, `${name}.gz`), gzipSync(buf, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: {
    alias: [
      // Fuselage's entry picks its production or development build with a CommonJS require at
      // run time, so a bundler keeps both; point it at the production build directly.
      {
        find: /^@rocket\.chat\/fuselage$/,
        replacement: fileURLToPath(
          new URL('./node_modules/@rocket.chat/fuselage/dist/fuselage.production.js', import.meta.url),
        ),
      },
    ],
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/websocket': { target: 'ws://localhost:3000', ws: true },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
  },
});
