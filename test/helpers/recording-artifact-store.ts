/**
 * A small recording fake of the ArtifactStore port, for actions that upload one report and
 * download one by exact name: artifacts live in memory as { relative path: text }.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type {
  ArtifactStore,
  DownloadedArtifact,
  OtherRun,
  UploadedArtifact,
} from '@modelgate/runner';

export class RecordingArtifactStore implements ArtifactStore {
  readonly uploads: { name: string; files: Record<string, string> }[] = [];
  readonly downloads: { pattern: string; fromRun: OtherRun | undefined }[] = [];

  constructor(
    /** Artifacts to download, keyed by `<runId or 'current'>/<name>`. */
    readonly stored: Record<string, Record<string, string>> = {},
    private readonly isAvailable = true,
  ) {}

  available(): boolean {
    return this.isAvailable;
  }

  upload(name: string, files: readonly string[], rootDir: string): Promise<UploadedArtifact> {
    const contents = Object.fromEntries(
      files.map((file) => [relative(rootDir, file), readFileSync(file, 'utf8')]),
    );
    this.uploads.push({ name, files: contents });
    this.stored[`current/${name}`] = contents;
    return Promise.resolve({ id: this.uploads.length, name, size: 1 });
  }

  download(pattern: string, destDir: string, fromRun?: OtherRun): Promise<DownloadedArtifact[]> {
    this.downloads.push({ pattern, fromRun });
    const files = this.stored[`${fromRun?.runId ?? 'current'}/${pattern}`];
    if (files === undefined) return Promise.resolve([]);
    const dir = join(destDir, pattern);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return Promise.resolve([{ name: pattern, id: 1, path: dir }]);
  }
}
