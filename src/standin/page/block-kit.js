// Block Kit as Slack's client draws it, for the stand-in page: blocks, buttons and modal inputs.
import { EMOJI, esc, mrkdwn, plain, textObject } from './mrkdwn.js';

/** Tiny DOM builder: h('div', { class: 'x', onclick }, child, 'text'). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'html') el.innerHTML = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false)
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function button(el, block, ctx) {
  const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
  const b = h('button', {
    type: 'button',
    class: `bk-btn${style}`,
    'data-action-id': el.action_id,
    'data-block-id': block.block_id,
    'data-value': el.value,
    html: plain(el.text),
  });
  b.addEventListener('click', async () => {
    if (el.url) window.open(el.url, '_blank', 'noopener');
    b.disabled = true;
    try {
      await ctx.onAction({ actionId: el.action_id, blockId: block.block_id, value: el.value });
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** Elements the stand-in cannot send actions for are shown, disabled, so the message still reads right. */
function element(el, block, ctx) {
  if (el.type === 'button') return button(el, block, ctx);
  if (el.type === 'image') return h('img', { src: el.image_url, alt: el.alt_text ?? '' });
  if (el.type === 'overflow')
    return h('button', { type: 'button', class: 'bk-btn', disabled: true, title: 'overflow' }, '⋯');
  if (el.type === 'static_select' || el.type === 'users_select' || el.type === 'datepicker') {
    return h(
      'select',
      { class: 'bk-select-static', disabled: true, title: `${el.type} (not clickable in the stand-in)` },
      h('option', {}, el.initial_option?.text?.text ?? el.placeholder?.text ?? 'Select'),
    );
  }
  return h('span', { class: 'bk-unknown' }, `[${el.type}]`);
}

