import { describe, expect, it } from 'vitest';
import { errorPreview, errorSignature, readableErrorText } from '../../src/domain/error-signature.js';

describe('errorSignature', () => {
  it('groups the same failure on different dates', () => {
    const a = errorSignature(
      'DependencyError: upstream nba_analytics.player_game_summary missing for 2022-11-14',
    );
    const b = errorSignature(
      'DependencyError: upstream nba_analytics.player_game_summary missing for 2023-01-02',
    );
    expect(a).toBe('DependencyError: upstream nba_analytics.player_game_summary missing for <date>');
    expect(b).toBe(a);
  });

  it('replaces timestamps in their common shapes with <date>', () => {
    expect(
      errorSignature(
        'at 2024-11-08T14:03:22.123Z, 2024-11-08 14:03:22+00:00, 2024-11-08T14:03 and 2024-11-08 09:00:00 UTC',
      ),
    ).toBe('at <date>, <date>, <date> and <date>');
  });

  it('replaces UUIDs and long hex ids containing a digit with <id>', () => {
    expect(
      errorSignature(
        'job 550e8400-e29b-41d4-a716-446655440000 exec 9f86d081884c7d65 at 0x7ffe3a2b1c, commit deadbeef',
      ),
    ).toBe('job <id> exec <id> at <id>, commit deadbeef');
  });

  it('replaces standalone numbers with <n>', () => {
    expect(errorSignature('INSUFFICIENT_DATA: 3 of 10 games (30.5%), retry 2')).toBe(
      'INSUFFICIENT_DATA: <n> of <n> games (<n>%), retry <n>',
    );
  });

  it('keeps digits inside identifiers', () => {
    expect(
      errorSignature(
        'phase_3_analytics catboost_v8 v8 MLFeatureStoreProcessor 3rd nba-phase4-precompute-trigger',
      ),
    ).toBe('phase_3_analytics catboost_v8 v8 MLFeatureStoreProcessor 3rd nba-phase4-precompute-trigger');
  });

  it('reads a JSON string array as its messages joined by "; "', () => {
    expect(
      errorSignature(
        '["DependencyError: upstream nba_analytics.player_game_summary missing for 2022-11-14", "retry 2 failed"]',
      ),
    ).toBe(
      'DependencyError: upstream nba_analytics.player_game_summary missing for <date>; retry <n> failed',
    );
  });

  it('collapses whitespace and line breaks and trims', () => {
    expect(errorSignature('  Traceback:\n  File "x.py", line 42\n\tValueError  ')).toBe(
      'Traceback: File "x.py", line <n> ValueError',
    );
  });

  it('caps the signature at 200 characters, marking the cut', () => {
    const signature = errorSignature(`PROCESSING_ERROR ${'x'.repeat(300)}`);
    expect(signature.length).toBe(200);
    expect(signature.endsWith('x…')).toBe(true);
    expect(errorSignature('y'.repeat(200))).toBe('y'.repeat(200));
  });

  it('names a missing error text', () => {
    expect(errorSignature(null)).toBe('(no error text)');
    expect(errorSignature('')).toBe('(no error text)');
    expect(errorSignature('  \n ')).toBe('(no error text)');
    expect(errorSignature('[]')).toBe('(no error text)');
  });
});

describe('errorPreview', () => {
  it('shows the first 100 characters on one line, with … when cut', () => {
    const text = `line one\nline two ${'z'.repeat(200)}`;
    expect(errorPreview(text)).toBe(`line one line two ${'z'.repeat(82)}…`);
  });

  it('keeps a short text whole, dates included', () => {
    expect(errorPreview('INSUFFICIENT_DATA for 2021-10-20')).toBe('INSUFFICIENT_DATA for 2021-10-20');
  });

  it('takes another length', () => {
    expect(errorPreview('DependencyError: upstream missing', 15)).toBe('DependencyError…');
  });

  it('reads a JSON string array as its messages', () => {
    expect(errorPreview('["DependencyError: upstream missing for 2022-11-14"]')).toBe(
      'DependencyError: upstream missing for 2022-11-14',
    );
  });

  it('names a missing error text', () => {
    expect(errorPreview(null)).toBe('(no error text)');
  });
});

describe('readableErrorText', () => {
  it('unwraps a JSON string', () => {
    expect(readableErrorText('"boom"')).toBe('boom');
  });

  it('keeps non-string array items as JSON', () => {
    expect(readableErrorText('["boom", {"code": 7}]')).toBe('boom; {"code":7}');
  });

  it('leaves text that only looks like JSON as it is', () => {
    expect(readableErrorText('[ERROR] worker crashed')).toBe('[ERROR] worker crashed');
  });
});
