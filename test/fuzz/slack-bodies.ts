import fc from 'fast-check';
import { HOSTILE_WORDS } from './hostile-words.js';
import { buttonValue, privateMetadata, stateValues } from './payload-values.js';
import { asInteraction, FORM, JSON_TYPE, ODD_BODIES, type SlackBody } from './slack-body.js';

// Request bodies to /slack/events as a client holding the signing secret could send them: Slack's
// shapes (block_actions, view_submission, view_closed, events, slash commands), damaged ones, and
// bodies that are no payload at all. None names a request, watch or milestone that exists, and no
// words are actions: whatever they ask, the state store must not change.

const hostile = fc.constantFrom(...HOSTILE_WORDS);

const userId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('U0OPS', 'U0LEAD1', 'U0LEAD2', 'U0RANDO') },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'U'.repeat(300), 'USLACKBOT'), hostile) },
);
const channelId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('C0OPS', 'C0QUIET') },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'D0DM', 'CNOPE'), hostile) },
);
const ACTION_IDS = [
  'gate:approve',
  'gate:reject',
  'rerun:confirm',
  'rerun:cancel',
  'rerun:approve',
  'milestone:promote',
  'milestone:keep',
  'milestone:retrain',
  'watch:stop',
  'followup:0',
  'followup:12',
  'more',
];
const actionId = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ACTION_IDS) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom('gate:approve2', 'followup:', 'followup:x', 'x'.repeat(300), ''),
      hostile,
    ),
  },
);

/** Slack's payload with one thing damaged: a field dropped, nulled or given another type. */
function damaged(payload: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(payload);
  const odd = fc.constantFrom(null, '', 0, 'x', [], {}, true, [{}]);
  return fc.oneof(
    fc
      .constantFrom(...keys)
      .map((key) => Object.fromEntries(Object.entries(payload).filter(([k]) => k !== key))),
    fc.tuple(fc.constantFrom(...keys), odd).map(([key, value]) => ({ ...payload, [key]: value })),
  );
}

const blockActions = fc
  .record({
    user: userId,
    channel: channelId,
    action: actionId,
    value: fc.oneof({ weight: 6, arbitrary: buttonValue }, { weight: 1, arbitrary: fc.jsonValue() }),
    home: fc.integer({ min: 0, max: 5 }),
    n: fc.nat(),
  })
  .map(({ user, channel, action, value, home, n }) => ({
    type: 'block_actions',
    user: { id: user, username: 'fuzz', team_id: 'T0STANDIN' },
    api_app_id: 'A0STANDIN',
    team: { id: 'T0STANDIN', domain: 'standin' },
    trigger_id: `fuzz.${n}`,
    ...(home === 0
      ? { view: { id: 'V0HOME', type: 'home' }, container: { type: 'view', view_id: 'V0HOME' } }
      : {
          channel: { id: channel, name: 'ops' },
          container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel },
        }),
    actions: [{ type: 'button', action_id: action, block_id: 'b', value, action_ts: `1700000000.${n}` }],
  }));

const viewSubmission = fc
  .record({
    user: userId,
    callback: fc.constantFrom('gate.vote', 'rerun.confirm', 'gate.vote', 'rerun.confirm', 'unknown.form', ''),
    gateMeta: privateMetadata('gate.vote'),
    rerunMeta: privateMetadata('rerun.confirm'),
    values: stateValues,
    n: fc.nat(),
  })
  .map(({ user, callback, gateMeta, rerunMeta, values, n }) => ({
    type: 'view_submission',
    user: { id: user, username: 'fuzz', team_id: 'T0STANDIN' },
    api_app_id: 'A0STANDIN',
    team: { id: 'T0STANDIN', domain: 'standin' },
    trigger_id: `fuzz.view.${n}`,
    view: {
      id: `V0FUZZ${n}`,
      type: 'modal',
      callback_id: callback,
      private_metadata: callback === 'rerun.confirm' ? rerunMeta : gateMeta,
      state: { values },
    },
  }));

