/*
 * Options several commands share, defined once so that their flags, words and defaults agree:
 * every linter's report options, and the limits on what a command reads.
 */
import { Option, type Command } from 'commander';

/** `-f, --format`: `formats` names what the command can write; text is the default. */
export function formatOption(formats = 'text, json or sarif'): Option {
  return new Option('-f, --format <format>', formats).default('text');
}

/** `--fail-on`: exit 1 on `results` (findings, causes) at or above a severity; warning by default. */
export function failOnOption(results = 'findings'): Option {
  return new Option('--fail-on <severity>', `exit 1 on ${results} at or above: error, warning, info`).default(
    'warning',
  );
}

/** `--max-input-size`: what happens to an input larger than it (a linter refuses it); 64M by default. */
export function maxInputSizeOption(
  what = 'refuse inputs (and decompressed .gz) larger than this (bytes, or 64M, 1G)',
): Option {
  return new Option('--max-input-size <size>', what).default('64M');
}

/** `--policy-timeout`: how long loading `policies` may take. */
export function policyTimeoutOption(policies = 'the policy'): Option {
  return new Option('--policy-timeout <seconds>', `time limit for loading ${policies} (default 5)`);
}

/** A linter's command: the report options every linter takes (format, fail-on) come first. */
export function linterCommand(program: Command, name: string): Command {
  return program.command(name).addOption(formatOption()).addOption(failOnOption());
}
