/**
 * The artifact port, over `@actions/artifact` in `artifact-store.ts`. Uploads go to the current
 * run; downloads come from the current run or, with `fromRun`, from another run through the
 * GitHub API (which needs a token with `actions: read`).
 */

export interface UploadedArtifact {
  readonly id: number;
  readonly name: string;
  readonly size: number;
}

export interface DownloadedArtifact {
  readonly name: string;
  readonly id: number;
  /** The folder the artifact's files were extracted into. */
  readonly path: string;
}

/** Another workflow run to download from. */
export interface OtherRun {
  readonly runId: number;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
}

export interface ArtifactStore {
  /** True when the runtime offers artifacts (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL set). */
  available(): boolean;
  /** Uploads files under `name`; `rootDir` is stripped from their paths. Retention in days is optional. */
  upload(
    name: string,
    files: readonly string[],
    rootDir: string,
    options?: { retentionDays?: number },
  ): Promise<UploadedArtifact>;
  /**
   * Downloads every artifact whose name matches `pattern` (a glob such as `modelgate-*`, or an
   * exact name) into `destDir/<artifact name>/`. An empty list when nothing matches.
   */
  download(pattern: string, destDir: string, fromRun?: OtherRun): Promise<DownloadedArtifact[]>;
}
