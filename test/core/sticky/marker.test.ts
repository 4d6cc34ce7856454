import { describe, expect, it } from '@jest/globals';
import {
  InputError,
  comparableBody,
  compareFreshness,
  findSticky,
  formatMarker,
  parseMarker,
  planDedupe,
  planSticky,
  retiredMarkerBody,
} from '@modelgate/core';
import type { ListedComment, StickyIdentity } from '@modelgate/core';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const BOT = 'github-actions[bot]';
const id = (headSha: string, runId: number, key = 'k'): StickyIdentity => ({ key, headSha, runId });
let nextId = 1;
const comment = (
  identity: StickyIdentity | undefined,
  body = 'x',
  createdAt?: string,
): ListedComment => {
  const n = nextId++;
  return {
    id: n,
    nodeId: `N${n}`,
    body: identity ? `${formatMarker(identity)}\n\n${body}` : body,
    createdAt: createdAt ?? new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    userLogin: BOT,
  };
};

describe('marker', () => {
  it('round-trips', () => {
    const m = formatMarker(id(A, 42, 'ml-gate'));
    expect(m).toBe(`<!-- modelgate:comment key=ml-gate head=${A} run=42 -->`);
    expect(parseMarker(`${m}\nbody`)).toEqual(id(A, 42, 'ml-gate'));
  });

  it.each(['', 'has space', 'x'.repeat(65), 'a-->b'])('refuses the key %j', (key) => {
    expect(() => formatMarker(id(A, 1, key))).toThrow(InputError);
  });

  it('is found only on the first line', () => {
    expect(parseMarker(`> quoted\n${formatMarker(id(A, 1))}`)).toBeUndefined();
    expect(parseMarker('no marker')).toBeUndefined();
  });

  it('compares bodies without the run-specific parts', () => {
    const one = `${formatMarker(id(A, 1))}\n[run](https://github.com/o/r/actions/runs/1)\n`;
    const two = `${formatMarker(id(B, 2))}\n[run](https://github.com/o/r/actions/runs/2)`;
    expect(comparableBody(one)).toBe(comparableBody(two));
    expect(comparableBody(one)).not.toBe(comparableBody(`${two} changed`));
  });

  it('retires a marker so that it is no longer found', () => {
    const c = comment(id(A, 1));
    expect(findSticky([{ ...c, body: retiredMarkerBody(c.body) }], 'k', BOT)).toEqual([]);
  });
});

describe('compareFreshness', () => {
  it.each([
    ['the later run of the same head', id(A, 2), id(A, 1), A, 1],
    ['an earlier run of the same head', id(A, 1), id(A, 2), A, -1],
    ['the same run', id(A, 1), id(A, 1), A, 0],
    ['the current head against an old one', id(B, 1), id(A, 5), B, 1],
    ['an old head against the current one', id(A, 9), id(B, 1), B, -1],
    ['two old heads', id(A, 9), id(B, 1), 'c'.repeat(40), -1],
    ['an unknown PR head', id(A, 9), id(B, 1), undefined, -1],
  ] as const)('%s', (_n, ours, theirs, head, expected) => {
    expect(compareFreshness(ours, theirs, head)).toBe(expected);
  });
});

