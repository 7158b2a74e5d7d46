/*
 * definePolicy(): the one function a policy file calls. Its job is typing, not checking: the
 * parameter is the plain Policy type so that TypeScript's excess-property check applies to the
 * object literal a policy file passes, at every depth, with the compiler's own "Did you mean to
 * write 'bindToCpu'?" suggestions. (A `const` generic with an Exact<> mapped type would also catch
 * objects built in a variable, but its errors read "not assignable to type 'never'"; the runtime
 * validator, which check-policy and every load run, catches those cases with a clear message.)
 */
import type { Policy } from './policy.js';

/**
 * The objects definePolicy() returned. Kept in one WeakSet per process, found through
 * Symbol.for(), so that the mark survives two copies of this module (the CLI from dist/, a test
 * from src/) and never touches the user's object (it may be frozen).
 */
const KEY = Symbol.for('netback-policy.defined-policies');
function defined(): WeakSet<object> {
  const g = globalThis as unknown as Record<symbol, WeakSet<object> | undefined>;
  return (g[KEY] ??= new WeakSet<object>());
}

/**
 * Declares a netback policy: the default export of a policy file.
 *
 * ```ts
 * import { definePolicy } from 'netback-policy';
 *
 * export default definePolicy({
 *   name: 'dom0-scale-out',
 *   author: 'Jane Doe <jane@example.com>',
 *   date: '2024-05-01',
 *   threading: { model: 'kthread', groups: 'online-cpus', bindToCpu: true },
 *   locks: { idxRelease: 'per-group' },
 *   irq: { spread: 'group-cpu' },
 * });
 * ```
 *
 * Every knob is optional and only the knobs given make patches. The object is returned as is,
 * remembered so that the loader can tell it from an unrelated default export; values are checked
 * when the file is loaded (`netback-policy check-policy policy.ts` checks types and values).
 */
export function definePolicy(policy: Policy): Policy {
  if (policy !== null && typeof policy === 'object') defined().add(policy);
  return policy;
}

/** Whether a value came out of definePolicy(). */
export function isDefinedPolicy(value: unknown): boolean {
  return value !== null && typeof value === 'object' && defined().has(value);
}
