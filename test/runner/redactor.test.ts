import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  MIN_REDACTED_LENGTH,
  REDACTED,
  Redactor,
  endpointLabel,
  inputOr,
  requiredInput,
  spec,
  urlSecrets,
} from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';

const redactorOf = (...secrets: string[]): Redactor => {
  const r = new Redactor();
  for (const s of secrets) r.add(s);
  return r;
};

/** Secrets long enough to be redacted, of any characters (quotes, slashes, spaces, unicode). */
const secretArb = fc.string({ minLength: MIN_REDACTED_LENGTH, maxLength: 24, unit: 'grapheme' });

describe('Redactor', () => {
  it('replaces a secret wherever it is inserted, and leaves no trace of it', () => {
    fc.assert(
      fc.property(secretArb, fc.string(), fc.string(), (secret, before, after) => {
        const out = redactorOf(secret).redact(`${before}${secret}${after}`);
        expect(out).not.toContain(secret);
        expect(out).toContain(REDACTED);
      }),
    );
  });

  it('replaces the URL-encoded and JSON-escaped forms of a secret', () => {
    fc.assert(
      fc.property(secretArb, fc.string(), (secret, around) => {
        const r = redactorOf(secret);
        for (const form of [
          encodeURIComponent(secret),
          new URLSearchParams({ k: secret }).toString().slice(2),
          JSON.stringify(secret).slice(1, -1),
        ]) {
          expect(r.redact(`${around}${form}${around}`)).not.toContain(form);
        }
      }),
    );
  });

  it('keeps JSON valid and free of the secret when redacting a value deeply', () => {
    fc.assert(
      fc.property(secretArb, fc.jsonValue(), (secret, value) => {
        const planted = { [`k-${secret}`]: [value, `x${secret}y`, { nested: secret }] };
        const out = redactorOf(secret).redactDeep(planted);
        const text = JSON.stringify(out);
        expect(() => JSON.parse(text) as unknown).not.toThrow();
        expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
    );
  });

  it('returns the same object when nothing in it is a secret', () => {
    const value = { a: [1, 'two', { three: null }], b: true };
    expect(redactorOf('hunter22').redactDeep(value)).toBe(value);
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    expect(redactorOf('abcd', 'abcdefgh').redact('[abcdefgh]')).toBe('[***]');
  });

  it('ignores secrets shorter than the documented minimum, and the empty string', () => {
    const r = redactorOf('', 'ab', 'on1');
    expect(r.active).toBe(false);
    expect(r.redact('a label on1 ab')).toBe('a label on1 ab');
  });

  it('replaces each line of a multi-line secret', () => {
    const r = redactorOf('-----BEGIN KEY-----\nAAAAsecretline\n-----END KEY-----');
    expect(r.redact('line: AAAAsecretline')).toBe('line: ***');
  });
});

describe('urlSecrets', () => {
  it.each([
    [
      'https://user:p%40ss@host/predict',
      ['user', 'p%40ss', 'p@ss', Buffer.from('user:p@ss').toString('base64')],
    ],
    ['https://only-token@host/', ['only-token', Buffer.from('only-token').toString('base64')]],
    ['http://127.0.0.1:1/p?api_key=k1%2Fk2&sig=a+b#frag', ['k1%2Fk2', 'k1/k2', 'a+b', 'a b']],
    ['http://h/p?TOKENONLY', ['TOKENONLY']],
    ['http://h/p', []],
    // Not a valid URL (a space in the password): still found, so a refused input is masked.
    ['https://u:pa ss@h/p', ['u', 'pa ss', Buffer.from('u:pa ss').toString('base64')]],
  ])('finds the credentials in %s', (url, expected) => {
    expect(new Set(urlSecrets(url))).toEqual(new Set(expected));
  });

  it('names an endpoint by scheme, host and path only', () => {
    expect(endpointLabel('https://u:p@api.example.com:8443/v1/predict?api_key=k#x')).toBe(
      'https://api.example.com:8443/v1/predict',
    );
    expect(endpointLabel('not a url?token=abc')).toBe('(invalid URL)');
  });
});

describe('secret inputs', () => {
  const getter = (values: Record<string, string>, sink: string[]): InputGetter =>
    Object.assign((name: string) => values[name] ?? '', {
      secret: (value: string) => sink.push(value),
    });

  it('registers a secret input as it is read', () => {
    const sink: string[] = [];
    expect(requiredInput(getter({ key: 'sk-abc123' }, sink), 'key', spec.secret())).toBe(
      'sk-abc123',
    );
    expect(sink).toEqual(['sk-abc123']);
  });

  it("registers a URL input's credentials, and shows none of them when it is refused", () => {
    const sink: string[] = [];
    const get = getter({ url: 'ftp://me:letmein@host/x?token=tok-9876' }, sink);
    let message = '';
    try {
      inputOr(get, 'url', spec.httpUrl('an http(s) URL'), '');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("Input 'url' must be an http(s) URL");
    expect(message).not.toContain('letmein');
    expect(message).not.toContain('tok-9876');
    expect(sink).toEqual(expect.arrayContaining(['me', 'letmein', 'tok-9876']));
  });
});
