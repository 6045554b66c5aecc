import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', 'parse-worker': 'src/lint/parse-worker.ts', 'render-worker': 'src/render/render-worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  splitting: true,
  // Dependencies are bundled: Node's ESM loader took about 0.3 s to resolve and link the 380 files they come in
  // (zod, yaml and micromark are hundreds of small modules), on every run of every command and in every worker
  // thread; bundled, `citemark --version` takes 0.18 s instead of 0.43 s. tinypool stays outside: it starts its
  // worker entry by its own path. Bundled CommonJS code calls `require` for Node's modules, so each chunk has one.
  noExternal: [/^(?!tinypool$).*/],
  // The reference parser's model is bundled into the JavaScript; its licence notice (BSD-2, AnyStyle's training
  // data) travels beside it as a file the package ships (package.json `files`).
  onSuccess: () => copyFile('src/import/model/LICENSE', 'dist/refparse-model-LICENSE.txt'),
  banner: { js: "import { createRequire as __citemarkCreateRequire } from 'node:module';\nconst require = __citemarkCreateRequire(import.meta.url);" },
});
