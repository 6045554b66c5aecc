import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/duplicate-citation.js';
import { journalArticle, runRule } from '../helpers/lint.js';

const spinal = { title: 'Spinal Cord Stimulation: Clinical Efficacy and Potential Mechanisms', author: [{ family: 'Sdrulla', given: 'Andrei' }], issued: { 'date-parts': [[2018]] } };
const items = [journalArticle('sdrulla2018spinal', spinal), journalArticle('sdrulla2018spinala', spinal), journalArticle('other2020')];

describe('duplicate-citation', () => {
  it('valid: one key for the work throughout', () => {
    expect(runRule(rule, { articles: ['A [@sdrulla2018spinal]. B [@sdrulla2018spinal; @other2020].'], items })).toEqual([]);
  });
  it('valid: the two keys in different articles (that is duplicate-reference’s business)', () => {
    expect(runRule(rule, { articles: ['A [@sdrulla2018spinal].', 'B [@sdrulla2018spinala].'], items })).toEqual([]);
  });
  it('invalid: one article cites the same work under two keys', () => {
    const findings = runRule(rule, { articles: ['Nerve blocks [@sdrulla2018spinal].\n\nStimulators [@sdrulla2018spinala].'], items });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'duplicate-citation', line: 3, column: 14 });
    expect(findings[0]!.message).toContain('`sdrulla2018spinala` is the same work as `sdrulla2018spinal`, cited at line 1');
    expect(findings[0]!.fix).toBeDefined();
  });
});