function richText(block, dir) {
  const span = (e) => {
    if (e.type === 'link')
      return `<a href="${esc(e.url)}" target="_blank" rel="noopener">${esc(e.text ?? e.url)}</a>`;
    if (e.type === 'user') return `<span class="bk-mention">@${esc(dir.user(e.user_id))}</span>`;
    if (e.type === 'channel') return `<span class="bk-mention">#${esc(dir.channel(e.channel_id))}</span>`;
    if (e.type === 'usergroup') return `<span class="bk-mention">@${esc(dir.group(e.usergroup_id))}</span>`;
    if (e.type === 'emoji') return EMOJI[e.name] ?? `:${esc(e.name)}:`;
    let html = esc(e.text ?? '').replace(/\n/g, '<br>');
    if (e.style?.code) html = `<code class="bk-code">${html}</code>`;
    if (e.style?.bold) html = `<b>${html}</b>`;
    if (e.style?.italic) html = `<i>${html}</i>`;
    if (e.style?.strike) html = `<s>${html}</s>`;
    return html;
  };
  const part = (p) => {
    const inner = (p.elements ?? [])
      .map((e) => (e.type?.startsWith('rich_text_') ? part(e) : span(e)))
      .join('');
    if (p.type === 'rich_text_preformatted') return `<pre class="bk-pre">${inner}</pre>`;
    if (p.type === 'rich_text_quote') return `<div class="bk-quote">${inner}</div>`;
    if (p.type === 'rich_text_list') {
      const tag = p.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag}>${(p.elements ?? []).map((e) => `<li>${part(e)}</li>`).join('')}</${tag}>`;
    }
    return `<div>${inner}</div>`;
  };
  return h('div', { class: 'bk-text', html: (block.elements ?? []).map(part).join('') });
}

function inputElement(el, block, initial) {
  const data = { 'data-block-id': block.block_id, 'data-action-id': el.action_id ?? block.block_id };
  const typed = { ...data, 'data-input-type': el.type, id: `in-${block.block_id}` };
  const placeholder = el.placeholder?.text;
  if (el.type === 'plain_text_input' || el.type === 'number_input' || el.type === 'email_text_input') {
    const value = initial?.value ?? el.initial_value ?? '';
    if (el.multiline) return h('textarea', { ...typed, placeholder, maxlength: el.max_length }, value);
    const type = el.type === 'number_input' ? 'number' : 'text';
    return h('input', { ...typed, type, placeholder, value, maxlength: el.max_length });
  }
  if (el.type === 'static_select') {
    const options = el.options ?? (el.option_groups ?? []).flatMap((g) => g.options ?? []);
    const selected = initial?.selected_option?.value ?? el.initial_option?.value ?? '';
    const select = h(
      'select',
      typed,
      h('option', { value: '' }, placeholder ?? 'Select an option'),
      options.map((o) =>
        h('option', { value: o.value, selected: o.value === selected }, o.text?.text ?? o.value),
      ),
    );
    select.slackOptions = options;
    return select;
  }
  if (el.type === 'datepicker') {
    return h('input', { ...typed, type: 'date', value: initial?.selected_date ?? el.initial_date ?? '' });
  }
  if (el.type === 'checkboxes') {
    const chosen = new Set((initial?.selected_options ?? el.initial_options ?? []).map((o) => o.value));
    const box = h('div', { ...typed, class: 'bk-checks' });
    box.slackOptions = el.options ?? [];
    for (const o of box.slackOptions) {
      box.append(
        h(
          'label',
          {},
          h('input', { type: 'checkbox', value: o.value, checked: chosen.has(o.value) }),
          plain(o.text),
        ),
      );
    }
    return box;
  }
  return h('span', { class: 'bk-unknown' }, `[${el.type} input]`);
}

function inputBlock(block, ctx) {
  const error = ctx.errors?.[block.block_id];
  const initial = ctx.values?.[block.block_id];
  return h(
    'div',
    { class: `bk-input${error ? ' has-error' : ''}` },
    h(
      'label',
      { for: `in-${block.block_id}` },
      h('span', { html: plain(block.label) }),
      block.optional ? h('span', { class: 'optional' }, ' (optional)') : null,
    ),
    inputElement(block.element ?? {}, block, initial ? Object.values(initial)[0] : undefined),
    block.hint ? h('div', { class: 'bk-hint', html: plain(block.hint) }) : null,
    error ? h('div', { class: 'bk-error' }, error) : null,
  );
}

function renderBlock(block, ctx) {
  const { dir } = ctx;
  switch (block.type) {
    case 'header':
      return h('div', { class: 'bk-header', html: plain(block.text) });
    case 'section': {
      const main = h('div', { class: 'bk-section-main' });
      if (block.text) main.append(h('div', { class: 'bk-text', html: textObject(block.text, dir) }));
      if (block.fields?.length) {
        main.append(
          h(
            'div',
            { class: 'bk-fields' },
            block.fields.map((f) => h('div', { class: 'bk-text', html: textObject(f, dir) })),
          ),
        );
      }
      const accessory = block.accessory
        ? h('div', { class: 'bk-accessory' }, element(block.accessory, block, ctx))
        : null;
      return h('div', { class: 'bk-section' }, main, accessory);
    }
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        (block.elements ?? []).map((e) =>
          e.type === 'image'
            ? h('img', { src: e.image_url, alt: e.alt_text ?? '' })
            : h('span', { html: textObject(e, dir) }),
        ),
      );
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions' },
        (block.elements ?? []).map((e) => element(e, block, ctx)),
      );
    case 'image':
      return h(
        'div',
        { class: 'bk-image' },
        block.title ? h('div', { class: 'bk-image-title', html: plain(block.title) }) : null,
        h('img', { src: block.image_url, alt: block.alt_text ?? '' }),
      );
    case 'input':
      return inputBlock(block, ctx);
    case 'rich_text':
      return richText(block, dir);
    case 'markdown':
      return h('div', {
        class: 'bk-text',
        html: mrkdwn(String(block.text ?? '').replace(/\*\*(.+?)\*\*/g, '*$1*'), dir),
      });
    default:
      return h('div', { class: 'bk-unknown' }, `[${block.type} block]`);
  }
}

/**
 * Renders blocks. ctx: { dir, onAction({ actionId, blockId, value }), errors?, values? } where errors
 * and values (Slack's state.values shape) fill a modal's inputs.
 */
export function renderBlocks(blocks, ctx) {
  return h(
    'div',
    { class: 'bk' },
    (blocks ?? []).map((b) => renderBlock(b, ctx)),
  );
}

/** A modal's inputs in Slack's state.values shape, read back from the DOM. */
export function readInputs(root) {
  const values = {};
  for (const el of root.querySelectorAll('[data-input-type]')) {
    const { blockId, actionId, inputType: type } = el.dataset;
    let value;
    if (type === 'static_select') {
      const o = (el.slackOptions ?? []).find((x) => x.value === el.value);
      value = { type, selected_option: o ? { text: o.text, value: o.value } : null };
    } else if (type === 'datepicker') {
      value = { type, selected_date: el.value || null };
    } else if (type === 'checkboxes') {
      const on = new Set([...el.querySelectorAll('input:checked')].map((i) => i.value));
      value = { type, selected_options: (el.slackOptions ?? []).filter((o) => on.has(o.value)) };
    } else {
      value = { type, value: el.value === '' ? null : el.value };
    }
    values[blockId] = { [actionId]: value };
  }
  return values;
}
