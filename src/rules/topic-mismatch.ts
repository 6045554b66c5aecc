/**
 * topic-mismatch: a claim whose specific topics share nothing with the
 * topics of a reference it cites, where both name a subject of one kind (a
 * parent topic is covered by its children); or a claim on a vocabulary topic
 * citing a work that is about something outside the vocabulary (another
 * species, another disease) and nothing in it. The message says which words
 * gave each side its topics, and suggests up to three bibliography items that
 * carry the claim's topic.
 * The examples below (`examples`) are this rule's tests; each passing one
 * names a topic on both sides, so it passes because they agree.
 */
import { evidenceContext, previousInBlock } from '../topics/evidence-context.js';
import { compareTopics, findAbbreviations, type SentenceTopics, type TopicEvidence } from '../topics/index.js';
import type { Vocabulary } from '../topics/vocabulary.js';
import { articleRule, keySuggestion, type RuleExamples } from './define.js';
import { spanOf } from '../util/line-index.js';

const quote = (ids: readonly string[]) => ids.map((id) => `\`${id}\``).join(', ');
const FIELD_NAMES: Record<TopicEvidence['field'], string> = {
  topics: 'its `topics` field',
  mesh: 'its MeSH headings',
  title: 'its title',
  abstract: 'its abstract',
  keyword: 'its keywords',
};

/** `'nerve blocks'`, or `'NP' (neuropathic pain)` for an abbreviation. */
function claimWords(claim: SentenceTopics, topics: readonly string[]): string {
  const words: string[] = [];
  for (const m of claim.counted) {
    if (!topics.includes(m.topic)) continue;
    const shown = m.term.includes('(') && m.term.startsWith(m.words) ? `'${m.words}' (${m.term.slice(m.words.length + 2, -1)})` : `'${m.words}'`;
    if (!words.includes(shown)) words.push(shown);
  }
  return words.length > 0 ? ` (from ${words.join(', ')})` : '';
}

/** `'Spinal Cord Stimulation' in its title, 'Neuralgia' in its MeSH headings`, or the item's own `topics` field. */
function referenceWords(evidence: readonly TopicEvidence[], topics: readonly string[]): string {
  const parts: string[] = [];
  if (evidence.some((e) => e.field === 'topics' && topics.includes(e.topic))) return ' (from its `topics` field)';
  for (const e of evidence) {
    if (!topics.includes(e.topic)) continue;
    const part = `'${e.words}' in ${FIELD_NAMES[e.field]}`;
    if (!parts.includes(part)) parts.push(part);
  }
  return parts.length > 0 ? ` (from ${parts.join(', ')})` : '';
}

function subjects(vocabulary: Vocabulary, outside: readonly TopicEvidence[]): string {
  return outside.map((e) => `${vocabulary.byId.get(e.topic)?.label ?? e.topic} ('${e.words}' in ${FIELD_NAMES[e.field]})`).join('; ');
}

