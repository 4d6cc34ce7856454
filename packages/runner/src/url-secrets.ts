/**
 * The secret-bearing parts of a URL (user-info and query values) and its secret-free label.
 * Pure.
 */

const USER_INFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)@/;

/**
 * The values in `url` that may be credentials: the user name and password of its user-info
 * (`https://user:pass@host`, and their Basic authorization form) and the value of each query
 * parameter (`?api_key=…&sig=…`; a parameter without `=` counts whole), each as written and
 * percent-decoded (with and without `+` read as a space). Works on text that is not a valid URL too, so that a rejected input is
 * still masked. Empty values are left out.
 */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const add = (raw: string): void => {
    for (const value of [raw, decoded(raw), decoded(raw.replace(/\+/g, ' '))]) {
      if (value !== '') found.add(value);
    }
  };
  const text = url.trim();
  const userInfo = USER_INFO.exec(text)?.[1];
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(':');
    add(colon < 0 ? userInfo : userInfo.slice(0, colon));
    if (colon >= 0) add(userInfo.slice(colon + 1));
    // What an HTTP client sends for user-info: `Authorization: Basic base64(user:password)`.
    found.add(Buffer.from(decoded(userInfo), 'utf8').toString('base64'));
  }
  const question = text.indexOf('?');
  if (question >= 0) {
    const hash = text.indexOf('#', question);
    const query = text.slice(question + 1, hash < 0 ? undefined : hash);
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      add(eq < 0 ? pair : pair.slice(eq + 1));
    }
  }
  return [...found];
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * How a report names an endpoint: scheme, host (with port) and path, without user-info, query
 * or fragment, e.g. `https://api.example.com/v1/predict`. Text that is not a URL gives
 * `(invalid URL)` rather than itself, as it may hold a secret.
 */
export function endpointLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
