// The stand-in page: a Slack client for one workspace. It only reads /ui/state and posts to the
// /ui/* endpoints, which run the same stand-in operations the tests call.
import { h, renderBlocks } from './block-kit.js';
import { messageNodes } from './message-list.js';
import { renderModal } from './modal.js';
import { directory } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
const saved = (key, fallback) => localStorage.getItem(`standin.${key}`) ?? fallback;
const save = (key, value) => localStorage.setItem(`standin.${key}`, value);

const ui = {
  me: saved('user', 'U0OPS'),
  /** A channel id, 'home' (the app's Home tab) or 'dm' (the app's Messages tab). */
  place: saved('place', 'C0OPS'),
  state: null,
  /** Last ts seen per channel, for the bold "unread" channel names. */
  seen: {},
  modalKey: '',
  homeAsked: false,
  scrollToEnd: true,
};

function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 4000);
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    toast(json.error ?? `HTTP ${res.status}`);
    throw new Error(json.error ?? `HTTP ${res.status}`);
  }
  return json;
}

let loading = null;
let again = false;
/** Refetches the state; calls during a fetch coalesce into one more fetch. */
function refresh() {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      const res = await fetch(`/ui/state?user=${encodeURIComponent(ui.me)}`);
      if (res.ok) ui.state = await res.json();
      else if (ui.me !== 'U0OPS') ui.me = 'U0OPS';
    } while (again);
    render();
  })().finally(() => {
    loading = null;
  });
  return loading;
}

const dmChannel = () => ui.state.channels.find((c) => c.kind === 'dm');
const currentChannel = () => (ui.place === 'dm' ? dmChannel()?.id : ui.place === 'home' ? null : ui.place);
const channelName = (id) => ui.state.channels.find((c) => c.id === id)?.name ?? id;

function renderSwitcher() {
  const select = $('user-switcher');
  const people = ui.state.users.filter((u) => !u.isBot);
  if (select.options.length !== people.length) {
    select.replaceChildren(
      ...people.map((u) =>
        h('option', { value: u.id }, `${u.realName} (@${u.name})${u.title ? ` · ${u.title}` : ''}`),
      ),
    );
  }
  select.value = ui.me;
}

function renderSidebar() {
  $('workspace-name').textContent = ui.state.team.name;
  const list = $('channel-list');
  list.replaceChildren(
    ...ui.state.channels
      .filter((c) => c.kind === 'channel')
      .map((c) => {
        const last = ui.state.messages[c.id]?.at(-1)?.ts;
        const unread = c.id !== ui.place && last && (!ui.seen[c.id] || last > ui.seen[c.id]);
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: `sidebar-item${c.id === ui.place ? ' selected' : ''}${unread ? ' unread' : ''}`,
              'data-testid': `channel-${c.id}`,
              onclick: () => go(c.id),
            },
            h('span', { class: 'hash' }, '#'),
            h('span', {}, c.name),
          ),
        );
      }),
  );
  const inApp = ui.place === 'home' || ui.place === 'dm';
  $('app-home-link').classList.toggle('selected', inApp);
  $('app-home-link').lastElementChild.textContent = ui.state.bot.name;
}

function renderHeader() {
  const header = $('pane-header');
  const inApp = ui.place === 'home' || ui.place === 'dm';
  $('app-tabs').hidden = !inApp;
  $('tab-home').classList.toggle('active', ui.place === 'home');
  $('tab-messages').classList.toggle('active', ui.place === 'dm');
  if (inApp) {
    header.replaceChildren(h('span', { class: 'app-dot' }, 'B'), h('span', {}, ui.state.bot.name));
  } else {
    header.replaceChildren(
      h('span', {}, `# ${channelName(ui.place)}`),
      h('span', { class: 'topic' }, ui.place === 'C0OPS' ? 'Backfills, gates and re-runs' : ''),
    );
  }
}