const viewClosed = fc.record({ user: userId, n: fc.nat() }).map(({ user, n }) => ({
  type: 'view_closed',
  user: { id: user },
  view: { id: `V0FUZZ${n}`, callback_id: 'gate.vote' },
  is_cleared: false,
}));

const otherInteraction = fc
  .record({
    type: fc.constantFrom(
      'shortcut',
      'message_action',
      'block_suggestion',
      'interactive_message',
      'dialog_submission',
      'x',
    ),
    user: userId,
  })
  .map(({ type, user }) => ({
    type,
    user: { id: user },
    callback_id: 'nope',
    trigger_id: 't',
    action_ts: '1',
  }));

const interaction = fc.oneof(
  { weight: 5, arbitrary: blockActions },
  { weight: 4, arbitrary: viewSubmission },
  { weight: 1, arbitrary: viewClosed },
  { weight: 1, arbitrary: otherInteraction },
);

const eventBody = fc
  .record({
    event: fc.oneof(
      fc
        .record({ user: userId, tab: fc.constantFrom('home', 'home', 'messages', null), n: fc.nat() })
        .map(({ user, tab, n }) => ({
          type: 'app_home_opened',
          user,
          channel: 'D0HOME',
          tab,
          event_ts: `1700000000.${n}`,
        })),
      fc.constantFrom(
        { type: 'message', text: 'hi' },
        { type: 'app_mention', user: 'U0OPS' },
        { type: '' },
        {},
      ),
    ),
    n: fc.nat(),
  })
  .map(({ event, n }) => ({
    type: 'event_callback',
    team_id: 'T0STANDIN',
    api_app_id: 'A0STANDIN',
    event,
    event_id: `Ev0FUZZ${n}`,
    event_time: 1_700_000_000,
  }));

const slashCommand = fc
  .record({
    text: fc.oneof(
      hostile,
      fc.array(hostile, { maxLength: 4 }).map((w) => w.join(' ')),
      fc.string({ maxLength: 50 }),
    ),
    user: userId,
    channel: channelId,
    command: fc.constantFrom('/backfill', '/backfill', '/backfill', '/other', ''),
    n: fc.nat(),
  })
  .map(({ text, user, channel, command, n }) => ({
    command,
    text,
    user_id: user,
    user_name: 'fuzz',
    channel_id: channel,
    team_id: 'T0STANDIN',
    trigger_id: `fuzz.cmd.${n}`,
  }));

/** Every kind of body, the response_url filled in by the sender (it must point at the stand-in). */
export const slackBody = (responseUrl: string): fc.Arbitrary<SlackBody> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: interaction.map((p) => asInteraction(`${p.type}`, { ...p, response_url: responseUrl })),
    },
    {
      weight: 3,
      arbitrary: interaction
        .chain((p) => damaged({ ...p, response_url: responseUrl }))
        .map((p) => asInteraction(`damaged ${String(p.type)}`, p)),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            'null',
            '[]',
            '{',
            '',
            '123',
            '"s"',
            'undefined',
            '{"type":null}',
            '{"type":"block_actions"}',
            'x'.repeat(5_000),
          ),
          hostile,
          fc.jsonValue().map((v) => JSON.stringify(v)),
        )
        .map((raw) => asInteraction('payload not ours', raw)),
    },
    {
      weight: 2,
      arbitrary: eventBody.map((e) => ({
        what: `event ${e.event.type ?? '?'}`,
        contentType: JSON_TYPE,
        body: JSON.stringify(e),
      })),
    },
    {
      weight: 1,
      arbitrary: eventBody
        .chain(damaged)
        .map((e) => ({ what: 'damaged event', contentType: JSON_TYPE, body: JSON.stringify(e) })),
    },
    {
      weight: 2,
      arbitrary: slashCommand.map((c) => ({
        what: `slash command ${c.command}`,
        contentType: FORM,
        body: new URLSearchParams({ ...c, response_url: responseUrl }).toString(),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...ODD_BODIES),
    },
  );
