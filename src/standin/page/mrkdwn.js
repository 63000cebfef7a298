// mrkdwn as Slack's client draws it. Text is always escaped; only the markup built here reaches
// the DOM as HTML.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
/** Apps escape &, < and > in mrkdwn; the client shows them as characters. */
const unslack = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The shortcodes an ops bot uses; others stay as text, as Slack shows unknown ones. */
export const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  rotating_light: '🚨',
  no_entry: '⛔',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  red_circle: '🔴',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  black_circle: '⚫',
  large_green_square: '🟩',
  large_yellow_square: '🟨',
  large_red_square: '🟥',
  white_large_square: '⬜',
  black_large_square: '⬛',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  stopwatch: '⏱️',
  alarm_clock: '⏰',
  calendar: '📅',
  date: '📅',
  spiral_calendar_pad: '🗓️',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  mag: '🔍',
  information_source: 'ℹ️',
  bulb: '💡',
  memo: '📝',
  clipboard: '📋',
  pushpin: '📌',
  repeat: '🔁',
  arrows_counterclockwise: '🔄',
  arrow_right: '➡️',
  arrow_forward: '▶️',
  rocket: '🚀',
  tada: '🎉',
  checkered_flag: '🏁',
  construction: '🚧',
  gear: '⚙️',
  hammer_and_wrench: '🛠️',
  wrench: '🔧',
  robot_face: '🤖',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  bell: '🔔',
  fire: '🔥',
  zzz: '💤',
  eyes: '👀',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  '-1': '👎',
  question: '❓',
  exclamation: '❗',
  heavy_minus_sign: '➖',
  heavy_plus_sign: '➕',
  small_orange_diamond: '🔸',
  small_blue_diamond: '🔹',
  package: '📦',
  inbox_tray: '📥',
  outbox_tray: '📤',
  link: '🔗',
  basketball: '🏀',
  crystal_ball: '🔮',
  dart: '🎯',
  trophy: '🏆',
  broom: '🧹',
  card_file_box: '🗃️',
  file_folder: '📁',
  page_facing_up: '📄',
  sparkles: '✨',
  shield: '🛡️',
  stop_sign: '🛑',
  hand: '✋',
  wave: '👋',
};

export const emoji = (html) => html.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] ?? all);

/** Names for <@U..>, <#C..> and <!subteam^S..>, from the page's state. */
export function directory(state) {
  const users = new Map(state.users.map((u) => [u.id, u.name]));
  const channels = new Map(state.channels.map((c) => [c.id, c.name]));
  const groups = new Map(state.usergroups.map((g) => [g.id, g.handle]));
  return {
    user: (id) => users.get(id) ?? id,
    channel: (id) => channels.get(id) ?? id,
    group: (id) => groups.get(id) ?? id,
  };
}

function special(inner, dir) {
  const [target, label] = inner.split('|', 2);
  if (target.startsWith('@'))
    return `<span class="bk-mention">@${esc(label ? unslack(label) : dir.user(target.slice(1)))}</span>`;
  if (target.startsWith('#'))
    return `<span class="bk-mention">#${esc(label ? unslack(label) : dir.channel(target.slice(1)))}</span>`;
  if (target.startsWith('!subteam^')) {
    const name = label ? label.replace(/^@/, '') : dir.group(target.slice('!subteam^'.length));
    return `<span class="bk-mention">@${esc(name)}</span>`;
  }
  if (target.startsWith('!date^')) return esc(label ?? target);
  if (target.startsWith('!')) return `<span class="bk-mention">@${esc(target.slice(1))}</span>`;
  // The app escaped & in the address too (`?a=1&amp;b=2`); the link goes where Slack's would.
  const text = esc(unslack(label ?? target));
  return /^(https?:|mailto:)/i.test(target)
    ? `<a href="${esc(unslack(target))}" target="_blank" rel="noopener noreferrer">${text}</a>`
    : text;
}

/** One line of mrkdwn: code spans and <...> tokens first, then bold, italic, strike and emoji. */
function inline(line, dir) {
  const held = [];
  // Private-use characters mark held spans: they never occur in Slack text.
  const hold = (html) => `\uE000${held.push(html) - 1}\uE001`;
  let s = line.replace(/`([^`\n]+)`/g, (_, code) =>
    hold(`<code class="bk-code">${esc(unslack(code))}</code>`),
  );
  s = s.replace(/<([^<>\n]+)>/g, (_, inner) => hold(special(inner, dir)));
  s = emoji(esc(unslack(s)));
  s = s
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1<b>$2</b>')
    .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1<i>$2</i>')
    .replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?!\w)/g, '$1<s>$2</s>');
  return s.replace(/\uE000(\d+)\uE001/g, (_, i) => held[Number(i)]);
}

/** Lines of mrkdwn outside code blocks: consecutive `>` lines form one quote. */
function lines(text, dir) {
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<div class="bk-quote">${quote.join('<br>')}</div>`);
    quote = [];
  };
  const rows = text.split('\n');
  for (const [i, row] of rows.entries()) {
    const q = /^(?:>|&gt;) ?(.*)$/.exec(row);
    if (q) {
      quote.push(inline(q[1], dir));
      continue;
    }
    flush();
    out.push(inline(row, dir) + (i < rows.length - 1 ? '<br>' : ''));
  }
  flush();
  return out.join('');
}

/** Slack mrkdwn to HTML: ```pre```, `code`, *bold*, _italic_, ~strike~, links, mentions, quotes. */
export function mrkdwn(text, dir) {
  const parts = String(text ?? '').split('```');
  if (parts.length % 2 === 0) parts.push(`\`\`\`${parts.pop()}`); // an unclosed fence stays text
  return parts
    .map((part, i) => {
      if (i % 2 === 1)
        return `<pre class="bk-pre">${esc(unslack(part.replace(/^\n/, '').replace(/\n$/, '')))}</pre>`;
      // A fence is a block of its own: the newlines around it are not extra lines.
      let t = part;
      if (i > 0) t = t.replace(/^\n/, '');
      if (i < parts.length - 1) t = t.replace(/\n$/, '');
      return lines(t, dir);
    })
    .join('');
}

export const plain = (t) => emoji(esc(t?.text ?? ''));

export function textObject(t, dir) {
  if (!t) return '';
  return t.type === 'mrkdwn' ? mrkdwn(t.text, dir) : `<span class="bk-plain">${plain(t)}</span>`;
}
