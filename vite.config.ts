import { defineConfig, type Plugin } from 'vite';
import { createReferenceServer } from './demo/server/index.ts';
import { minifyTemplatesVite } from './scripts/minify-templates.ts';

/** Serves the reference server (REST, admin, WebSocket) on the demo's own origin. */
function referenceServer(): Plugin {
  return {
    name: 'msg-elements-reference-server',
    apply: 'serve',
    configureServer(server) {
      const reference = createReferenceServer();
      server.middlewares.use((req, res, next) => {
        if (req.url === '/' || req.url === '/index.html') {
          res.writeHead(302, { location: '/demo/' }).end();
          return;
        }
        Promise.resolve(reference.handle(req, res)).then((handled) => handled || next(), next);
      });
      server.httpServer?.on('upgrade', (req, socket, head) => reference.upgrade(req, socket, head));
      server.httpServer?.on('close', () => void reference.close());
    },
  };
}

// `vite build` writes the ES module (runtime dependencies left as imports);
// `vite build --mode iife` writes the self-contained script-tag file beside it.
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    root: '.',
    server: { port: 5173, strictPort: true, host: 'localhost' },
    plugins: [referenceServer(), minifyTemplatesVite()],
    build: {
      outDir: 'dist',
      emptyOutDir: !iife,
      sourcemap: true,
      target: 'es2022',
      lib: {
        entry: { 'msg-elements': 'src/define.ts' },
        name: 'MsgElements',
        formats: iife ? ['iife'] : ['es'],
        fileName: (format, name) => (format === 'es' ? `${name}.js` : `${name}.${format}.js`),
      },
      rollupOptions: {
        external: iife ? [] : (id: string) => /^(lit|@lit\/|idb-keyval)(\/|$)/.test(id),
      },
    },
  };
});
