/**
 * A 2xx response whose body cannot be used: not JSON, nothing at the response path, no
 * `choices[0]`, larger than the transport's bound, or not decodable. It is that request's error,
 * never the whole run's: the example (or trial, or judge call) records it and the error-rate gate
 * decides.
 *
 * It is not retried. The server did answer, and a complete body that is wrong is what the same
 * request gets again (a misconfigured path, a proxy's HTML page, a model that replies in the wrong
 * shape); the OpenAI SDKs and promptfoo do not retry it either. A body cut short by a reset
 * connection is not this error but a network error (a `TypeError`), which is retried.
 */
export class MalformedResponseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedResponseError';
  }
}
