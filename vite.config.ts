import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';
import { createReferenceServer } from './demo/server/index.ts';
import { applyEdits, minifyTemplatesVite, type Edit } from './scripts/minify-templates.ts';

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

/**
 * For the one-file build: there every module is in the file and evaluated at load anyway, so a
 * dynamic `import()` would only make Rolldown wrap each module it reaches in a lazy initialiser
 * (about 1 KB gzip). Each becomes a static import, resolved at once.
 */
function staticImportsInOneFile(): Plugin {
  return {
    name: 'msg-elements-static-imports',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('import(')) return null;
      const file = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
      const edits: Edit[] = [];
      const imports: string[] = [];
      const visit = (node: ts.Node) => {
        const [specifier] = ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword ? node.arguments : [];
        if (specifier && ts.isStringLiteral(specifier)) {
          const name = `dynamicImport${imports.length}`;
          imports.push(`import * as ${name} from ${JSON.stringify(specifier.text)};`);
          edits.push({ start: node.getStart(file), end: node.end, text: `Promise.resolve(${name})` });
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      if (!edits.length) return null;
      // At the end, so every line keeps its place: import declarations apply wherever they stand.
      edits.push({ start: code.length, end: code.length, text: `\n${imports.join('\n')}\n` });
      return applyEdits(code, edits, id);
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
    // The framework hosts are separate projects with their own dependencies (installed by
    // `npm run hosts:install`): the dev server's dependency scan leaves them out.
    optimizeDeps: { entries: ['**/*.html', '!demo/hosts/**', '!dist/**'] },
    plugins: [referenceServer(), minifyTemplatesVite(), ...(iife ? [staticImportsInOneFile()] : [])],
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
