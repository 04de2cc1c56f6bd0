import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// EmbeddedChat's README asks Vite users for `process.env` defined as {} (its code reads
// process.env at run time). The page is served from dist/ by the test's own static server.
export default defineConfig({
  plugins: [react()],
  base: '/',
  define: { 'process.env': {} },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
    rollupOptions: {
      // js-sha256 (in @rocket.chat/sdk) probes for Node with eval; harmless in a browser.
      onwarn(warning, warn) {
        if (warning.code === 'EVAL') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
