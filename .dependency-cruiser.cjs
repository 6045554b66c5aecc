/**
 * The layering of src/ (README, Development), checked by `npm test`:
 * the CLI knows the commands; a command (lint, render, manage, import, the
 * evidence map, the reporters) knows the document layer, the bibliography
 * and its own engine; the linter knows the rules it is handed; a rule knows
 * the parsed article and the bibliography, never the disk or the CLI;
 * nothing below imports upward; third-party engines sit behind adapters/.
 */
const COMMANDS = '^src/(lint|render|manage|import|evidence-map|report)/';
const ENGINES = '^src/(topics|evidence|lookup|format)/';
const LOW = '^src/(bibliography|citations|adapters|util)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'cli-is-the-top',
      comment: 'Only the CLI knows the CLI.',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'public-api-is-not-imported',
      comment: 'src/index.ts is the package face; nothing inside imports it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'commands-apart',
      comment: 'A command does not reach into another command, except the evidence map and the reporters reading lint results (lint/types.ts, lint/project.ts).',
      severity: 'error',
      from: { path: COMMANDS },
      to: { path: COMMANDS, pathNot: ['^src/$1/', '^src/lint/(types|project)\\.ts$'] },
    },
    {
      name: 'rules-below-commands',
      comment: 'A rule knows the parsed article and the bibliography: not the linter, a command or the CLI.',
      severity: 'error',
      from: { path: '^src/rules/' },
      to: { path: [COMMANDS, '^src/cli/'] },
    },
    {
      name: 'rules-never-touch-the-disk',
      severity: 'error',
      from: { path: '^src/rules/' },
      to: { path: '^(node:)?(fs|fs/promises|child_process|worker_threads|http|https|net)$', dependencyTypes: ['core'] },
    },
    {
      name: 'linter-is-handed-its-rules',
      comment: 'The linter runs the rules it is given; the registry is chosen by the lint command.',
      severity: 'error',
      from: { path: '^src/lint/linter\\.ts$' },
      to: { path: '^src/rules/index\\.ts$' },
    },
    {
      name: 'document-below-rules-and-commands',
      severity: 'error',
      from: { path: '^src/document/' },
      to: { path: [COMMANDS, '^src/(rules|cli)/'] },
    },
    {
      name: 'engines-below-the-document-layer',
      comment: 'Topics, evidence wording, look-ups and formatting know neither projects nor rules; UsageError (document/errors.ts) is the one error every layer may throw.',
      severity: 'error',
      from: { path: [ENGINES, LOW] },
      to: { path: ['^src/document/', '^src/rules/', COMMANDS, '^src/cli/'], pathNot: '^src/document/errors\\.ts$' },
    },
    {
      name: 'bibliography-below-engines',
      severity: 'error',
      from: { path: LOW },
      to: { path: ENGINES },
    },
    {
      name: 'citations-and-adapters-at-the-bottom',
      comment: 'The citation syntax, the adapters and util import nothing above them (the adapters may read the bibliography schema).',
      severity: 'error',
      from: { path: '^src/(citations|adapters|util)/' },
      to: { path: '^src/(bibliography|document)/', pathNot: ['^src/bibliography/(schema|types)\\.ts$', '^src/document/errors\\.ts$'] },
    },
    {
      name: 'citation-js-behind-one-module',
      severity: 'error',
      from: { pathNot: '^src/adapters/citation-js\\.ts$' },
      to: { path: '@citation-js/' },
    },
    {
      name: 'citeproc-behind-its-adapter',
      severity: 'error',
      from: { pathNot: '^src/adapters/(citeproc/|citation-js\\.ts$)' },
      to: { path: 'node_modules/citeproc/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: ['^src/', 'node_modules/@citation-js/', 'node_modules/citeproc/', '^(node:)?(fs|fs/promises|child_process|worker_threads|http|https|net)$'],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
