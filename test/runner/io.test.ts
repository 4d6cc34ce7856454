import { describe, expect, it } from '@jest/globals';
import { SUMMARY_LIMIT_BYTES, fitSummary } from '@modelgate/runner';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('fitSummary', () => {
  it('leaves markdown that fits unchanged', () => {
    expect(fitSummary('## ok\n', 0)).toBe('## ok\n');
  });

  it('cuts at a line end within the limit and says so', () => {
    const line = `| ${'x'.repeat(90)} |\n`;
    const markdown = line.repeat(20_000); // about 1.9 MiB
    const fitted = fitSummary(markdown, 0);
    expect(bytes(fitted)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(fitted).toMatch(/cut at GitHub's 1 MiB limit/);
    expect(fitted.split('\n\n> ')[0]!.endsWith(`${'x'.repeat(90)} |`)).toBe(true);
  });

  it('counts what earlier appends used, and never splits a multi-byte character', () => {
    const markdown = 'é'.repeat(400_000); // 800,000 bytes, no line ends
    const fitted = fitSummary(markdown, 500_000);
    expect(500_000 + bytes(fitted)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(fitted).not.toContain('\uFFFD');
    expect(fitSummary('more', SUMMARY_LIMIT_BYTES)).toBe('');
  });
});
