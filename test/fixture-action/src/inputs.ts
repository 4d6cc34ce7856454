import { inputOr, optionalInput, requiredInput, spec } from '@modelgate/runner';
import type { InputGetter } from '@modelgate/runner';

/** The fixture action's inputs, by their public kebab-case names. */
export const Input = {
  Message: 'message',
  Times: 'times',
  UploadPath: 'upload-path',
  UploadName: 'upload-name',
  DownloadPattern: 'download-pattern',
  DownloadDir: 'download-dir',
  DownloadRunId: 'download-run-id',
  CommentBody: 'comment-body',
  CommentMarker: 'comment-marker',
  GithubToken: 'github-token',
} as const;

/** The fixture action's outputs. */
export const Output = {
  Echo: 'echo',
  ArtifactId: 'artifact-id',
  Downloaded: 'downloaded',
  CommentId: 'comment-id',
  CommentAction: 'comment-action',
} as const;

export interface FixtureInputs {
  readonly message: string;
  readonly times: number;
  readonly upload: { readonly path: string; readonly name: string } | undefined;
  readonly download:
    | {
        readonly pattern: string;
        readonly dir: string | undefined;
        readonly runId: number | undefined;
      }
    | undefined;
  readonly comment: { readonly body: string; readonly marker: string } | undefined;
  readonly githubToken: string | undefined;
}

/** Reads and checks every input once. Pure: `get` is the only source. */
export function parseInputs(get: InputGetter): FixtureInputs {
  const message = requiredInput(get, Input.Message, spec.text('some text'));
  const times = inputOr(get, Input.Times, spec.positiveInt('2', 1000), 1);
  const uploadPath = optionalInput(get, Input.UploadPath, spec.text('a file path'));
  const pattern = optionalInput(get, Input.DownloadPattern, spec.text('an artifact name or glob'));
  const body = optionalInput(get, Input.CommentBody, spec.text('markdown'));
  return {
    message,
    times,
    upload: uploadPath
      ? {
          path: uploadPath,
          name: inputOr(get, Input.UploadName, spec.text('a name'), 'fixture-artifact'),
        }
      : undefined,
    download: pattern
      ? {
          pattern,
          dir: optionalInput(get, Input.DownloadDir, spec.text('a folder')),
          runId: optionalInput(
            get,
            Input.DownloadRunId,
            spec.positiveInt('123456789', Number.MAX_SAFE_INTEGER),
          ),
        }
      : undefined,
    comment: body
      ? { body, marker: inputOr(get, Input.CommentMarker, spec.text('a marker'), 'fixture') }
      : undefined,
    githubToken: optionalInput(get, Input.GithubToken, spec.text('a token')),
  };
}
