/**
 * A recording, folder-backed fake of the ArtifactStore port: uploads copy the files into a
 * folder per run and name; downloads copy them out. Runs are told apart by `fromRun.runId`
 * (the current run is `currentRunId`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type {
  ArtifactStore,
  DownloadedArtifact,
  OtherRun,
  UploadedArtifact,
} from '@modelgate/runner';

export class MemoryArtifacts implements ArtifactStore {
  readonly uploads: { name: string; files: string[]; runId: number }[] = [];
  readonly downloads: { pattern: string; fromRun: OtherRun | undefined }[] = [];
  private readonly stored = new Map<string, { id: number; files: Map<string, Buffer> }>();
  private nextId = 1;

  constructor(
    private readonly currentRunId: number,
    private readonly isAvailable = true,
  ) {}

  available(): boolean {
    return this.isAvailable;
  }

  /** Stores files as an artifact of `runId` directly (as an earlier step or run would have). */
  put(runId: number, name: string, files: Record<string, string>): void {
    this.stored.set(`${runId}/${name}`, {
      id: this.nextId++,
      files: new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])),
    });
  }

  /** The files of an artifact, by relative path. */
  get(runId: number, name: string): Record<string, string> | undefined {
    const a = this.stored.get(`${runId}/${name}`);
    if (!a) return undefined;
    return Object.fromEntries([...a.files].map(([k, v]) => [k, v.toString('utf8')]));
  }

  upload(name: string, files: readonly string[], rootDir: string): Promise<UploadedArtifact> {
    const map = new Map<string, Buffer>();
    for (const f of files) map.set(relative(rootDir, f), readFileSync(f));
    const id = this.nextId++;
    this.stored.set(`${this.currentRunId}/${name}`, { id, files: map });
    this.uploads.push({ name, files: [...files], runId: this.currentRunId });
    const size = [...map.values()].reduce((n, b) => n + b.length, 0);
    return Promise.resolve({ id, name, size });
  }

  download(pattern: string, destDir: string, fromRun?: OtherRun): Promise<DownloadedArtifact[]> {
    this.downloads.push({ pattern, fromRun });
    const runId = fromRun?.runId ?? this.currentRunId;
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    const out: DownloadedArtifact[] = [];
    for (const [key, a] of this.stored) {
      const [run, name] = [Number(key.slice(0, key.indexOf('/'))), key.slice(key.indexOf('/') + 1)];
      if (run !== runId || !re.test(name)) continue;
      const dir = join(destDir, name);
      for (const [rel, bytes] of a.files) {
        const path = join(dir, rel);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, bytes);
      }
      out.push({ name, id: a.id, path: dir });
    }
    return Promise.resolve(out);
  }
}
