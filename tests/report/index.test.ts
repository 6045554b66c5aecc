import { describe, expect, it } from 'vitest';
import { getReporter, reporterNames, reporters } from '../../src/report/index.js';
import { baseOptions, sampleResults } from './sample.js';

describe('reporter registry', () => {
  it('finds each reporter by the name --format takes', () => {
    expect(reporterNames).toEqual(['stylish', 'json', 'sarif', 'github']);
    for (const name of reporterNames) expect(getReporter(name)).toBe(reporters[name]);
  });

  it('returns undefined for unknown names, including inherited object keys', () => {
    expect(getReporter('junit')).toBeUndefined();
    expect(getReporter('toString')).toBeUndefined();
    expect(getReporter('__proto__')).toBeUndefined();
  });

  it('every reporter ends its output with a newline (stylish adds ESLint’s closing blank line)', () => {
    for (const name of reporterNames) {
      const out = reporters[name](sampleResults, baseOptions);
      expect(out.endsWith('\n'), name).toBe(true);
      if (name !== 'stylish') expect(out.endsWith('\n\n'), name).toBe(false);
    }
  });
});
