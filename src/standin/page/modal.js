// The modal on top of the user's stack, with Slack's chrome: title, inputs, errors, Close/Submit.
import { h, readInputs, renderBlocks } from './block-kit.js';
import { plain } from './mrkdwn.js';

/**
 * Draws `modal` (or removes it) and returns the key it drew. An unchanged key leaves the DOM alone,
 * and a new key for the same view keeps what the person typed. ctx: { dir, onAction(a), onSubmit(viewId,
 * values), onClose(viewId) }.
 */
export function renderModal(root, modal, previousKey, ctx) {
  if (!modal) {
    root.replaceChildren();
    return '';
  }
  const { view } = modal;
  const key = `${view.id}:${view.hash}:${JSON.stringify(modal.errors)}:${modal.banner}`;
  if (key === previousKey) return key;
  // Same view with new errors: keep what the person typed.
  const values = previousKey.startsWith(`${view.id}:${view.hash}:`) ? readInputs(root) : undefined;
  const body = h(
    'div',
    { class: 'modal-body' },
    renderBlocks(view.blocks, {
      dir: ctx.dir,
      errors: modal.errors,
      values,
      onAction: (a) => ctx.onAction({ ...a, viewId: view.id }),
    }),
  );
  const submit = view.submit
    ? h('button', {
        type: 'submit',
        class: 'bk-btn primary',
        'data-testid': 'modal-submit',
        html: plain(view.submit),
      })
    : null;
  const form = h(
    'form',
    {
      class: 'modal',
      'data-testid': 'modal',
      'data-view-id': view.id,
      role: 'dialog',
      'aria-modal': 'true',
      onsubmit: async (event) => {
        event.preventDefault();
        if (!submit) return;
        submit.disabled = true;
        try {
          await ctx.onSubmit(view.id, readInputs(body));
        } finally {
          submit.disabled = false;
        }
      },
    },
    h(
      'div',
      { class: 'modal-head' },
      h('span', { class: 'app-dot' }, 'B'),
      h('h2', { class: 'modal-title', html: plain(view.title) }),
      h(
        'button',
        { type: 'button', class: 'modal-x', 'aria-label': 'Close', onclick: () => ctx.onClose(view.id) },
        '×',
      ),
    ),
    modal.banner ? h('div', { class: 'modal-banner' }, modal.banner) : null,
    body,
    h(
      'div',
      { class: 'modal-foot' },
      h('button', {
        type: 'button',
        class: 'bk-btn',
        'data-testid': 'modal-close',
        onclick: () => ctx.onClose(view.id),
        html: view.close ? plain(view.close) : 'Cancel',
      }),
      submit,
    ),
  );
  root.replaceChildren(h('div', { class: 'modal-overlay' }, form));
  const first = form.querySelector('input, textarea, select');
  if (first && !values) first.focus();
  return key;
}