export default articleRule(
  {
    id: 'topic-mismatch',
    defaultSeverity: 'error',
    docs: { description: "A claim whose topics share nothing with a cited reference's topics, or that cites a work about something else." },
    hasSuggestions: true,
    messages: {
      mismatch:
        'Claim is about {{claim}}{{claimWords}}{{fromContext}} but `{{key}}` covers {{reference}}{{referenceWords}}; cite a source on `{{claimLabel}}`{{suggestions}}.',
      offTopic:
        'Claim is about {{claim}}{{claimWords}}{{fromContext}} but `{{key}}` is about something else: {{subjects}}; cite a source on `{{claimLabel}}`{{suggestions}}.',
    },
  },
  (ctx) => {
    const { article, bibliography, vocabulary } = ctx;
    const evidence = evidenceContext(bibliography, vocabulary);
    // Abbreviations the article defines anywhere (`neuropathic pain (NP)`) are read in every sentence.
    let abbreviations: ReturnType<typeof findAbbreviations> | undefined;
    article.sentences.forEach((sentence, index) => {
      if (sentence.citations.length === 0 || sentence.context === 'heading') return;
      abbreviations ??= findAbbreviations(article.sentences.map((s) => s.text));
      const context = previousInBlock(article.sentences, index);
      const claim = evidence.tagger.tagSentence(sentence.text, { abbreviations, ...(context === undefined ? {} : { context }) });
      if (claim.specific.length === 0) return;
      for (const citation of sentence.citations) {
        for (const cited of citation.items) {
          const entry = bibliography.byId.get(cited.key);
          if (!entry) continue;
          const reference = evidence.topicsOf(entry.item);
          const comparison = compareTopics(vocabulary, claim.specific, reference.topics, { referenceTreats: evidence.tagger.treats(entry.item) });
          const fromContext = claim.fromContext ? ' (read from the sentence before it, as this one names no topic)' : '';
          const report = (messageId: 'mismatch' | 'offTopic', data: Record<string, string>) => {
            const suggestions = evidence.suggest(claim, { k: 3, exclude: [cited.key] }).map((s) => s.id);
            ctx.report({
              messageId,
              data: {
                claim: quote(comparison.claimSpecific),
                claimWords: claimWords(claim, comparison.claimSpecific),
                fromContext,
                key: cited.key,
                claimLabel: comparison.claimSpecific[0]!,
                suggestions: suggestions.length ? ` such as ${quote(suggestions)}` : ', none is in the bibliography yet',
                ...data,
              },
              file: article.file,
              ...spanOf(cited.position),
              suggestions: suggestions.map((key) => keySuggestion(article.source, cited, key)),
            });
          };
          // A work about another species or disease and nothing the vocabulary knows: unless the claim names that subject too.
          // Only where care happened (`after surgery`) or how it was seen (`on MRI`) says nothing of the subject.
          const onlyContext = comparison.referenceSpecific.every((t) => vocabulary.byId.get(t)?.setting || vocabulary.byId.get(t)?.facet === 'test');
          if (comparison.decision !== 'match' && onlyContext && reference.outside.length > 0) {
            const named = new Set(claim.matches.filter((m) => !m.negated).map((m) => m.topic));
            const elsewhere = reference.outside.filter((e) => !named.has(e.topic));
            if (elsewhere.length === reference.outside.length) {
              report('offTopic', { subjects: subjects(vocabulary, elsewhere) });
              continue;
            }
          }
          if (comparison.decision === 'mismatch') {
            const shown = comparison.referenceSpecific.length ? comparison.referenceSpecific : reference.topics;
            report('mismatch', { reference: quote(shown), referenceWords: referenceWords(reference.evidence, shown) });
          }
        }
      }
    });
  },
);

const sdrulla = {
  id: 'sdrulla2018spinal',
  type: 'article-journal',
  title: 'Spinal cord stimulation: clinical efficacy and potential mechanisms',
  author: [{ family: 'Sdrulla', given: 'Andrei' }],
  issued: { 'date-parts': [[2018]] },
};
const nerveBlock = {
  id: 'lee2019block',
  type: 'article-journal',
  title: 'Peripheral nerve block for chronic pain',
  author: [{ family: 'Lee', given: 'K.' }],
  issued: { 'date-parts': [[2019]] },
};

export const examples: RuleExamples = {
  valid: [
    { name: 'claim and review both on spinal cord stimulation', article: 'Spinal cord stimulation interrupts pain signals [@sdrulla2018spinal].\n', references: [sdrulla] },
    { name: 'a claim on nerve blocks citing a nerve-block study', article: 'Nerve blocks can intercept pain signals [@lee2019block].\n', references: [nerveBlock] },
  ],
  invalid: [
    {
      name: 'a nerve-block claim citing a review of spinal cord stimulation; a nerve-block source is suggested',
      article: 'Nerve blocks can intercept pain signals [@sdrulla2018spinal].\n',
      references: [sdrulla, nerveBlock],
      errors: [
        {
          messageId: 'mismatch',
          data: { claim: '`nerve-block`', key: 'sdrulla2018spinal', reference: '`spinal-cord-stimulation`' },
          suggestions: [{ desc: 'lee2019block', output: 'Nerve blocks can intercept pain signals [@lee2019block].\n' }],
        },
      ],
    },
  ],
};
