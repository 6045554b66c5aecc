/**
 * Every rule's documented examples, run as its tests: each rule file
 * (`src/rules/<rule-id>.ts`) exports `examples`, the passing and failing
 * cases its documentation shows.
 */
import { describe, expect, it } from 'vitest';
import { bibliographyFromTexts } from '../../src/bibliography/load.js';
import { parseArticle } from '../../src/document/article.js';
import { evidenceContext } from '../../src/topics/evidence-context.js';
import { defaultVocabulary } from '../../src/topics/vocabulary.js';
import { examples as topicExamples } from '../../src/rules/topic-mismatch.js';
import { ALL_RULES } from '../../src/rules/index.js';
import type { RuleExamples } from '../../src/rules/define.js';
import type { Rule } from '../../src/lint/types.js';
import { testRule } from './rule-tester.js';

const modules = await Promise.all(
  ALL_RULES.map(async (rule) => ({ rule, module: (await import(`../../src/rules/${rule.meta.id}.ts`)) as { default: Rule; examples?: RuleExamples } })),
);

for (const { rule, module } of modules) {
  if (module.default !== rule) throw new Error(`src/rules/${rule.meta.id}.ts does not export the rule \`${rule.meta.id}\` as its default`);
  if (!module.examples) throw new Error(`src/rules/${rule.meta.id}.ts has no \`examples\`: document a passing and a failing case`);
  testRule(rule, module.examples);
}

// A topic-mismatch example passes for the right reason only when both sides have a topic (the issue: one passed
// because no topic was recognised in it).

describe('topic-mismatch examples pass because the topics agree', () => {
  for (const example of topicExamples.valid) {
    it(example.name, () => {
      const files = Object.fromEntries((example.references ?? []).map((r) => [`references/${String(r.id)}.json`, JSON.stringify(r)]));
      const bibliography = bibliographyFromTexts(files);
      const context = evidenceContext(bibliography, defaultVocabulary());
      const sentence = parseArticle('articles/example.md', example.article!).sentences[0]!;
      expect(context.tagger.tagSentence(sentence.text, {}).specific.length, 'the claim has a topic').toBeGreaterThan(0);
      for (const entry of bibliography.entries) expect(context.topicsOf(entry.item).topics.length, `${entry.item.id} has a topic`).toBeGreaterThan(0);
    });
  }
});
