import { optionRule } from '../../src/lint/config/rule.js';

export default optionRule({
  id: 'prove-rcu',
  severity: 'error',
  summary: 'lockdep checking of every RCU read-side critical section and list traversal',
  options: [
    { name: 'PROVE_RCU', since: '2.6.34' },
    { name: 'PROVE_RCU_LIST', since: '5.6' },
  ],
  versions: 'PROVE_RCU from 2.6.34 (defaults to PROVE_LOCKING), PROVE_RCU_LIST from 5.6',
  why:
    'rcu_read_lock()/unlock() become lockdep acquire/release events and every rcu_dereference_check() ' +
    'and list_for_each_entry_rcu() evaluates a lockdep condition. The receive path is full of RCU ' +
    'lookups (netdev, routes, sockets).',
  fix: 'Disable PROVE_RCU and PROVE_RCU_LIST (they go with PROVE_LOCKING).',
  sources: ['linux-6.1 kernel/rcu/Kconfig.debug: PROVE_RCU default PROVE_LOCKING; PROVE_RCU_LIST'],
});
