// Slack's Block Kit limits, enforced loudly: Slack refuses the whole message or view with
// `invalid_blocks` and a `[ERROR] ... [json-pointer:...]` line per problem. Checking them here makes
// the app's renderer mistakes fail in tests instead of in production.

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  url: 3000,
  actionsElements: 25,
  contextElements: 10,
  altText: 2000,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'input',
  'rich_text',
  'markdown',
  'file',
  'video',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problems {
  readonly lines: string[] = [];
  add(message: string, pointer: string): void {
    this.lines.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
}

function checkText(p: Problems, value: unknown, at: string, max: number, plainOnly = false): void {
  if (!isObj(value)) {
    p.add('must provide an object', at);
    return;
  }
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
    p.add(`must be a valid enum value (${plainOnly ? 'plain_text' : 'plain_text, mrkdwn'})`, `${at}/type`);
    return;
  }
  if (typeof value.text !== 'string') {
    p.add('must provide a string', `${at}/text`);
    return;
  }
  if (value.text.length === 0) p.add('must be more than 0 characters', `${at}/text`);
  if (value.text.length > max) p.add(`must be less than ${max + 1} characters`, `${at}/text`);
}

function checkString(p: Problems, value: unknown, at: string, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    p.add('must provide a string', at);
    return;
  }
  if (value.length > max) p.add(`must be less than ${max + 1} characters`, at);
}

function checkElement(p: Problems, el: unknown, at: string, actionIds: Set<string>): void {
  if (!isObj(el)) {
    p.add('must provide an object', at);
    return;
  }
  checkString(p, el.action_id, `${at}/action_id`, LIMITS.actionId);
  if (typeof el.action_id === 'string') {
    if (actionIds.has(el.action_id)) p.add(`duplicate action_id "${el.action_id}"`, `${at}/action_id`);
    actionIds.add(el.action_id);
  }
  if (el.type === 'button') {
    checkText(p, el.text, `${at}/text`, LIMITS.buttonText, true);
    checkString(p, el.value, `${at}/value`, LIMITS.buttonValue);
    checkString(p, el.url, `${at}/url`, LIMITS.url);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      p.add('must be a valid enum value (primary, danger)', `${at}/style`);
    }
  } else if (el.type === 'image') {
    if (typeof el.image_url !== 'string' && !isObj(el.slack_file)) p.add('must provide image_url', at);
    checkString(p, el.alt_text, `${at}/alt_text`, LIMITS.altText);
  } else if (typeof el.type !== 'string') {
    p.add('must provide a type', `${at}/type`);
  }
}

function checkBlock(p: Problems, block: unknown, at: string, blockIds: Set<string>): void {
  if (!isObj(block)) {
    p.add('must provide an object', at);
    return;
  }
  if (typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) {
    p.add(`unsupported type: ${String(block.type)}`, `${at}/type`);
    return;
  }
  checkString(p, block.block_id, `${at}/block_id`, LIMITS.blockId);
  if (typeof block.block_id === 'string') {
    if (blockIds.has(block.block_id)) p.add(`duplicate block_id "${block.block_id}"`, `${at}/block_id`);
    blockIds.add(block.block_id);
  }
  const actionIds = new Set<string>();
  switch (block.type) {
    case 'header':
      checkText(p, block.text, `${at}/text`, LIMITS.headerText, true);
      return;
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        p.add('must provide either text or fields', at);
        return;
      }
      if (block.text !== undefined) checkText(p, block.text, `${at}/text`, LIMITS.sectionText);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) {
          p.add('must provide an array', `${at}/fields`);
          return;
        }
        if (block.fields.length > LIMITS.fields) {
          p.add(`must be less than ${LIMITS.fields + 1} items`, `${at}/fields`);
        }
        block.fields.forEach((f, i) => {
          checkText(p, f, `${at}/fields/${i}`, LIMITS.fieldText);
        });
      }
      if (block.accessory !== undefined) checkElement(p, block.accessory, `${at}/accessory`, actionIds);
      return;
    }
    case 'actions':
    case 'context': {
      const max = block.type === 'actions' ? LIMITS.actionsElements : LIMITS.contextElements;
      if (!Array.isArray(block.elements) || block.elements.length === 0) {
        p.add('must provide a non-empty array', `${at}/elements`);
        return;
      }
      if (block.elements.length > max) p.add(`must be less than ${max + 1} items`, `${at}/elements`);
      block.elements.forEach((el, i) => {
        const elAt = `${at}/elements/${i}`;
        if (block.type === 'actions' || (isObj(el) && el.type === 'image'))
          checkElement(p, el, elAt, actionIds);
        else checkText(p, el, elAt, LIMITS.sectionText);
      });
      return;
    }
    case 'image':
      checkElement(p, { ...block, type: 'image' }, at, actionIds);
      return;
    case 'input':
      checkText(p, block.label, `${at}/label`, 2000, true);
      if (!isObj(block.element)) {
        p.add('must provide an object', `${at}/element`);
        return;
      }
      checkElement(p, block.element, `${at}/element`, actionIds);
      return;
    default:
      return;
  }
}

/** Problems with a blocks array, as Slack words them; empty when Slack would accept it. */
export function blockProblems(blocks: unknown, maxBlocks: number, pointer = '/blocks'): string[] {
  const p = new Problems();
  if (!Array.isArray(blocks)) {
    p.add('must provide an array', pointer);
    return p.lines;
  }
  if (blocks.length > maxBlocks) p.add(`no more than ${maxBlocks} items allowed`, pointer);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    checkBlock(p, b, `${pointer}/${i}`, blockIds);
  });
  return p.lines;
}

/** Problems with a modal or Home tab view object (views.open/update/push/publish). */
export function viewProblems(view: unknown, expected: 'modal' | 'home'): string[] {
  const p = new Problems();
  if (!isObj(view)) {
    p.add('must provide an object', '/view');
    return p.lines;
  }
  if (view.type !== expected) p.add(`must be a valid enum value (${expected})`, '/view/type');
  if (expected === 'modal') {
    checkText(p, view.title, '/view/title', LIMITS.viewTitle, true);
    if (view.submit !== undefined) checkText(p, view.submit, '/view/submit', LIMITS.viewTitle, true);
    if (view.close !== undefined) checkText(p, view.close, '/view/close', LIMITS.viewTitle, true);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      p.add('submit is required when an input block is present', '/view');
  }
  checkString(p, view.private_metadata, '/view/private_metadata', LIMITS.privateMetadata);
  checkString(p, view.callback_id, '/view/callback_id', LIMITS.callbackId);
  return [...p.lines, ...blockProblems(view.blocks, LIMITS.viewBlocks, '/view/blocks')];
}
