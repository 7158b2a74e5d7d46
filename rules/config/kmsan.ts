import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'kmsan',
  severity: 'error',
  summary: 'KMSAN tracks initialisation of every byte through shadow and origin memory',
  options: [{ name: 'KMSAN', since: '6.1' }],
  versions: 'from 6.1',
  why:
    'Every memory access and copy also updates shadow and origin metadata; ' +
    'the help text says it is "not intended for production use".',
  fix: 'Disable KMSAN.',
  sources: ['linux-6.1 lib/Kconfig.kmsan: KMSAN help'],
});
