/**
 * Precision and recall of the topic-mismatch, citation-needed and
 * weak-evidence detectors on the labelled articles in
 * tests/fixtures/evidence/. Fails below 0.9 for topic-mismatch and
 * citation-needed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, formatScores, loadEvaluationSet } from './harness.js';

const dir = fileURLToPath(new URL('../fixtures/evidence/', import.meta.url));
const set = loadEvaluationSet(dir);
const result = evaluate(set);

describe('evidence evaluation set', () => {
  it('is large enough to mean something', () => {
    expect(set.articles.length).toBeGreaterThanOrEqual(6);
    expect(result.pairs).toBeGreaterThanOrEqual(60);
    const positives = (r: { tp: number; fn: number }) => r.tp + r.fn;
    expect(positives(result.topicMismatch)).toBeGreaterThanOrEqual(15);
    expect(positives(result.citationNeeded)).toBeGreaterThanOrEqual(10);
    expect(positives(result.weakEvidence)).toBeGreaterThanOrEqual(5);
  });

  it('scores at least 0.9 precision and recall for topic-mismatch and citation-needed', () => {
    const lines = [
      `${set.articles.length} articles, ${set.sentences.length} sentences, ${result.pairs} claim/citation pairs`,
      formatScores('topic-mismatch', result.topicMismatch),
      formatScores('citation-needed', result.citationNeeded),
      formatScores('weak-evidence', result.weakEvidence),
      ...[result.topicMismatch, result.citationNeeded, result.weakEvidence].flatMap((r, i) =>
        r.errors.map((e) => `  ${['topic-mismatch', 'citation-needed', 'weak-evidence'][i]} ${e}`),
      ),
    ];
    console.log(lines.join('\n'));
    for (const r of [result.topicMismatch, result.citationNeeded]) {
      expect(r.precision).toBeGreaterThanOrEqual(0.9);
      expect(r.recall).toBeGreaterThanOrEqual(0.9);
    }
  });
});
