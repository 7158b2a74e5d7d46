import { optionRule } from '../../src/lint/config/rule.js';
import { cmdlineBool } from '../../src/lint/config/cmdline.js';

export default optionRule({
  id: 'page-owner',
  severity: 'info',
  summary: 'a stack trace is saved for every page allocation when page_owner=on',
  options: [{ name: 'PAGE_OWNER', since: '3.19' }],
  cmdline: ['page_owner'],
  versions: 'from 3.19; off unless page_owner=on',
  why:
    'With page_owner=on each page allocation unwinds and stores the stack in the page extension: ' +
    'per-packet page allocations get an unwinder call.',
  fix: 'Remove page_owner=on from the command line (or disable PAGE_OWNER).',
  sources: ['linux-6.1 mm/Kconfig.debug: PAGE_OWNER help'],
  verdict: (ctx) => {
    const boot = cmdlineBool(ctx.param('page_owner'));
    if (boot === true)
      return {
        severity: 'warning',
        notes: ['enabled by page_owner=on on the command line'],
        cmdlineFix: 'page_owner=on',
        disable: [],
      };
    if (ctx.cmdline) return null;
    return { notes: ['off unless page_owner=on is on the command line'] };
  },
});
