import { describe, it, expect } from 'vitest';
import { runCli } from './support/cli.js';

// A newcomer's path: every command (and sub-command) has --help with a runnable example.
function commandsOf(help: string): string[] {
  const m = /\nCommands:\n([\s\S]*?)(\n\S|$)/.exec(help);
  if (!m) return [];
  return [...m[1]!.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((x) => x[1]!).filter((c) => c !== 'help');
}

describe('help texts', () => {
  const top = runCli(['--help']);
  const commands = commandsOf(top.stdout);

  it('lists the commands that work', () => {
    expect(top.code).toBe(0);
    for (const c of [
      'lint-config',
      'lint-source',
      'lint-irq',
      'doctor',
      'generate-patch',
      'check-policy',
      'init',
      'hook',
      'rules',
    ]) {
      expect(commands).toContain(c);
    }
  });

  it.each([
    'lint-config',
    'lint-source',
    'lint-irq',
    'doctor',
    'generate-patch',
    'check-policy',
    'init',
    'hook',
    'rules',
  ])('%s --help has an example invocation', (c) => {
    const r = runCli([c, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples?:\n\s+(sudo )?netback-policy /);
    for (const sub of commandsOf(r.stdout)) {
      const s = runCli([c, sub, '--help']);
      expect(s.code).toBe(0);
      expect(s.stdout).toMatch(new RegExp(`Usage: netback-policy ${c} ${sub}`));
    }
  });

  it('a usage error names what to do next and exits 2', () => {
    const r = runCli(['lint-config']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument/);
    expect(r.stderr).toMatch(/--help/);
  });
});
