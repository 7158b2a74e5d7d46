/* Bad on purpose: throws while loading. */
import { definePolicy } from 'netback-policy';

const cpus = Number(process.env.NETBACK_POLICY_SAMPLE_CPUS ?? 'many');
if (Number.isNaN(cpus)) throw new Error('NETBACK_POLICY_SAMPLE_CPUS is not a number');

export default definePolicy({
  threading: { groups: cpus },
});
