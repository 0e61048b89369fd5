// The supervisor view: polls GET /v1/supervisor and GET /v1/schedules and keeps waits and deadlines ticking between polls.
import { api, el, clock, timeOfDay, humanize } from '/js/api.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 2000;
let board = null;
let schedules = [];
let offsetMs = 0; // server clock minus ours, from the board's own "now"

async function poll() {
  try {
    const started = Date.now();
    [board, schedules] = await Promise.all([api('GET', '/v1/supervisor'), api('GET', '/v1/schedules')]);
    offsetMs = Date.parse(board.now) - (started + Date.now()) / 2;
    $('connection').className = 'connection live';
    $('connection').textContent = `updated ${new Date().toLocaleTimeString()}`;
    render();
  } catch (error) {
    $('connection').className = 'connection down';
    $('connection').textContent = `not updating: ${error.message}`;
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

const serverNow = () => Date.now() + offsetMs;

function table(caption, headers, rows, empty) {
  if (rows.length === 0) return el('p', { class: 'hint' }, empty);
  return el('table', {},
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', class: h.num ? 'num' : undefined }, h.text ?? h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c, i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : { class: headers[i].num ? 'num' : undefined }, c))))));
}

/** How many wait, against the queue's cap when it has one: a full queue turns the next customer away. */
function waitingChip(queue) {
  const max = queue.stats?.maxWaiting;
  if (max === null || max === undefined) return el('span', { class: 'chip' }, `${queue.waiting.length} waiting`);
  const full = queue.waiting.length >= max;
  return el('span', { class: `chip${full ? ' breach' : ''}` }, `${queue.waiting.length} of ${max} waiting${full ? ' — full' : ''}`);
}

/** The queue's figures now and over the last 15 minutes; a service level below its target is highlighted. */
function queueStats(stats) {
  if (!stats) return null;
  const level = stats.serviceLevel === null || stats.serviceLevel === undefined
    ? (stats.serviceLevelTarget ? 'no answers yet' : 'no target')
    : `${Math.round(stats.serviceLevel * 100)}%${stats.serviceLevelTarget ? ` (target ${Math.round(stats.serviceLevelTarget * 100)}%)` : ''}`;
  const tile = (value, label, extra = {}) => el('div', { class: 'tile', ...extra }, el('strong', {}, String(value)), label);
  return el('div', { class: 'tiles queue-stats', role: 'group', 'aria-label': 'Queue statistics' },
    tile(clock(stats.oldestWaitSeconds), 'oldest wait'),
    tile(stats.agentsAvailable, 'agents available'),
    tile(stats.freeCapacity, 'free capacity units'),
    tile(stats.answered15m, 'answered, 15 min'),
    tile(stats.abandoned15m, 'abandoned, 15 min'),
    stats.maxWaiting === null || stats.maxWaiting === undefined ? null : tile(stats.turnedAway15m ?? 0, 'turned away (queue full), 15 min'),
    tile(level, stats.belowTarget ? 'service level — below target' : 'service level',
      { class: `tile service-level${stats.belowTarget ? ' breach' : ''}` }));
}

function render() {
  $('since').textContent = `Counting since ${timeOfDay(board.since)}. This board is kept in memory: it starts again when the service restarts.`;
  $('started').textContent = board.startedLastHour;
  $('acknowledged').textContent = board.acknowledgedLastHour;
  $('cancelled').textContent = board.cancelledLastHour;

  $('queues').replaceChildren(...board.queues.map((queue) => el('div', { class: 'queue', dataset: { queue: queue.name } },
    el('h3', {}, `${queue.name} `, waitingChip(queue), queue.ladder ? el('span', { class: 'hint' }, ` ladder ${queue.ladder}`) : null),
    queueStats(queue.stats),
    table(`Waiting in ${queue.name}`, ['Conversation', 'State', 'Reason', 'Priority', { text: 'Wait', num: true }],
      queue.waiting.map((w) => [w.conversationId, humanize(w.status), humanize(w.reason), humanize(w.priority),
        el('span', { class: 'wait', dataset: { since: w.since } }, clock(w.waitSeconds))]),
      'Nobody waiting.'))));

  $('ladders').replaceChildren(table('Ladders in flight', ['Conversation', 'Queue / ladder', 'Leg', 'Offered to', { text: 'Deadline', num: true }],
    board.ladders.map((l) => [l.conversationId, `${l.queue} / ${l.ladder}`,
      l.leg === null || l.leg === undefined ? 'starting' : `${l.leg + 1} of ${l.legs}${l.pass ? ` (pass ${l.pass + 1})` : ''}`,
      l.offeredTo.length ? l.offeredTo.join(', ') : '—',
      l.deadline ? el('span', { class: 'deadline', dataset: { deadline: l.deadline } }, '') : '—']),
    'No ladder is running.'));

  $('schedules').replaceChildren(table('Who is on call', ['Schedule', 'On call now', 'Until', 'Next', 'Warnings'],
    schedules.map((s) => [s.name,
      s.onCall.length ? s.onCall.join(', ') : el('span', { class: 'chip offline' }, 'nobody'),
      s.until ? new Date(s.until).toLocaleString() : 'no change within 90 days',
      s.next.length ? s.next.join(', ') : 'nobody',
      s.warnings.length ? el('ul', { class: 'warnings' }, s.warnings.map((w) => el('li', {}, w.detail))) : '—']),
    'No on-call schedules yet.'));

  $('agents').replaceChildren(table('Agents and presence', ['Agent', 'Presence', 'Since'],
    board.agents.map((a) => [a.name && a.name !== a.agentId ? `${a.name} (${a.agentId})` : a.agentId,
      el('span', { class: `chip ${a.presence}` }, humanize(a.presence)),
      a.since ? timeOfDay(a.since) : 'before this board started']),
    'No agents yet.'));

  const most = Math.max(1, ...board.reasonsLastHour.map((r) => r.count));
  $('reasons').replaceChildren(board.reasonsLastHour.length === 0
    ? el('p', { class: 'hint' }, 'No escalations in the last hour.')
    : el('ul', { class: 'bars' }, board.reasonsLastHour.map((r) => el('li', {},
      el('span', {}, humanize(r.reason)),
      el('span', { class: 'bar', style: `width: ${(r.count / most) * 100}%`, 'aria-hidden': 'true' }),
      el('span', { class: 'num' }, String(r.count))))));
  tick();
}

function tick() {
  const now = serverNow();
  for (const node of document.querySelectorAll('.wait')) node.textContent = clock((now - Date.parse(node.dataset.since)) / 1000);
  for (const node of document.querySelectorAll('.deadline')) {
    const left = (Date.parse(node.dataset.deadline) - now) / 1000;
    node.textContent = left >= 0 ? `${clock(Math.ceil(left))} left` : `${clock(-left)} over`;
  }
}

setInterval(tick, 500);
poll();