function renderMessages() {
  const box = $('messages');
  const channel = currentChannel();
  box.hidden = channel === null;
  if (channel === null) return;
  const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 120;
  const messages = ui.state.messages[channel] ?? [];
  const nodes = messageNodes(messages, {
    state: ui.state,
    dir: directory(ui.state),
    onAction: (a) => post('/ui/action', { ...a, user: ui.me }),
  });
  if (nodes.length === 0) {
    const where = ui.place === 'dm' ? `your messages with ${ui.state.bot.name}` : `#${channelName(channel)}`;
    nodes.push(h('div', { class: 'empty' }, `This is the very beginning of ${where}.`));
  }
  box.replaceChildren(...nodes);
  ui.seen[channel] = messages.at(-1)?.ts ?? '';
  if (atEnd || ui.scrollToEnd) {
    box.scrollTop = box.scrollHeight;
    // Images change the height when they arrive; stay at the end for them too.
    for (const img of box.querySelectorAll('img')) {
      if (!img.complete)
        img.addEventListener('load', () => (box.scrollTop = box.scrollHeight), { once: true });
    }
  }
  ui.scrollToEnd = false;
}

function renderHome() {
  const box = $('home');
  box.hidden = ui.place !== 'home';
  if (box.hidden) return;
  const home = ui.state.home;
  const dir = directory(ui.state);
  if (!home) {
    const text = ui.homeAsked ? `${ui.state.bot.name} has not published a Home tab for you yet.` : 'Opening…';
    box.replaceChildren(h('div', { class: 'empty' }, text));
    return;
  }
  box.replaceChildren(
    home.banner ? h('div', { class: 'modal-banner' }, home.banner) : '',
    renderBlocks(home.view.blocks, {
      dir,
      onAction: (a) => post('/ui/action', { ...a, user: ui.me, viewId: home.view.id }),
    }),
  );
}

function renderComposer() {
  const channel = currentChannel();
  $('composer-form').hidden = channel === null;
  if (channel === null) return;
  const input = $('composer');
  input.placeholder = ui.place === 'dm' ? `Message ${ui.state.bot.name}` : `Message #${channelName(channel)}`;
}

async function closeModal(viewId) {
  await post('/ui/close', { user: ui.me, viewId });
}

function render() {
  if (!ui.state) return;
  renderSwitcher();
  renderSidebar();
  renderHeader();
  renderMessages();
  renderHome();
  renderComposer();
  ui.modalKey = renderModal($('modal-root'), ui.state.modal, ui.modalKey, {
    dir: directory(ui.state),
    onAction: (a) => post('/ui/action', { ...a, user: ui.me }),
    onSubmit: (viewId, values) => post('/ui/submit', { user: ui.me, viewId, values }),
    onClose: closeModal,
  });
}

async function openHomeTab() {
  ui.homeAsked = false;
  render();
  // Slack sends app_home_opened every time the tab is opened; the app answers with views.publish.
  await post('/ui/home', { user: ui.me }).catch(() => {});
  ui.homeAsked = true;
  await refresh();
}

function go(place) {
  ui.place = place;
  save('place', place);
  ui.scrollToEnd = true;
  render();
  if (place === 'home') openHomeTab();
  else $('composer').focus();
}

async function send(text) {
  const channel = currentChannel();
  const hint = $('composer-hint');
  const original = hint.innerHTML;
  if (!text.startsWith('/')) {
    await post('/ui/message', { user: ui.me, channel, text });
    return;
  }
  hint.textContent = `Sent ${text.split(/\s/)[0]} · waiting for ${ui.state.bot.name}…`;
  ui.scrollToEnd = true;
  try {
    await post('/ui/command', { user: ui.me, channel, text });
  } finally {
    hint.innerHTML = original;
  }
}

function wire() {
  $('composer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('composer');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text).catch(() => {});
  });
  $('user-switcher').addEventListener('change', (event) => {
    ui.me = event.target.value;
    save('user', ui.me);
    ui.modalKey = '';
    ui.scrollToEnd = true;
    refresh().then(() => {
      if (ui.place === 'home') openHomeTab();
    });
  });
  $('app-home-link').addEventListener('click', () => go('home'));
  $('tab-home').addEventListener('click', () => go('home'));
  $('tab-messages').addEventListener('click', () => go('dm'));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && ui.state?.modal) closeModal(ui.state.modal.view.id);
  });
  const events = new EventSource('/ui/events');
  events.addEventListener('change', () => refresh());
}

wire();
await refresh();
if (ui.place === 'home') openHomeTab();
else $('composer').focus();
