import { optionRule } from '../../src/lint/config/rule.js';
import { cmdlineBool } from '../../src/lint/config/cmdline.js';
import { atLeast } from '../../src/lint/config/kernel-version.js';

export default optionRule({
  id: 'page-poisoning',
  severity: 'info',
  summary: 'freed pages are poisoned and checked on allocation when page_poison=1',
  options: ['PAGE_POISONING'],
  cmdline: ['page_poison'],
  versions: 'a boot switch (page_poison=1) since 4.6; on 2.6.32-era kernels compiled in means on',
  why:
    'With page_poison=1 every freed page is memset and every allocated page checked: ' +
    'two extra passes over each network buffer page. ' +
    'Off by default, so a distribution build (Debian) costs nothing.',
  fix: 'Remove page_poison=1 from the command line (or disable PAGE_POISONING).',
  sources: [
    'linux-6.1 mm/Kconfig.debug: PAGE_POISONING help ("page_poison=1")',
    'linux 4.6 commit "mm/page_poison.c: enable PAGE_POISONING as a separate option"',
  ],
  verdict: (ctx) => {
    const boot = cmdlineBool(ctx.param('page_poison'));
    if (boot === true)
      return {
        severity: 'warning',
        notes: ['enabled by page_poison=1 on the command line'],
        cmdlineFix: 'page_poison=1',
        disable: [],
      };
    if (ctx.version && !atLeast(ctx.version, '4.6'))
      return { severity: 'warning', notes: ['this kernel has no boot switch: poisoning is always on'] };
    if (ctx.cmdline) return null;
    return { notes: ['off unless page_poison=1 is on the command line (pass --cmdline /proc/cmdline to know)'] };
  },
});
