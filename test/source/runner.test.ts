/*
 * The runners (running/runner.ts): this thread's and the pool's give what one BatchLinter gives
 * on the same files, for walked paths and for rg's files, however the files are added; this
 * thread's lints what is added while it waits for the source's end, and starts afresh after
 * finish. The pool is the built one (dist/: its threads load worker.js).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/cli.js';
import { compareFindings } from '../../src/core/finding.js';
import { BatchLinter, type BatchOptions, type BatchResult } from '../../src/lint/source/running/batch.js';
import { CHUNK, inlineRunner, poolRunner } from '../../src/lint/source/running/runner.js';
import { rgQuery, SOURCE_RULE_SET } from '../../src/linters/source-tree.js';
import { streamRg, type RgFile } from '../../src/lint/source/selection/rg-select.js';
import type * as PoolModule from '../../src/lint/source/running/pool.js';
import { CASES } from './table.js';

const tmp = mkdtempSync(join(tmpdir(), 'nbp-runner-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const OPTS: BatchOptions = { set: SOURCE_RULE_SET, maxSize: 32 << 20 };
// Every C case of the table three times over: more files than a chunk (rg lists more than one
// chunk too), so the pool gets several.
const paths = [1, 2, 3]
  .flatMap(() => CASES.filter((c) => !c.path))
  .map((c, k) => {
    const p = join(tmp, `case-${k}.c`);
    writeFileSync(p, c.code);
    return p;
  });

const sorted = (r: BatchResult) => ({
  findings: [...r.findings].sort(compareFindings),
  notes: [...r.notes].sort(),
  stats: r.stats,
});
const reference = sorted(new BatchLinter(OPTS).runPaths(paths));

async function rgFiles(): Promise<RgFile[]> {
  const listed: RgFile[] = [];
  const rg = await streamRg(rgQuery([tmp + '/'], {}), (f) => listed.push(f), OPTS.maxSize);
  expect(rg.ok).toBe(true);
  return listed;
}

describe('runners', () => {
  it('has more files than a chunk and findings to compare', () => {
    expect(paths.length).toBeGreaterThan(CHUNK);
    expect(reference.findings.length).toBeGreaterThan(50);
  });

  it("this thread's: the same as one linter, added in pieces and stepped, with progress up to every file", async () => {
    const runner = inlineRunner(new BatchLinter(OPTS));
    const seen: number[] = [];
    runner.add(paths.slice(0, 10));
    runner.step(1_000, (d) => seen.push(d));
    runner.add(paths.slice(10, 200));
    runner.add(paths.slice(200));
    const r = await runner.finish((d) => seen.push(d));
    expect(sorted(r)).toEqual(reference);
    expect(seen[0]).toBe(8);
    expect(seen.at(-1)).toBe(paths.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(runner.jobs).toBe(1);
    // finish starts afresh.
    expect(await runner.finish()).toEqual({
      findings: [],
      notes: [],
      stats: { files: 0, bytes: 0, scanned: 0, scannedBytes: 0, skipped: 0 },
    });
  });

  it("this thread's lints what comes while it waits for the end, and returns only after it", async () => {
    const runner = inlineRunner(new BatchLinter(OPTS));
    let done = 0;
    runner.add(paths.slice(0, 100));
    const end = new Promise<void>((resolve) =>
      setTimeout(() => {
        runner.add(paths.slice(100));
        setTimeout(resolve, 10);
      }, 30),
    );
    let ended = false;
    void end.then(() => (ended = true));
    await runner.until(end, (d) => (done = d));
    expect(ended).toBe(true);
    // Everything was linted while waiting: finish has nothing left.
    expect(done).toBe(paths.length);
    expect(sorted(await runner.finish())).toEqual(reference);
  });

  it("rg's files: this thread's and the pool's give what one linter gives, and the pool can be used again", async () => {
    const listed = await rgFiles();
    expect(listed.length).toBeGreaterThan(CHUNK);
    const want = sorted(new BatchLinter(OPTS).runListed(listed));
    const inline = inlineRunner(new BatchLinter(OPTS));
    for (const f of listed) inline.add([f]);
    expect(sorted(await inline.finish())).toEqual(want);

    const { startPool } = (await import(join(REPO, 'dist/src/lint/source/running/pool.js'))) as typeof PoolModule;
    // The built rule set too: the threads load it from its module.
    const built = (await import(join(REPO, 'dist/src/linters/source-tree.js'))) as {
      SOURCE_RULE_SET: typeof SOURCE_RULE_SET;
    };
    const pool = startPool({ ...OPTS, set: built.SOURCE_RULE_SET }, 2);
    try {
      const runner = poolRunner(pool, 2);
      expect(runner.jobs).toBe(2);
      for (const f of listed) runner.add([f]);
      let last = 0;
      await runner.until(Promise.resolve());
      expect(sorted(await runner.finish((d) => (last = d)))).toEqual(want);
      expect(last).toBe(listed.length);
      // Then walked paths on the same threads (the rg path's fallback).
      runner.add(paths);
      expect(sorted(await runner.finish())).toEqual(reference);
    } finally {
      await pool.close();
    }
  });
});
