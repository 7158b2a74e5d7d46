/** The package's public API: the policy DSL (added with the DSL) and shared types. */
export type { Finding, Severity } from './core/finding.js';
export type { RuleMeta } from './core/rule-meta.js';
export { NetbackError } from './core/errors.js';
export { EXIT } from './core/exit-codes.js';
export { definePolicy } from './dsl/define-policy.js';
export type {
  Policy,
  ThreadingPolicy,
  KthreadThreading,
  TaskletThreading,
  UnchangedThreading,
  GroupCount,
  Assignment,
  LockPolicy,
  IrqPolicy,
} from './dsl/policy.js';