describe('planSticky', () => {
  const base = { mode: 'update' as const, skipUnchanged: false, prHeadSha: A, author: BOT };

  it('creates when there is no comment with the key', () => {
    const plan = planSticky({
      ...base,
      comments: [comment(undefined), comment(id(A, 1, 'other'))],
      identity: id(A, 2),
      body: 'b',
    });
    expect(plan).toEqual({ action: 'create', retire: [], retireBy: 'delete' });
  });

  it('updates the oldest and removes duplicates', () => {
    const old = comment(id(A, 1));
    const dup = comment(id(A, 1));
    const plan = planSticky({
      ...base,
      comments: [dup, old].reverse(),
      identity: id(A, 2),
      body: 'b',
    });
    expect(plan.action).toBe('update');
    if (plan.action !== 'update') return;
    expect(plan.target.id).toBe(old.id);
    expect(plan.duplicates.map((d) => d.id)).toEqual([dup.id]);
  });

  it('breaks a creation-time tie by id', () => {
    const t = '2025-01-01T00:00:00Z';
    const first = comment(id(A, 1), 'x', t);
    const second = comment(id(A, 1), 'x', t);
    expect(findSticky([second, first], 'k', BOT).map((c) => c.id)).toEqual([first.id, second.id]);
  });

  it('never overwrites the comment of a newer head', () => {
    const newer = comment(id(B, 5));
    const plan = planSticky({
      ...base,
      prHeadSha: B,
      comments: [newer],
      identity: id(A, 9),
      body: 'b',
    });
    expect(plan).toMatchObject({ action: 'skip', reason: 'newer-exists' });
  });

  it('overwrites the comment of an older head when ours is the PR head', () => {
    const plan = planSticky({
      ...base,
      prHeadSha: B,
      comments: [comment(id(A, 9))],
      identity: id(B, 1),
      body: 'b',
    });
    expect(plan.action).toBe('update');
  });

  it('skips an unchanged body with skip-unchanged', () => {
    const existing = comment(id(A, 1), 'same');
    const body = `${formatMarker(id(A, 2))}\n\nsame`;
    expect(
      planSticky({ ...base, skipUnchanged: true, comments: [existing], identity: id(A, 2), body }),
    ).toMatchObject({
      action: 'skip',
      reason: 'unchanged',
    });
    expect(planSticky({ ...base, comments: [existing], identity: id(A, 2), body }).action).toBe(
      'update',
    );
  });

  it.each([
    ['recreate', 'delete'],
    ['hide-and-new', 'hide'],
  ] as const)('%s creates and retires the old ones by %s', (mode, retireBy) => {
    const old = comment(id(A, 1));
    const plan = planSticky({ ...base, mode, comments: [old], identity: id(A, 2), body: 'b' });
    expect(plan).toMatchObject({ action: 'create', retireBy });
    if (plan.action === 'create') expect(plan.retire.map((c) => c.id)).toEqual([old.id]);
  });

  it('does nothing when off', () => {
    expect(
      planSticky({ ...base, mode: 'off', comments: [], identity: id(A, 1), body: '' }),
    ).toEqual({ action: 'skip', reason: 'off' });
  });
});

describe('planDedupe', () => {
  const dedupe = { identity: id(A, 2), author: BOT, prHeadSha: A };
  it('keeps the oldest and writes ours into it when ours is fresher', () => {
    const theirs = comment(id(A, 1));
    const ours = comment(id(A, 2));
    const plan = planDedupe({ ...dedupe, comments: [ours, theirs], createdId: ours.id });
    expect(plan?.keep.id).toBe(theirs.id);
    expect(plan?.remove.map((c) => c.id)).toEqual([ours.id]);
    expect(plan?.updateKept).toBe(true);
  });

  it('keeps the oldest without writing when ours is older', () => {
    const theirs = comment(id(A, 3));
    const ours = comment(id(A, 2));
    expect(
      planDedupe({ ...dedupe, comments: [theirs, ours], createdId: ours.id })?.updateKept,
    ).toBe(false);
  });

  it('keeps ours when it is the oldest', () => {
    const ours = comment(id(A, 2));
    const theirs = comment(id(A, 3));
    const plan = planDedupe({ ...dedupe, comments: [theirs, ours], createdId: ours.id });
    expect(plan?.keep.id).toBe(ours.id);
    expect(plan?.updateKept).toBe(false);
  });
});

describe('a run whose head is no longer the PR head', () => {
  it('does not touch an existing comment, but fills an empty place', () => {
    const existing = comment(id(A, 1));
    const input = {
      author: BOT,
      mode: 'update' as const,
      skipUnchanged: false,
      prHeadSha: B,
      identity: id(A, 2),
      body: 'b',
    };
    expect(planSticky({ ...input, comments: [existing] })).toMatchObject({
      action: 'skip',
      reason: 'newer-exists',
    });
    expect(planSticky({ ...input, comments: [] }).action).toBe('create');
  });
});
