// A realistic answer for the page tests: what a status message from the app looks like in Slack.
// Written by hand here because the stand-in must know nothing about the app.

const bar = (done: number, total: number, width = 20): string => {
  const full = Math.round((done / total) * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
};

const row = (label: string, done: number, total: number) =>
  `${label.padEnd(22)} ${bar(done, total)} ${((done / total) * 100).toFixed(1).padStart(5)}%  ${done}/${total}`;

export const statusBlocks = [
  { type: 'header', text: { type: 'plain_text', text: 'Backfill status · season 2023-24' } },
  {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: '*Range*\n2023-10-24..2024-06-17' },
      { type: 'mrkdwn', text: '*Expected dates*\n165 game days' },
      { type: 'mrkdwn', text: '*Verdict*\n:large_yellow_circle: Phase 4 incomplete' },
      { type: 'mrkdwn', text: '*Asked by*\n<@U0OPS>' },
    ],
  },
  {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: [
        '```',
        row('Phase 2 raw', 165, 165),
        row('Phase 3 analytics', 165, 165),
        row('  player_game_summary', 165, 165),
        row('Phase 4 precompute', 151, 158),
        row('  player_daily_cache', 140, 158),
        '```',
      ].join('\n'),
    },
  },
  {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: '_7 bootstrap days excluded_ · `nba_precompute` missing *18* dates · <https://example.com/runbook|runbook>',
    },
  },
  { type: 'divider' },
  {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: 'Checked 4 s ago · 1 warehouse round trip · <!subteam^S0LEADS> approve gates' },
    ],
  },
  {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: 'show_gaps',
        text: { type: 'plain_text', text: 'Show gaps' },
        style: 'primary',
        value: 'gaps 2023-24',
      },
      {
        type: 'button',
        action_id: 'request_rerun',
        text: { type: 'plain_text', text: 'Request re-run…' },
        value: 'rerun',
      },
      {
        type: 'button',
        action_id: 'reject',
        text: { type: 'plain_text', text: 'Reject' },
        style: 'danger',
        value: 'reject',
      },
    ],
  },
];

export const rerunModal = {
  type: 'modal' as const,
  callback_id: 'rerun_request',
  title: { type: 'plain_text' as const, text: 'Request a re-run' },
  submit: { type: 'plain_text' as const, text: 'Request' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  private_metadata: '{"season":"2023-24"}',
  blocks: [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Re-runs publish to Pub/Sub after a dependency check. *Phase 3 must be complete.*',
      },
    },
    {
      type: 'input',
      block_id: 'dates',
      label: { type: 'plain_text', text: 'Dates' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        placeholder: { type: 'plain_text', text: '2024-01-01..2024-01-07' },
      },
      hint: { type: 'plain_text', text: 'A date, a range or a season.' },
    },
    {
      type: 'input',
      block_id: 'phase',
      label: { type: 'plain_text', text: 'Phase' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: [
          { text: { type: 'plain_text', text: 'Phase 3 analytics' }, value: 'analytics' },
          { text: { type: 'plain_text', text: 'Phase 4 precompute' }, value: 'precompute' },
        ],
        initial_option: { text: { type: 'plain_text', text: 'Phase 4 precompute' }, value: 'precompute' },
      },
    },
    {
      type: 'input',
      block_id: 'reason',
      optional: true,
      label: { type: 'plain_text', text: 'Reason' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    },
  ],
};

/** What a person sees on the app's Home tab; `opens` shows that a refresh re-published it. */
export const homeView = (user: string, opens: number) => ({
  type: 'home' as const,
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'backfill-bot' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Good evening, ${user === 'U0LEAD1' ? 'Lee' : `<@${user}>`}. *2 gates* wait for a lead.`,
      },
      accessory: { type: 'button', action_id: 'home_refresh', text: { type: 'plain_text', text: 'Refresh' } },
    },
    { type: 'divider' },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Gate 1 · 2023-24*\n:white_check_mark: Phase 3 complete' },
        { type: 'mrkdwn', text: '*Gate 2 · 2023-24*\n:hourglass_flowing_sand: 7 dates missing' },
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Refreshed ${opens} times` }] },
  ],
});

/** A small bar chart as an uploaded SVG, the way a report might attach one. */
export const chartSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="150" viewBox="0 0 360 150">
<rect width="360" height="150" fill="#fff"/>
<g font-family="sans-serif" font-size="12" fill="#1d1c1d">
<text x="10" y="30">Phase 2</text><rect x="90" y="18" width="250" height="16" fill="#2bac76"/>
<text x="10" y="62">Phase 3</text><rect x="90" y="50" width="250" height="16" fill="#2bac76"/>
<text x="10" y="94">Phase 4</text><rect x="90" y="82" width="229" height="16" fill="#ecb22e"/>
<text x="10" y="126">Phase 5</text><rect x="90" y="114" width="120" height="16" fill="#e01e5a"/>
</g></svg>`;
