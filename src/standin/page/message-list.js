// One channel's messages as Slack draws them: day dividers, grouped authors, ephemerals, files,
// thread replies under their parent.
import { h, renderBlocks } from './block-kit.js';
import { mrkdwn } from './mrkdwn.js';

/** An icon, not an emoji: it must not depend on the fonts of the machine showing the page. */
const EYE =
  '<svg width="14" height="14" viewBox="0 0 20 20" aria-hidden="true"><path fill="currentColor" d="M10 4C5.5 4 2.2 7.2 1 10c1.2 2.8 4.5 6 9 6s7.8-3.2 9-6c-1.2-2.8-4.5-6-9-6zm0 10a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm0-6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z"/></svg>';

const PALETTE = ['#e8912d', '#2bac76', '#1d9bd1', '#e01e5a', '#4a154b', '#9c6ade', '#d4634c'];
function avatarColor(id, botUserId) {
  if (id === botUserId) return '#2bac76';
  if (id === 'USLACKBOT') return '#36c5f0';
  let n = 0;
  for (const c of id) n = (n * 31 + c.charCodeAt(0)) % 9973;
  return PALETTE[n % PALETTE.length];
}

const timeOf = (ts) =>
  new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
const dayOf = (ts) =>
  new Date(Number(ts.split('.')[0]) * 1000).toLocaleDateString([], {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  });

function messageNode(m, previous, ctx) {
  const { state, dir } = ctx;
  const author = state.users.find((u) => u.id === m.user);
  const isApp = m.bot_id !== undefined || m.user === 'USLACKBOT';
  const name = m.user === state.bot.userId ? state.bot.name : (author?.realName ?? m.user);
  const compact =
    previous &&
    previous.user === m.user &&
    Boolean(previous.ephemeralTo) === Boolean(m.ephemeralTo) &&
    Number(m.ts) - Number(previous.ts) < 300 &&
    !m.thread_ts;
  const content =
    m.blocks?.length > 0
      ? renderBlocks(m.blocks, {
          dir,
          onAction: (a) => ctx.onAction({ ...a, channel: m.channel, messageTs: m.ts }),
        })
      : h('div', { class: 'msg-text', html: mrkdwn(m.text, dir) });
  const files = (m.files ?? []).map((f) =>
    /^image\/(png|jpeg|svg\+xml)$/.test(f.mimetype)
      ? h(
          'a',
          { class: 'file-image', href: f.url_private, target: '_blank' },
          h('div', { class: 'file-title' }, f.title),
          h('img', { src: f.url_private, alt: f.alt_txt ?? f.title }),
        )
      : h(
          'a',
          { class: 'file-card', href: f.url_private, target: '_blank' },
          '📄',
          h('b', {}, f.title),
          `${f.size} bytes`,
        ),
  );
  const classes = ['msg'];
  if (m.ephemeralTo) classes.push('ephemeral');
  if (compact) classes.push('compact');
  if (m.thread_ts && m.thread_ts !== m.ts) classes.push('reply');
  return h(
    'div',
    { class: classes.join(' '), 'data-testid': 'message', 'data-ts': m.ts, 'data-user': m.user },
    m.ephemeralTo ? h('div', { class: 'eph-note', html: `${EYE}Only visible to you` }) : null,
    h(
      'div',
      { class: 'avatar', style: `background:${avatarColor(m.user, state.bot.userId)}` },
      (name[0] ?? '?').toUpperCase(),
    ),
    h(
      'div',
      { class: 'msg-body' },
      compact
        ? null
        : h(
            'div',
            { class: 'msg-meta' },
            h('span', { class: 'author' }, name),
            isApp ? h('span', { class: 'badge' }, 'APP') : null,
            h('span', { class: 'time', title: m.ts }, timeOf(m.ts)),
          ),
      content,
      files,
      m.edited ? h('span', { class: 'edited' }, '(edited)') : null,
    ),
  );
}

/** Top-level messages in order, each followed by its thread replies. */
function threaded(messages) {
  const byTs = new Set(messages.map((m) => m.ts));
  const top = messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts || !byTs.has(m.thread_ts));
  return top.flatMap((m) => [m, ...messages.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts)]);
}

/**
 * ctx: { state (the page state), dir (mrkdwn names), onAction({ actionId, blockId, value, channel,
 * messageTs }) }.
 */
export function messageNodes(messages, ctx) {
  const nodes = [];
  let previous;
  let day = '';
  for (const m of threaded(messages)) {
    if (dayOf(m.ts) !== day) {
      day = dayOf(m.ts);
      nodes.push(h('div', { class: 'day-divider' }, h('span', {}, day)));
      previous = undefined;
    }
    nodes.push(messageNode(m, previous, ctx));
    previous = m;
  }
  return nodes;
}
