import { fileURLToPath } from 'node:url';
import { buildEvidenceMap, type EvidenceMap } from '../../src/evidence-map/index.js';
import { lintProject, type ProjectLintResult } from '../../src/lint/project.js';

/** A small project with one finding of each evidence rule, an unknown key, an unused item and `<script>` in prose and in a title. */
export const FIXTURE = fileURLToPath(new URL('../fixtures/evidence-map/project/', import.meta.url));

export async function lintFixture(): Promise<ProjectLintResult> {
  return lintProject({ root: FIXTURE });
}

let cached: Promise<EvidenceMap> | undefined;

/** The fixture's map, built once per test file (callers must not mutate it). */
export function fixtureMap(): Promise<EvidenceMap> {
  cached ??= lintFixture().then(buildEvidenceMap);
  return cached;
}
