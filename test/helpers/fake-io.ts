import type { ActionsIO, AnnotationProps } from '@modelgate/runner';

export interface RecordedAnnotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly message: string;
  readonly props: AnnotationProps | undefined;
}

/** A recording fake of the runner: inputs from a plain object, everything else captured. */
export class FakeIO implements ActionsIO {
  readonly outputs = new Map<string, string>();
  readonly annotations: RecordedAnnotation[] = [];
  readonly logs: string[] = [];
  readonly debugs: string[] = [];
  readonly secrets: string[] = [];
  readonly groups: string[] = [];
  summary = '';
  failed: string | undefined;

  constructor(private readonly inputs: Record<string, string> = {}) {}

  getInput = (name: string): string => this.inputs[name] ?? '';
  setOutput(name: string, value: string | number | boolean): void {
    this.outputs.set(name, String(value));
  }
  setFailed(message: string, props?: AnnotationProps): void {
    this.failed = message;
    this.annotations.push({ level: 'error', message, props });
  }
  setSecret(value: string): void {
    this.secrets.push(value);
  }
  info(message: string): void {
    this.logs.push(message);
  }
  debug(message: string): void {
    this.debugs.push(message);
  }
  isDebug(): boolean {
    return false;
  }
  warning(message: string, props?: AnnotationProps): void {
    this.annotations.push({ level: 'warning', message, props });
  }
  error(message: string, props?: AnnotationProps): void {
    this.annotations.push({ level: 'error', message, props });
  }
  notice(message: string, props?: AnnotationProps): void {
    this.annotations.push({ level: 'notice', message, props });
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.groups.push(name);
    return fn();
  }
  appendSummary(markdown: string): Promise<void> {
    this.summary += markdown;
    return Promise.resolve();
  }
}
