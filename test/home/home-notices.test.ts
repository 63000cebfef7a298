import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.js';
import { HomeNotices, NOTICE_MS } from '../../src/home/home-notices.js';

const answer = (summary: string): Message => ({ summary, tone: 'good', blocks: [] });

describe('the answers kept on top of people’s App Homes', () => {
  it('keep a person’s last answer for a couple of minutes, then let it go', () => {
    let now = 0;
    const notices = new HomeNotices(() => now);
    notices.remember('U1', answer('first'));
    notices.remember('U1', answer('Recorded: gate 1 approved.'));
    expect(notices.current('U1')?.summary).toBe('Recorded: gate 1 approved.');
    expect(notices.current('U2')).toBeUndefined();
    now = NOTICE_MS;
    expect(notices.current('U1')).toBeDefined();
    now = NOTICE_MS + 1;
    expect(notices.current('U1')).toBeUndefined();
  });

  it('hold at most 1,000 people, the longest unanswered out first', () => {
    const notices = new HomeNotices(() => 0);
    for (let i = 0; i < 1_001; i++) notices.remember(`U${i}`, answer(`answer ${i}`));
    expect(notices.current('U0')).toBeUndefined();
    expect(notices.current('U1')?.summary).toBe('answer 1');
    expect(notices.current('U1000')?.summary).toBe('answer 1000');
  });
});
