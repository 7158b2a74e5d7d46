/*
 * `netback-policy init [file]`: writes the starter policy. The author and date it fills in are
 * validated first (they end up in patch headers), the file is written atomically, and an
 * existing file is never replaced without --force.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { NetbackError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeOut } from '../io/stdout.js';
import { starterPolicy } from './starter.js';
import { validatePolicy } from './validate.js';

function gitConfig(key: string): string | undefined {
  const r = spawnSync('git', ['config', '--get', key], { encoding: 'utf8' });
  const v = r.status === 0 ? r.stdout.trim() : '';
  return v || undefined;
}

/** --author, else git's user.name/user.email, else a placeholder that still validates. */
function defaultAuthor(): string {
  const name = gitConfig('user.name');
  const email = gitConfig('user.email');
  return name && email ? `${name} <${email}>` : 'Your Name <you@example.com>';
}

export async function runInit(
  file: string,
  opts: { author?: string; date?: string; force?: boolean },
): Promise<number> {
  const author = opts.author ?? defaultAuthor();
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  const { issues } = validatePolicy({ author, date });
  if (issues.length) {
    const i = issues[0]!;
    throw new NetbackError('bad-option', i.message.replace(/^author:/, '--author:').replace(/^date:/, '--date:'));
  }
  if (existsSync(file) && !opts.force) {
    throw new NetbackError('exists', 'file exists; not overwriting it', {
      file,
      hint: 'use --force to replace it, or name another file',
    });
  }
  writeFileAtomic(file, starterPolicy(author, date));
  await writeOut(
    `wrote ${file}\n` +
      (author === 'Your Name <you@example.com>'
        ? "  set the author: git config user.name/user.email, or edit 'author'\n"
        : '') +
      `next: netback-policy check-policy ${file}\n`,
  );
  return EXIT.OK;
}
