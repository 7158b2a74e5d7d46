import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'rcu-strict-grace-period',
  severity: 'error',
  summary: 'RCU grace periods forced as short as possible',
  options: [{ name: 'RCU_STRICT_GRACE_PERIOD', since: '5.10' }],
  why:
    'Every rcu_read_unlock() may start a grace period and IPIs other CPUs; ' +
    'the help text: "This option ... kills performance".',
  fix: 'Disable RCU_STRICT_GRACE_PERIOD.',
  sources: ['linux-6.1 kernel/rcu/Kconfig.debug: RCU_STRICT_GRACE_PERIOD help'],
});
