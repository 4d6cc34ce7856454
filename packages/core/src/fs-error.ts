/**
 * A file system failure in words, for messages: `ENOENT: no such file or directory, open
 * '/abs/path'` (Node's text, with an errno code and the absolute path) never reaches the user.
 * Pure: it reads only the error's `code`.
 */
export function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'the path is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ELOOP':
      return 'too many symbolic links (a loop)';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'an input/output error of the disk';
    default: {
      const message = err instanceof Error ? err.message : String(err);
      // Node's form is `CODE: text, syscall 'path'`: keep the text only.
      return /^E[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
    }
  }
}
