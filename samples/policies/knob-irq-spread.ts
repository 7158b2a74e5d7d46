/* One knob: each VIF's event-channel IRQ follows its group's CPU. */
import { definePolicy } from 'netback-policy';

export default definePolicy({
  name: 'knob-irq-spread',
  author: 'Jane Doe <jane@example.com>',
  date: '2024-05-01T09:00:00Z',
  irq: { spread: 'group-cpu' },
});
