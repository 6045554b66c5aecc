/**
 * The evidence map's JSON shape, printed by `citemark report --format json`.
 * The zod schemas are the contract; the TypeScript types are inferred from them.
 *
 * Shape (schemaVersion 1):
 *
 * - `articles[]`, sorted by `file`: each article's `claims[]` in source order.
 *   A claim is a sentence that carries citations (`cited: true`); a sentence
 *   without citations appears only when a finding is attached to it
 *   (`cited: false`, e.g. `citation-needed`). Each finding of an article sits
 *   on the sentence whose span contains its start; the rest stay in the
 *   article's own `findings`. `evidenceLevels` counts the distinct references
 *   the article cites, per level.
 * - `references[]`, sorted by `id`: every bibliography item, its evidence
 *   level, topics, where it is cited and the findings about it.
 * - `otherFindings[]`: findings about files that are neither a parsed article
 *   nor a bibliography item (an unreadable article, a bibliography file that
 *   does not parse).
 *
 * Positions are 1-based; `file`s are relative to the project root with `/`.
 * There is no timestamp, so the same project always gives the same map.
 */
import { z } from 'zod';
import { EVIDENCE_LEVELS } from '../bibliography/schema.js';

const positiveInt = z.number().int().min(1);

/** An evidence level, or a bucket for a reference without one / a key not in the bibliography. */
export const EVIDENCE_BUCKETS = [...EVIDENCE_LEVELS, 'unclassified', 'unresolved'] as const;
export const evidenceBucketSchema = z.enum(EVIDENCE_BUCKETS);
export type EvidenceBucket = z.infer<typeof evidenceBucketSchema>;

export const mapFindingSchema = z
  .object({
    /** null for a file that could not be read or parsed at all. */
    ruleId: z.string().nullable(),
    severity: z.enum(['error', 'warning']),
    messageId: z.string(),
    message: z.string(),
    line: positiveInt,
    column: positiveInt,
    endLine: positiveInt.optional(),
    endColumn: positiveInt.optional(),
    /** Replacement text that would fix it (usually citekeys), best first. */
    suggestions: z.array(z.string()),
  })
  .strict();
export type MapFinding = z.infer<typeof mapFindingSchema>;

export const mapCitationSchema = z
  .object({
    key: z.string(),
    /** False when the key is not in the bibliography (`unknown-key`). */
    resolved: z.boolean(),
    /** The cited reference's evidence level; `unresolved` for an unknown key. */
    evidence: evidenceBucketSchema,
    mode: z.enum(['bracketed', 'in-text']),
    prefix: z.string(),
    locator: z.string(),
    suffix: z.string(),
    line: positiveInt,
    column: positiveInt,
  })
  .strict();
export type MapCitation = z.infer<typeof mapCitationSchema>;

export const mapClaimSchema = z
  .object({
    /** Stable within one map: `<article index>-<sentence index>`, e.g. `0-12`. */
    id: z.string(),
    text: z.string(),
    cited: z.boolean(),
    /** The nearest heading above ('' if none). */
    section: z.string(),
    context: z.enum(['paragraph', 'listItem', 'tableCell', 'heading', 'blockquote']),
    line: positiveInt,
    column: positiveInt,
    endLine: positiveInt,
    endColumn: positiveInt,
    /** Topics the sentence is about, as the `topic-mismatch` rule reads them. */
    topics: z.array(z.string()),
    /** True when the sentence names no specific topic and they came from the sentence before it. */
    topicsFromContext: z.boolean(),
    citations: z.array(mapCitationSchema),
    findings: z.array(mapFindingSchema),
  })
  .strict();
export type MapClaim = z.infer<typeof mapClaimSchema>;

export const levelCountSchema = z.object({ level: evidenceBucketSchema, count: z.number().int().min(1) }).strict();
export type LevelCount = z.infer<typeof levelCountSchema>;

const countsSchema = z
  .object({
    claims: z.number().int().min(0),
    citations: z.number().int().min(0),
    errors: z.number().int().min(0),
    warnings: z.number().int().min(0),
  })
  .strict();

export const mapArticleSchema = z
  .object({
    file: z.string(),
    /** Front matter `title`, else the first heading, else null. */
    title: z.string().nullable(),
    counts: countsSchema,
    /** Distinct cited references per level, in the order of `EVIDENCE_BUCKETS`; levels with none are left out. */
    evidenceLevels: z.array(levelCountSchema),
    claims: z.array(mapClaimSchema),
    /** Findings in the article that fall in no sentence (front matter, code, between blocks). */
    findings: z.array(mapFindingSchema),
  })
  .strict();
export type MapArticle = z.infer<typeof mapArticleSchema>;

export const mapReferenceSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    title: z.string().nullable(),
    /** Short author line: `Cohen SP, Bhatia A, Buvanendran A, et al.`; null when there is no author or editor. */
    authors: z.string().nullable(),
    year: z.number().int().nullable(),
    evidence: evidenceBucketSchema,
    /** How `evidence` was decided: the item's `evidence` field, its CSL type or genre, or nothing. */
    evidenceSource: z.enum(['field', 'type', 'none']),
    topics: z.array(z.string()),
    /** True when the item has no `topics` field and they were read from its title, abstract and keywords. */
    topicsInferred: z.boolean(),
    retracted: z.boolean(),
    file: z.string(),
    line: positiveInt,
    /** Articles citing it, by file, with how many times. */
    citedBy: z.array(z.object({ file: z.string(), count: z.number().int().min(1) }).strict()),
    findings: z.array(mapFindingSchema),
  })
  .strict();
export type MapReference = z.infer<typeof mapReferenceSchema>;

export const fileFindingsSchema = z.object({ file: z.string(), findings: z.array(mapFindingSchema) }).strict();
export type MapFileFindings = z.infer<typeof fileFindingsSchema>;

export const evidenceMapSchema = z
  .object({
    schemaVersion: z.literal(1),
    generator: z.object({ name: z.literal('citemark'), version: z.string() }).strict(),
    summary: z
      .object({
        articles: z.number().int().min(0),
        references: z.number().int().min(0),
        claims: z.number().int().min(0),
        citations: z.number().int().min(0),
        errors: z.number().int().min(0),
        warnings: z.number().int().min(0),
        /** Distinct references cited anywhere, per level. */
        evidenceLevels: z.array(levelCountSchema),
        /** Cited works whose topic cannot be checked (no specific topic, nothing else named): their keys. */
        unchecked: z.array(z.string()).optional(),
      })
      .strict(),
    /** Every rule that could report, sorted by id, so a reader can filter by one that found nothing. */
    rules: z.array(z.object({ id: z.string(), description: z.string() }).strict()),
    articles: z.array(mapArticleSchema),
    references: z.array(mapReferenceSchema),
    otherFindings: z.array(fileFindingsSchema),
  })
  .strict();
export type EvidenceMap = z.infer<typeof evidenceMapSchema>;
