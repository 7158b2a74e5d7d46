/*
 * Loading real policy files: every sample, the bad samples (each error class with its code and
 * line), local imports, a policy outside the repo importing 'netback-policy', and no temp file
 * left behind whether loading succeeds or fails.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadPolicyFile } from '../../src/dsl/load.js';
import { PolicyError } from '../../src/dsl/policy-error.js';
import { NetbackError } from '../../src/core/errors.js';
import { REPO } from '../support/cli.js';

const SAMPLES = join(REPO, 'samples', 'policies');
const goodSamples = readdirSync(SAMPLES).filter((f) => f.endsWith('.ts'));

async function loadError(path: string): Promise<NetbackError> {
  try {
    await loadPolicyFile(path);
  } catch (e) {
    expect(e).toBeInstanceOf(NetbackError);
    return e as NetbackError;
  }
  throw new Error(`${path} loaded without error`);
}

async function loadError2(path: string, source: string): Promise<NetbackError> {
  try {
    await loadPolicyFile(path, { source });
  } catch (e) {
    return e as NetbackError;
  }
  throw new Error(`${path} loaded without error`);
}

describe('sample policies', () => {
  it('has the seed policy, a minimal one and one per knob', () => {
    for (const f of [
      'seed-recommended',
      'minimal',
      'knob-locks',
      'knob-kthread',
      'knob-tasklet',
      'knob-groups',
      'knob-bind',
      'knob-round-robin',
      'knob-irq-spread',
    ]) {
      expect(goodSamples).toContain(`${f}.ts`);
    }
  });

  it.each(goodSamples)('%s loads and validates, with author and a fixed date', async (f) => {
    const { policy, file } = await loadPolicyFile(join(SAMPLES, f));
    expect(file).toBe(join(SAMPLES, f));
    expect(policy.author).toMatch(/^.+ <.+@.+>$/);
    expect(policy.date).toMatch(/^2024-05-01/);
    if (f.startsWith('knob-'))
      expect(Object.keys(policy).filter((k) => !['name', 'author', 'date'].includes(k))).toHaveLength(1);
  });

  it('the seed policy asks for exactly the seed recommendation', async () => {
    const { policy } = await loadPolicyFile(join(SAMPLES, 'seed-recommended.ts'));
    expect(policy).toMatchObject({
      threading: { model: 'kthread', groups: 'online-cpus', bindToCpu: true },
      locks: { idxRelease: 'per-group' },
      irq: { spread: 'group-cpu' },
    });
  });
});

// [bad sample, error code, line (undefined: none), message fragment]
const BAD: Array<[string, string, number | undefined, string]> = [
  ['unknown-key.ts', 'policy-invalid', 8, "unknown key 'bindtoCpu' in threading (did you mean 'bindToCpu'?)"],
  ['wrong-type.ts', 'policy-invalid', 6, "threading.bindToCpu: expected true or false, got 'yes'"],
  ['wrong-value.ts', 'policy-invalid', 6, "locks.idxRelease: expected 'per-group' or 'global', got 'per-cpu'"],
  ['out-of-range.ts', 'policy-invalid', 7, 'threading.groups: 0 is out of range (an integer 1..4096)'],
  ['out-of-range-divisor.ts', 'policy-invalid', 5, 'threading.groups.onlineCpusDividedBy: 1 is out of range'],
  ['contradiction-bind-tasklet.ts', 'policy-invalid', 8, 'tasklets cannot be bound to a CPU'],
  ['contradiction-keep-tasklet.ts', 'policy-invalid', 7, "applies only with model 'kthread'"],
  ['malformed-author.ts', 'policy-invalid', 5, "author: 'Jane Doe' is not 'Name <email>'"],
  ['bad-date.ts', 'policy-invalid', 5, "date: '2024-02-30' is not a real date"],
  ['bad-name.ts', 'policy-invalid', 5, "name: 'Dom0 Scale Out' is not kebab-case"],
  ['syntax-error.ts', 'policy-syntax', 6, 'Expected "}" but found "locks"'],
  ['no-default-export.ts', 'policy-no-default', undefined, 'no default export'],
  ['not-define-policy.ts', 'policy-not-defined', 3, 'not a policy made by definePolicy()'],
  ['throws.ts', 'policy-throws', 5, 'NETBACK_POLICY_SAMPLE_CPUS is not a number'],
];

describe('bad policies', () => {
  it('there is a test row for every bad sample', () => {
    expect(readdirSync(join(SAMPLES, 'bad')).sort()).toEqual(BAD.map((b) => b[0]).sort());
  });

  it.each(BAD)('%s → %s at line %s', async (f, code, line, message) => {
    const before = readdirSync(join(SAMPLES, 'bad')).sort();
    const e = await loadError(join(SAMPLES, 'bad', f));
    expect(e.code).toBe(code);
    expect(e.file).toBe(join(SAMPLES, 'bad', f));
    expect(e.line).toBe(line);
    expect(e.message).toContain(message);
    expect(e.exitCode).toBe(2);
    expect(readdirSync(join(SAMPLES, 'bad')).sort()).toEqual(before); // no bundle left behind
  });

  it('a validation error keeps the column and every issue', async () => {
    const e = await loadError(join(SAMPLES, 'bad', 'unknown-key.ts'));
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).column).toBe(5);
    expect((e as PolicyError).issues).toHaveLength(1);
  });

  it('a missing file is a one-line error', async () => {
    const e = await loadError(join(SAMPLES, 'no-such-policy.ts'));
    expect(e.message).toBe('cannot read: no such file');
  });
});

describe('a policy outside the repository', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nbp-policy-'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(
      join(dir, 'lib', 'site.ts'),
      "export const AUTHOR: string = 'Ops Team <ops@example.net>';\nexport const halfTheCpus = { onlineCpusDividedBy: 2 } as const;\n",
    );
    writeFileSync(
      join(dir, 'policy.ts'),
      "import { definePolicy, type Policy } from 'netback-policy';\nimport { AUTHOR, halfTheCpus } from './lib/site';\n\nconst locks: Policy['locks'] = { idxRelease: 'per-group' };\n\nexport default definePolicy({\n  author: AUTHOR,\n  threading: { model: 'kthread', groups: halfTheCpus },\n  locks,\n});\n",
    );
    writeFileSync(
      join(dir, 'helper-throws.ts'),
      "export function cpus(): number {\n  throw new Error('no topology');\n}\n",
    );
    writeFileSync(
      join(dir, 'uses-helper.ts'),
      "import { definePolicy } from 'netback-policy';\nimport { cpus } from './helper-throws.js';\n\nexport default definePolicy({ threading: { groups: cpus() } });\n",
    );
    writeFileSync(
      join(dir, 'missing-import.ts'),
      "import { definePolicy } from 'netback-policy';\nimport { x } from './nope';\n\nexport default definePolicy({ name: x });\n",
    );
  });

  it("resolves 'netback-policy' to this package and bundles local imports", async () => {
    const { policy } = await loadPolicyFile(join(dir, 'policy.ts'));
    expect(policy).toEqual({
      author: 'Ops Team <ops@example.net>',
      threading: { model: 'kthread', groups: { onlineCpusDividedBy: 2 } },
      locks: { idxRelease: 'per-group' },
    });
    expect(readdirSync(dir).sort()).toEqual([
      'helper-throws.ts',
      'lib',
      'missing-import.ts',
      'policy.ts',
      'uses-helper.ts',
    ]);
  });

  it('an error thrown in a helper points at the helper', async () => {
    const e = await loadError(join(dir, 'uses-helper.ts'));
    expect(e.code).toBe('policy-throws');
    expect(e.file).toMatch(/helper-throws\.ts$/);
    expect(e.line).toBe(2);
  });

  it('loads given text as if it were the file (the hook checks staged content)', async () => {
    const staged =
      "import { definePolicy } from 'netback-policy';\nimport { AUTHOR } from './lib/site';\n\nexport default definePolicy({ author: AUTHOR, irq: { spread: 'none' } });\n";
    const { policy, file } = await loadPolicyFile(join(dir, 'policy.ts'), { source: staged });
    expect(file).toBe(join(dir, 'policy.ts'));
    expect(policy).toEqual({ author: 'Ops Team <ops@example.net>', irq: { spread: 'none' } });
    const e = await loadError2(join(dir, 'policy.ts'), staged.replace("'none'", "'nope'"));
    expect([e.file, e.line, e.message]).toEqual([
      join(dir, 'policy.ts'),
      4,
      "irq.spread: expected 'none' or 'group-cpu', got 'nope' (did you mean 'none'?)",
    ]);
  });

  it('a missing local import names the importing line', async () => {
    const e = await loadError(join(dir, 'missing-import.ts'));
    expect(e.code).toBe('policy-syntax');
    expect(e.message).toContain('Could not resolve "./nope"');
    expect(e.line).toBe(2);
  });
});

describe('the sample policies type-check (ts-morph, against the package types)', () => {
  it('every good sample has no type error', async () => {
    const { typeCheckPolicy } = await import('../../src/dsl/type-check.js');
    for (const f of goodSamples) expect([f, typeCheckPolicy(join(SAMPLES, f))]).toEqual([f, []]);
  });
});

describe('bare imports and the temporary bundle', () => {
  it("resolves a package from the policy's own node_modules, and leaves nothing beside it or in the temp dir", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbp-bare-'));
    const pkg = join(dir, 'node_modules', 'site-defaults');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      '{ "name": "site-defaults", "type": "module", "exports": "./index.js" }\n',
    );
    writeFileSync(join(pkg, 'index.js'), "export const author = 'Site Ops <ops@example.org>';\n");
    writeFileSync(
      join(dir, 'p.ts'),
      "import { definePolicy } from 'netback-policy';\nimport { author } from 'site-defaults';\nexport default definePolicy({ author });\n",
    );
    // os.tmpdir() follows TMPDIR: a private one shows what the load left there (nothing).
    const privateTmp = mkdtempSync(join(tmpdir(), 'nbp-bare-tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const { policy } = await loadPolicyFile(join(dir, 'p.ts'));
      expect(policy).toEqual({ author: 'Site Ops <ops@example.org>' });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(readdirSync(dir).sort()).toEqual(['node_modules', 'p.ts']);
    expect(readdirSync(privateTmp)).toEqual([]);
  });

  it('a missing package is a syntax-stage error naming the importing line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbp-bare-'));
    writeFileSync(
      join(dir, 'p.ts'),
      "import { definePolicy } from 'netback-policy';\nimport { author } from 'no-such-package-xyz';\nexport default definePolicy({ author });\n",
    );
    const e = await loadError(join(dir, 'p.ts'));
    expect([e.code, e.line]).toEqual(['policy-syntax', 2]);
    expect(e.message).toMatch(/no-such-package-xyz/);
  });
});
