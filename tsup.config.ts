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
  banner: ({ format }) => (format === 'esm' ? {} : {}),
});
